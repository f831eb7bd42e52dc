"""Picking up task catalogue changes while the service runs, as the questionnaires do
(app.selfcheck.reloading): watched with them (app.platform.reloading), a sound folder swapped in
whole, a version that inventories use kept as stored, and problems logged and kept in
`AppState.catalogue_problems`."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from app.core import errors
from app.core.catalogues import Catalogues
from app.core.questionnaires import QuestionnaireError
from app.inventory.queries import stored_catalogue_versions
from app.platform.reloading import Fingerprint, fingerprint
from app.platform.state import AppState

logger = logging.getLogger("koll.catalogues")


class CatalogueReloader:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self.directory = state.settings.catalogues_dir
        self._seen: Fingerprint | None = self._fingerprint()

    def _fingerprint(self) -> Fingerprint:
        return fingerprint(self.directory)

    def poll(self) -> None:
        try:
            current = self._fingerprint()
        except Exception as error:
            self._seen = None
            self._fail(error)
            return
        if current != self._seen:
            self._seen = current
            self.reload()

    def reload(self) -> bool:
        """Never raises: the previous catalogues keep being served on any problem."""
        try:
            files = Catalogues.load(self.directory, self.state.settings.questionnaire_max_bytes)
        except QuestionnaireError as error:
            self.state.catalogue_problems = [str(problem) for problem in error.problems]
            for problem in error.problems:
                logger.error("catalogue file invalid, previous catalogues kept: %s", problem)
            return False
        except Exception as error:
            self._fail(error)
            return False
        return self.pin_and_swap(files)

    def pin_and_swap(self, files: Catalogues) -> bool:
        try:
            with self.state.db.transaction() as session:
                stored = stored_catalogue_versions(session)
        except SQLAlchemyError as error:
            self._seen = None
            self._fail(error)
            return False
        catalogues, problems = files.pinned(stored)
        self.state.catalogues = catalogues
        self.state.catalogue_problems = [str(problem) for problem in problems]
        for problem in problems:
            logger.error("catalogue refused: %s", problem)
        return True

    def _fail(self, error: Exception) -> None:
        reason = f"{type(error).__name__}: {error}"
        problem = errors.CATALOGUE_RELOAD_FAILED.message(directory=self.directory, error=reason)
        if self.state.catalogue_problems != [problem]:
            logger.error("catalogue reload failed: %s", problem)
        self.state.catalogue_problems = [problem]
