"""idempotency keys

Revision ID: d72a82098ab1
Revises: aaaccd8a4342
Create Date: 2026-12-01 09:32:17.076478
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d72a82098ab1"
down_revision: str | None = "aaaccd8a4342"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_idempotency_keys")),
    )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
