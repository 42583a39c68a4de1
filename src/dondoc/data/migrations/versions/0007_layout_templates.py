"""layout templates: hand-made readings of report layouts no rule reads, keyed by the layout's signature

Revision ID: 0007_layout_templates
Revises: 0006_task_result_date
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_layout_templates"
down_revision = "0006_task_result_date"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "layout_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=True),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("signature"),
    )


def downgrade() -> None:
    op.drop_table("layout_templates")
