"""The loaded questionnaire versions, and which version of each is current."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.core import errors
from app.core.questionnaires.loader import (
    DEFAULT_MAX_BYTES,
    Problem,
    definition_hash,
    load_files,
    questionnaire_files,
)
from app.core.questionnaires.schema import Questionnaire


@dataclass(frozen=True)
class QuestionnaireVersion:
    questionnaire: Questionnaire
    hash: str
    source: str = ""

    @classmethod
    def of(cls, questionnaire: Questionnaire, source: str = "") -> QuestionnaireVersion:
        return cls(questionnaire, definition_hash(questionnaire), source)


@dataclass(frozen=True)
class Catalog:
    versions: tuple[QuestionnaireVersion, ...] = ()
    _by_key: dict[tuple[str, int], QuestionnaireVersion] = field(init=False, repr=False)
    _current: dict[str, QuestionnaireVersion] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_key = {(v.questionnaire.id, v.questionnaire.version): v for v in self.versions}
        current: dict[str, QuestionnaireVersion] = {}
        for (qid, version), entry in sorted(by_key.items()):
            if qid not in current or version > current[qid].questionnaire.version:
                current[qid] = entry
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_current", current)

    @classmethod
    def from_questionnaires(cls, questionnaires: Iterable[Questionnaire]) -> Catalog:
        return cls(tuple(QuestionnaireVersion.of(q) for q in questionnaires))

    @classmethod
    def load(cls, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Catalog:
        """Every `*.yaml` under `directory`; raises `QuestionnaireError` on any problem."""
        return cls.from_files(load_files(questionnaire_files([directory]), max_bytes))

    @classmethod
    def from_files(cls, loaded: Mapping[Path, Questionnaire]) -> Catalog:
        return cls(tuple(QuestionnaireVersion.of(q, str(path)) for path, q in loaded.items()))

    def pinned(
        self, stored: Mapping[tuple[str, int], QuestionnaireVersion]
    ) -> tuple[Catalog, list[Problem]]:
        """This catalog with every version that already has responses as it was stored.

        A version that respondents have answered must never change under their results: a
        file that differs from the stored definition is refused (with a problem that says to
        add a new version) and the stored definition is served in its place.
        """
        versions: list[QuestionnaireVersion] = []
        problems: list[Problem] = []
        for version in self.versions:
            key = (version.questionnaire.id, version.questionnaire.version)
            kept = stored.get(key)
            if kept is None or kept.hash == version.hash:
                versions.append(version)
                continue
            problems.append(
                Problem(
                    version.source or "<questionnaire>",
                    1,
                    1,
                    errors.ANSWERED_VERSION_CHANGED.message(
                        id=key[0], version=key[1], next=key[1] + 1
                    ),
                )
            )
            versions.append(QuestionnaireVersion(kept.questionnaire, kept.hash, version.source))
        return Catalog(tuple(versions)), problems

    def all_versions(self, questionnaire_id: str) -> list[QuestionnaireVersion]:
        """Every loaded version of a questionnaire, oldest first."""
        found = [v for v in self.versions if v.questionnaire.id == questionnaire_id]
        return sorted(found, key=lambda v: v.questionnaire.version)

    def current(self, questionnaire_id: str) -> QuestionnaireVersion | None:
        return self._current.get(questionnaire_id)

    def get(self, questionnaire_id: str, version: int) -> QuestionnaireVersion | None:
        return self._by_key.get((questionnaire_id, version))

    def current_versions(self) -> list[QuestionnaireVersion]:
        """Current versions, principal track first, then by id."""
        order = {"principal": 0, "authority": 1}
        return sorted(
            self._current.values(),
            key=lambda v: (order[v.questionnaire.audience], v.questionnaire.id),
        )
