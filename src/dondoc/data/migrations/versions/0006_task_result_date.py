"""task result date: the date a task's result text gives, stored so SQL counts done late apart from on time

Revision ID: 0006_task_result_date
Revises: 0005_signin_links
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from dondoc.nlp.periods import completion_date

revision = "0006_task_result_date"
down_revision = "0005_signin_links"
branch_labels = None
depends_on = None

_CHUNK = 5000


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("result_date", sa.Date(), nullable=True))
    tasks = sa.table(
        "tasks", sa.column("id", sa.Integer), sa.column("status_text", sa.Text), sa.column("result_date", sa.Date)
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(tasks.c.id, tasks.c.status_text).where(tasks.c.status_text.is_not(None)))
    dated = [{"task_id": task_id, "day": day} for task_id, text in rows if (day := completion_date(text))]
    statement = tasks.update().where(tasks.c.id == sa.bindparam("task_id")).values(result_date=sa.bindparam("day"))
    for start in range(0, len(dated), _CHUNK):
        connection.execute(statement, dated[start : start + _CHUNK])


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("result_date")
