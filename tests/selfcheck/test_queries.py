"""How a response row is stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app.core.questionnaires import Catalog, Questionnaire
from app.main import create_app
from app.platform.settings import Settings
from app.platform.state import AppState
from app.selfcheck.service import current_version, submit
from tests.support import QUESTIONNAIRES, all_answers, on_a_loop_of_its_own

# PostgreSQL compresses a row over this many bytes unless the table says otherwise (TOAST).
COMPRESSED_OVER = 2032


@pytest.fixture
def state(postgresql_database: str) -> Iterator[AppState]:
    settings = Settings(database_url=postgresql_database, questionnaires_dir=QUESTIONNAIRES)
    state: AppState = create_app(settings).state.koll
    yield state
    state.db.close()


@pytest.mark.postgresql
def test_on_postgresql_a_response_is_stored_uncompressed(
    state: AppState, catalog: Catalog, rektor: Questionnaire
) -> None:
    """Compressing every submitted row cost the server a tenth of its work per submission
    (the migration responses_stored_uncompressed)."""
    version = current_version(catalog, "rektor")
    submitted = on_a_loop_of_its_own(lambda: submit(state, version, all_answers(rektor, 2)))
    with state.db.transaction() as session:
        size, answers, scores = session.execute(
            text(
                "SELECT pg_column_size(responses.*), pg_column_compression(answers), "
                "pg_column_compression(scores) FROM responses WHERE id = :id"
            ),
            {"id": submitted.id},
        ).one()
    assert size > COMPRESSED_OVER  # large enough to have been compressed
    assert (answers, scores) == (None, None)
