"""ingest identity: a source's kind, number and issuer; where a task's deadline was read

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("number", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("issuer", sa.String(length=255), nullable=True))
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline_source", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("deadline_source")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("issuer")
        batch_op.drop_column("number")
        batch_op.drop_column("kind")
