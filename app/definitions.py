"""Questionnaire versions by content hash: from the loaded files, else as stored in the database.

A stored definition never changes (the hash is of its content), so each is cached for good.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from app import storage
from app.cache import ImmutableCache
from app.db import transaction
from app.models import QuestionnaireDefinition
from app.questionnaires import Catalog, Questionnaire, QuestionnaireVersion


class DefinitionStore:
    def __init__(self, engine: Engine, catalog: Catalog) -> None:
        self.engine = engine
        self.catalog = catalog
        self._cache: ImmutableCache[str, QuestionnaireVersion] = ImmutableCache(256)

    def get(self, definition_hash: str) -> QuestionnaireVersion | None:
        return self._cache.get_or_make(definition_hash, lambda: self._find(definition_hash))

    def _find(self, definition_hash: str) -> QuestionnaireVersion | None:
        for version in self.catalog.versions:
            if version.hash == definition_hash:
                return version
        with transaction(self.engine) as session:
            questionnaire = storage.get_definition(session, definition_hash)
        return (
            None if questionnaire is None else QuestionnaireVersion(questionnaire, definition_hash)
        )


def stored_versions(engine: Engine) -> dict[tuple[str, int], QuestionnaireVersion]:
    """Every questionnaire version that responses or rounds were made against."""
    with transaction(engine) as session:
        rows = session.execute(
            select(QuestionnaireDefinition.hash, QuestionnaireDefinition.definition)
        ).all()
    versions = (QuestionnaireVersion(Questionnaire.model_validate(d), h) for h, d in rows)
    return {(v.questionnaire.id, v.questionnaire.version): v for v in versions}
