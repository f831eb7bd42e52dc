"""The loaded catalogue versions, and which version of each is current."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.core import errors
from app.core.catalogues.loader import catalogue_hash, load_catalogue_files
from app.core.catalogues.schema import Catalogue
from app.core.questionnaires.loader import DEFAULT_MAX_BYTES, questionnaire_files
from app.core.questionnaires.problems import Problem


@dataclass(frozen=True)
class CatalogueVersion:
    catalogue: Catalogue
    hash: str
    source: str = ""

    @classmethod
    def of(cls, catalogue: Catalogue, source: str = "") -> CatalogueVersion:
        return cls(catalogue, catalogue_hash(catalogue), source)


@dataclass(frozen=True)
class Catalogues:
    versions: tuple[CatalogueVersion, ...] = ()
    _by_key: dict[tuple[str, int], CatalogueVersion] = field(init=False, repr=False)
    _current: dict[str, CatalogueVersion] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_key = {(v.catalogue.id, v.catalogue.version): v for v in self.versions}
        current: dict[str, CatalogueVersion] = {}
        for (cid, version), entry in sorted(by_key.items()):
            if cid not in current or version > current[cid].catalogue.version:
                current[cid] = entry
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_current", current)

    @classmethod
    def load(cls, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Catalogues:
        """Every `*.yaml` under `directory` (none if it does not exist); raises
        `QuestionnaireError` on any problem."""
        files = questionnaire_files([directory]) if directory.exists() else []
        return cls.from_files(load_catalogue_files(files, max_bytes))

    @classmethod
    def from_files(cls, loaded: Mapping[Path, Catalogue]) -> Catalogues:
        return cls(tuple(CatalogueVersion.of(c, str(path)) for path, c in loaded.items()))

    def pinned(
        self, stored: Mapping[tuple[str, int], CatalogueVersion]
    ) -> tuple[Catalogues, list[Problem]]:
        """These catalogues with every version that inventories use as it was stored: a file
        that changes one is refused, and the stored definition is served in its place."""
        versions: list[CatalogueVersion] = []
        problems: list[Problem] = []
        for version in self.versions:
            key = (version.catalogue.id, version.catalogue.version)
            kept = stored.get(key)
            if kept is None or kept.hash == version.hash:
                versions.append(version)
                continue
            message = errors.CATALOGUE_VERSION_IN_USE.message(
                id=key[0], version=key[1], next=key[1] + 1
            )
            problems.append(Problem(version.source or "<catalogue>", 1, 1, message))
            versions.append(CatalogueVersion(kept.catalogue, kept.hash, version.source))
        return Catalogues(tuple(versions)), problems

    def current(self, catalogue_id: str) -> CatalogueVersion | None:
        return self._current.get(catalogue_id)

    def get(self, catalogue_id: str, version: int) -> CatalogueVersion | None:
        return self._by_key.get((catalogue_id, version))

    def by_hash(self, definition_hash: str) -> CatalogueVersion | None:
        return next((v for v in self.versions if v.hash == definition_hash), None)

    def current_versions(self) -> list[CatalogueVersion]:
        return sorted(self._current.values(), key=lambda v: v.catalogue.id)
