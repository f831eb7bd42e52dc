"""invitation tokens as hashes

Links are now derived from the site's secret key (app.authorities.links), so no token is
stored. Links issued before keep working: each is kept as the SHA-256 of its token.

Revision ID: 5e0c1b7a9d42
Revises: d72a82098ab1
Create Date: 2026-12-01 10:05:00.000000
"""

import hashlib
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e0c1b7a9d42"
down_revision: str | None = "d72a82098ab1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legacy_token_hash", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, token FROM invitations")).all()
    hashed = [
        {"id": id_, "hash": hashlib.sha256(token.encode()).hexdigest()} for id_, token in rows
    ]
    for start in range(0, len(hashed), BATCH):
        connection.execute(
            sa.text("UPDATE invitations SET legacy_token_hash = :hash WHERE id = :id"),
            hashed[start : start + BATCH],
        )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_invitations_token"), type_="unique")
        batch_op.drop_column("token")
        batch_op.create_unique_constraint(
            batch_op.f("uq_invitations_legacy_token_hash"), ["legacy_token_hash"]
        )


def downgrade() -> None:
    # The tokens themselves were never kept: every invitation gets a new random token, so
    # links issued before the downgrade stop working.
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    ids = connection.execute(sa.text("SELECT id FROM invitations")).scalars().all()
    tokens = [{"id": id_, "token": secrets.token_urlsafe(32)} for id_ in ids]
    for start in range(0, len(tokens), BATCH):
        connection.execute(
            sa.text("UPDATE invitations SET token = :token WHERE id = :id"),
            tokens[start : start + BATCH],
        )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_invitations_legacy_token_hash"), type_="unique")
        batch_op.drop_column("legacy_token_hash")
        batch_op.alter_column("token", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_invitations_token"), ["token"])
