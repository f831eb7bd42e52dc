"""inventories: workshops 2 to 4 and the action plan as documents; staff count and
the self-check result an inventory started from

Revision ID: 56cb39aa144e
Revises: 8d2f1b6c4e32
Create Date: 2026-12-01 14:38:41
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "56cb39aa144e"
down_revision: str | None = "8d2f1b6c4e32"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inventory_records",
        sa.Column("inventory_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["inventories.id"],
            name=op.f("fk_inventory_records_inventory_id_inventories"),
        ),
        sa.PrimaryKeyConstraint("inventory_id", "kind", name=op.f("pk_inventory_records")),
    )
    with op.batch_alter_table("inventories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("selfcheck_result_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inventories", schema=None) as batch_op:
        batch_op.drop_column("selfcheck_result_id")
        batch_op.drop_column("staff_count")

    op.drop_table("inventory_records")
