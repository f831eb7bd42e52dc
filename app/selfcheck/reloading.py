"""Picking up questionnaire changes while the service runs.

The questionnaire folder is polled every few seconds and read at once on SIGHUP (see
app.platform.reloading). A new set of files replaces the served catalogue only when every
file is valid and no version that has responses was changed; otherwise the problems are
logged and shown on /readyz, and the previous catalogue keeps being served. Swapping is one
attribute assignment, so a request sees either the old catalogue or the new one, never a mix.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from app.core import errors
from app.core.questionnaires import Catalog, QuestionnaireError
from app.platform.definitions import stored_versions
from app.platform.reloading import Fingerprint, fingerprint
from app.platform.state import AppState

logger = logging.getLogger("koll.questionnaires")


class QuestionnaireReloader:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self.directory = state.settings.questionnaires_dir
        self._seen: Fingerprint | None = fingerprint(self.directory)

    def poll(self) -> None:
        """Reload if any file was added, removed or changed since the last look."""
        try:
            current = fingerprint(self.directory)
        except Exception as error:  # the folder cannot even be listed (nested too deep, ...)
            # Reload at the first look that works, so that the problem is cleared then.
            self._seen = None
            self._fail(error)
            return
        if current != self._seen:
            self._seen = current
            self.reload()

    def reload(self) -> bool:
        """Load the folder anew; swap it in if it is sound. True when swapped.

        Never raises: whatever goes wrong is logged and listed on /readyz, and the previous
        questionnaires keep being served.
        """
        try:
            return self._reload()
        except Exception as error:
            self._fail(error)
            return False

    def _reload(self) -> bool:
        try:
            files = Catalog.load(self.directory, self.state.settings.questionnaire_max_bytes)
        except QuestionnaireError as error:
            self._refuse([str(problem) for problem in error.problems])
            return False
        return self.pin_and_swap(files)

    def pin_and_swap(self, files: Catalog) -> bool:
        try:
            with self.state.db.transaction() as session:
                stored = stored_versions(session)
        except SQLAlchemyError as error:
            # Without the database we cannot tell edited versions apart: look again later.
            self._seen = None
            unread = errors.RELOAD_WITHOUT_DATABASE.message(
                directory=self.directory, error=type(error).__name__
            )
            logger.warning("%s", unread)
            self.state.questionnaire_problems = [unread]
            return False
        catalog, problems = files.pinned(stored)
        self.state.use_catalog(catalog, [str(problem) for problem in problems])
        for problem in problems:
            logger.error("questionnaire refused: %s", problem)
        logger.info(
            "questionnaires loaded: %s",
            ", ".join(f"{v.questionnaire.id} v{v.questionnaire.version}" for v in catalog.versions),
        )
        return True

    def _refuse(self, problems: list[str]) -> None:
        self.state.questionnaire_problems = problems
        for problem in problems:
            logger.error("questionnaire file invalid, previous questionnaires kept: %s", problem)

    def _fail(self, error: Exception) -> None:
        reason = f"{type(error).__name__}: {error}"
        problem = errors.RELOAD_FAILED.message(directory=self.directory, error=reason)
        if self.state.questionnaire_problems != [problem]:  # once, not at every look
            logger.error("questionnaire reload failed: %s", problem, exc_info=error)
        self.state.questionnaire_problems = [problem]
