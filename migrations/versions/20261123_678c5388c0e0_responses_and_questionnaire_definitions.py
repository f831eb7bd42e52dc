"""responses and questionnaire definitions

Revision ID: 678c5388c0e0
Revises: (none)
Create Date: 2026-11-23 12:50:27.496394
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "678c5388c0e0"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_definitions",
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_questionnaire_definitions")),
    )
    with op.batch_alter_table("questionnaire_definitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_definitions_questionnaire_id"),
            ["questionnaire_id"],
            unique=False,
        )

    op.create_table(
        "responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=64), nullable=False),
        sa.Column("questionnaire_version", sa.Integer(), nullable=False),
        sa.Column("definition_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["definition_hash"],
            ["questionnaire_definitions.hash"],
            name=op.f("fk_responses_definition_hash_questionnaire_definitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_responses_questionnaire_id"), ["questionnaire_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responses_questionnaire_id"))

    op.drop_table("responses")
    with op.batch_alter_table("questionnaire_definitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_definitions_questionnaire_id"))

    op.drop_table("questionnaire_definitions")
