"""The result body as sent: the same bytes as encoding `result_json`, whatever was remembered."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import to_json

from app.core.questionnaires import DONT_KNOW, Catalog
from app.core.results import build_view
from app.core.score_codec import scores_from_json, scores_to_json
from app.core.scoring import score
from app.selfcheck import schemas
from app.selfcheck.schemas import result_body, result_json
from app.selfcheck.service import Submitted
from tests.support import QUESTIONNAIRES

CATALOG = Catalog.load(QUESTIONNAIRES)
VERSIONS = CATALOG.current_versions()
LINKS = {"self": "http://koll.test/api/v1/responses/r", "html": "http://koll.test/results/r"}
WHEN = datetime(2026, 12, 1, 12, 30, tzinfo=UTC)


@settings(max_examples=200)
@given(data=st.data(), index=st.integers(0, len(VERSIONS) - 1))
def test_the_encoded_body_is_the_encoding_of_the_json_body(data: st.DataObject, index: int) -> None:
    questionnaire = VERSIONS[index].questionnaire
    values = [*questionnaire.scale.values, DONT_KNOW]
    answers = {
        s.id: data.draw(st.sampled_from(sorted(values, key=str))) for s in questionnaire.statements
    }
    result_id = data.draw(st.text(alphabet="abcXYZ-_0123456789", min_size=1, max_size=22))
    submitted = Submitted(result_id, WHEN, questionnaire, score(questionnaire, answers), answers)
    stored = build_view(result_id, WHEN, questionnaire, submitted.scores, answers)
    for result in (submitted, stored, submitted):  # the third from what was remembered
        body = result_body(result, LINKS)
        assert body == to_json(result_json(result, LINKS))
        assert list(json.loads(body)) == [
            "id",
            "questionnaire",
            "created_at",
            "overall",
            "level",
            "areas",
            "weak_areas",
            "recommendations",
            "links",
        ]


def test_an_area_with_the_same_answers_but_another_stored_score_says_its_own_score() -> None:
    """What is remembered is keyed by the score as well as the answers: a result read back with
    a score of its own (stored under other rules) shows that score, not the remembered one."""
    questionnaire = VERSIONS[0].questionnaire
    answers = {s.id: questionnaire.scale.lowest for s in questionnaire.statements}
    scores = score(questionnaire, answers)
    fresh = Submitted("r", WHEN, questionnaire, scores, answers)
    assert json.loads(result_body(fresh, LINKS))["areas"][0]["score"] == 0.0
    first = replace(scores.areas[0], score=12.34, exact=None)
    stored = replace(scores, areas=(first, *scores.areas[1:]))
    body = json.loads(result_body(replace(fresh, scores=stored), LINKS))
    assert body["areas"][0]["score"] == 12.3
    assert [a["score"] for a in body["areas"][1:]] == [0.0] * (len(scores.areas) - 1)


def test_a_submissions_areas_are_found_by_their_scores_and_a_read_back_ones_by_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Scoring hands out the same area scores for the same answers, so a second submission's
    parts are found without building their keys; a result read back from storage has area
    scores of its own, found by key, with the same bytes."""
    questionnaire = VERSIONS[0].questionnaire
    answers = {s.id: questionnaire.scale.lowest + 1 for s in questionnaire.statements}
    scores = score(questionnaire, answers)
    first = result_body(Submitted("r", WHEN, questionnaire, scores, answers), LINKS)
    keys_built: list[object] = []
    build_key = schemas.area_answers
    monkeypatch.setattr(
        schemas, "area_answers", lambda *args: keys_built.append(args) or build_key(*args)
    )
    again = Submitted("r", WHEN, questionnaire, score(questionnaire, answers), answers)
    assert result_body(again, LINKS) == first
    assert keys_built == []
    read_back = scores_from_json(scores_to_json(scores))
    assert read_back.areas[0] is not scores.areas[0]
    assert result_body(replace(again, scores=read_back), LINKS) == first
    assert len(keys_built) == len(scores.areas)
