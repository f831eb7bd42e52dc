"""inventories: the task catalogue's stored versions, inventories and their participations

Revision ID: 7c1e0a5b3d21
Revises: 5e0c1b7a9d42
Create Date: 2026-12-01 11:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "7c1e0a5b3d21"
down_revision: str | None = "5e0c1b7a9d42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogue_definitions",
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("catalogue_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_catalogue_definitions")),
    )
    with op.batch_alter_table("catalogue_definitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_definitions_catalogue_id"), ["catalogue_id"], unique=False
        )

    op.create_table(
        "inventories",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("catalogue_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("catalogue_version", sa.Integer(), nullable=False),
        sa.Column("definition_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("min_respondents", sa.Integer(), nullable=False),
        sa.Column("manage_token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column(
            "participate_token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column("authority_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("school_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authorities.id"],
            name=op.f("fk_inventories_authority_id_authorities"),
        ),
        sa.ForeignKeyConstraint(
            ["definition_hash"],
            ["catalogue_definitions.hash"],
            name=op.f("fk_inventories_definition_hash_catalogue_definitions"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_inventories_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventories")),
        sa.UniqueConstraint("manage_token_hash", name=op.f("uq_inventories_manage_token_hash")),
        sa.UniqueConstraint(
            "participate_token_hash", name=op.f("uq_inventories_participate_token_hash")
        ),
    )
    with op.batch_alter_table("inventories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inventories_authority_id"), ["authority_id"], unique=False
        )

    op.create_table(
        "participations",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("inventory_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["inventories.id"],
            name=op.f("fk_participations_inventory_id_inventories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participations")),
    )
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participations_inventory_id"), ["inventory_id"], unique=False
        )

    op.create_table(
        "participation_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("task_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("tenths", sa.Integer(), nullable=False),
        sa.Column("energy", sa.Integer(), nullable=False),
        sa.Column("teacher", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_participation_answers_participation_id_participations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_answers")),
        sa.UniqueConstraint(
            "participation_id", "task_id", name=op.f("uq_participation_answers_participation_id")
        ),
    )
    with op.batch_alter_table("participation_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participation_answers_participation_id"),
            ["participation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("participation_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participation_answers_participation_id"))

    op.drop_table("participation_answers")
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participations_inventory_id"))

    op.drop_table("participations")
    with op.batch_alter_table("inventories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventories_authority_id"))

    op.drop_table("inventories")
    with op.batch_alter_table("catalogue_definitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_definitions_catalogue_id"))

    op.drop_table("catalogue_definitions")
