"""signin links: one-time web sign-in links that were used, so every web process honours "once"

Revision ID: 0005_signin_links
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_signin_links"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signin_links",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nonce"),
    )
    op.create_index("ix_signin_links_expires_at", "signin_links", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_signin_links_expires_at", table_name="signin_links")
    op.drop_table("signin_links")
