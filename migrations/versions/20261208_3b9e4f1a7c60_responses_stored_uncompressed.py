"""responses: rows of up to half a page are stored as they are, not compressed

On PostgreSQL a row over about 2 KB is compressed before it is stored (TOAST), and a
self-check response is about 2.6 KB: the server compressed every submitted row, which took
about a tenth of its work per submission (docs/deploy.md), and decompressed it again for
every read. `toast_tuple_target` raises that size for this table. SQLite stores rows as they
are anyway.

Revision ID: 3b9e4f1a7c60
Revises: 56cb39aa144e
Create Date: 2026-12-08 02:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3b9e4f1a7c60"
down_revision: str | None = "56cb39aa144e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Half of PostgreSQL's 8 KB page: a row more than twice today's size is still compressed.
UNCOMPRESSED_UP_TO = 4080


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE responses SET (toast_tuple_target = {UNCOMPRESSED_UP_TO})")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TABLE responses RESET (toast_tuple_target)")
