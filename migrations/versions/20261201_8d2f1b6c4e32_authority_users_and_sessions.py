"""authority users, their one-time password links and their sign-in sessions

Revision ID: 8d2f1b6c4e32
Revises: 7c1e0a5b3d21
Create Date: 2026-12-01 11:41:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8d2f1b6c4e32"
down_revision: str | None = "7c1e0a5b3d21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "authority_users",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("authority_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authorities.id"],
            name=op.f("fk_authority_users_authority_id_authorities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authority_users")),
        sa.UniqueConstraint("email", name=op.f("uq_authority_users_email")),
    )
    with op.batch_alter_table("authority_users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_authority_users_authority_id"), ["authority_id"], unique=False
        )

    op.create_table(
        "authority_password_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["authority_users.id"],
            name=op.f("fk_authority_password_links_user_id_authority_users"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_authority_password_links")),
    )
    with op.batch_alter_table("authority_password_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_authority_password_links_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "authority_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["authority_users.id"],
            name=op.f("fk_authority_sessions_user_id_authority_users"),
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_authority_sessions")),
    )
    with op.batch_alter_table("authority_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_authority_sessions_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("authority_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authority_sessions_user_id"))
    op.drop_table("authority_sessions")
    with op.batch_alter_table("authority_password_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authority_password_links_user_id"))
    op.drop_table("authority_password_links")
    with op.batch_alter_table("authority_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authority_users_authority_id"))
    op.drop_table("authority_users")
