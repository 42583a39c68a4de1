"""Alembic environment: runs on the connection dondoc hands over, against the package's metadata."""

from alembic import context

from dondoc.data.models import Base

connection = context.config.attributes["connection"]  # the caller's open connection (`dondoc.data.db`)
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
