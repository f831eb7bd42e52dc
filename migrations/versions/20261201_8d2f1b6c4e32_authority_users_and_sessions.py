"""authority users, their one-time password links and their sign-in sessions

Revision ID: 8d2f1b6c4e32
Revises: 7c1e0a5b3d21
Create Date: 2026-12-01 11:41:00.000000
"""

from collections.abc import Sequence

revision: str = "8d2f1b6c4e32"
down_revision: str | None = "7c1e0a5b3d21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
