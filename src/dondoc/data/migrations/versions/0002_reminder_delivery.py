"""reminder delivery: retry time and claimer on the ledger, per-task snoozes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminder_ledger", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_reminder_ledger_day", ["day"], unique=False)

    op.create_table(
        "reminder_snoozes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "chat_id", "task_id"),
    )
    with op.batch_alter_table("reminder_snoozes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_snoozes_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminder_snoozes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_snoozes_task_id"))
    op.drop_table("reminder_snoozes")
    with op.batch_alter_table("reminder_ledger", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_ledger_day")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("next_attempt_at")
