"""inventories: the task catalogue's stored versions, inventories and their participations

Revision ID: 7c1e0a5b3d21
Revises: 5e0c1b7a9d42
Create Date: 2026-12-01 11:40:00.000000
"""

from collections.abc import Sequence

revision: str = "7c1e0a5b3d21"
down_revision: str | None = "5e0c1b7a9d42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
