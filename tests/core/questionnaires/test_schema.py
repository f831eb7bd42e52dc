"""The frozen models cache their lookups; copies with updated fields must not keep stale ones."""

from __future__ import annotations

from app.core.questionnaires.schema import Level
from tests.support import minimal_questionnaire


def test_lookups_follow_a_copy_with_other_levels() -> None:
    questionnaire = minimal_questionnaire()
    assert questionnaire.level("low").label == "Behöver utvecklas"
    renamed = Level(id="lag", label="Låg", min=0)
    copy = questionnaire.model_copy(update={"levels": [renamed]})
    assert copy.level("lag") == renamed
    assert [s.id for s in copy.statements] == ["p1", "p2", "s1", "s2"]


def test_scale_values_follow_a_copy_with_other_options() -> None:
    scale = minimal_questionnaire().scale
    assert scale.values == {1, 2, 3}
    fewer = scale.model_copy(update={"options": scale.options[:2]})
    assert fewer.values == {1, 2}
