"""Questionnaire versions by content hash: the loaded files first, else as stored in the database.

Every feature that pins a version (a response, a survey round) stores its definition here, so
a result renders the same forever, even after its file changes or disappears. A stored
definition never changes (the hash is of its content), so each is cached for good.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, select
from sqlmodel import Field, Session, SQLModel, col

from app.core.questionnaires import Catalog, Questionnaire, QuestionnaireVersion
from app.platform.cache import ImmutableCache
from app.platform.tables import insert_unless_there, timestamp, utc_now


class QuestionnaireDefinition(SQLModel, table=True):
    """A questionnaire version as it was when responses were made to it, keyed by content hash."""

    __tablename__ = "questionnaire_definitions"

    hash: str = Field(primary_key=True, max_length=64)
    questionnaire_id: str = Field(max_length=64, index=True)
    version: int
    definition: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp()


class DefinitionStore:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._cache: ImmutableCache[str, QuestionnaireVersion] = ImmutableCache(256)

    def get(self, session: Session, definition_hash: str) -> QuestionnaireVersion | None:
        """The version with that hash; `session` is only used when it is not yet known."""
        return self._cache.get_or_make(
            definition_hash, lambda: self._find(session, definition_hash)
        )

    def _find(self, session: Session, definition_hash: str) -> QuestionnaireVersion | None:
        for version in self.catalog.versions:
            if version.hash == definition_hash:
                return version
        row = session.get(QuestionnaireDefinition, definition_hash)
        if row is None:
            return None
        return QuestionnaireVersion(Questionnaire.model_validate(row.definition), definition_hash)


def ensure_definition(session: Session, version: QuestionnaireVersion) -> None:
    """Store the definition under its hash unless it is there; safe when workers race."""
    values = {
        "hash": version.hash,
        "questionnaire_id": version.questionnaire.id,
        "version": version.questionnaire.version,
        "definition": version.questionnaire.model_dump(mode="json"),
        "created_at": utc_now(),
    }
    insert_unless_there(session, QuestionnaireDefinition, "hash", values)


def stored_versions(session: Session) -> dict[tuple[str, int], QuestionnaireVersion]:
    """Every questionnaire version that responses or rounds were made against."""
    rows = session.execute(
        select(col(QuestionnaireDefinition.hash), col(QuestionnaireDefinition.definition))
    ).all()
    versions = (QuestionnaireVersion(Questionnaire.model_validate(d), h) for h, d in rows)
    return {(v.questionnaire.id, v.questionnaire.version): v for v in versions}
