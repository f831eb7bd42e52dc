"""The catalogue loader: the shipped file, and every problem at its line and column at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from app.core.catalogues import Catalogues, check_catalogue_files, parse_catalogue
from app.core.questionnaires import QuestionnaireError
from app.platform.settings import PROJECT_ROOT

SMALL = """\
id: prov
version: 1
title: Provuppgifter
energy:
  - {value: 1, label: Lite}
  - {value: 2, label: Mycket}
areas:
  - id: a
    title: Område A
    tasks:
      - {id: t1, text: Uppgift ett}
      - {id: t2, text: Uppgift två, note: En gräns}
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as raised:
        parse_catalogue(textwrap.dedent(text), "c.yaml")
    return [str(problem) for problem in raised.value.problems]


def test_a_small_catalogue_loads() -> None:
    catalogue = parse_catalogue(SMALL)
    assert [t.id for t in catalogue.tasks] == ["t1", "t2"]
    assert catalogue.tasks[1].note == "En gräns"
    assert catalogue.energy_values == {1, 2}


def test_the_shipped_catalogue_has_the_six_areas_and_every_task() -> None:
    version = Catalogues.load(PROJECT_ROOT / "catalogues").current("uppgifter")
    assert version is not None
    catalogue = version.catalogue
    assert [a.title for a in catalogue.areas] == [
        "Trygghet och studiero",
        "Praktiskt arbete i anslutning till undervisningen",
        "Förbrukningsmaterial och läromedel",
        "IT",
        "Mentorskap och kontakt med vårdnadshavare",
        "Extra anpassningar och särskilt stöd",
    ]
    assert [len(a.tasks) for a in catalogue.areas] == [9, 3, 2, 3, 6, 5]
    assert [o.value for o in catalogue.energy] == [1, 2, 3, 4, 5]
    notes = " ".join(t.note or "" for t in catalogue.tasks)
    for limit in ("bedöma", "utvecklingssamtalen", "säkerhetsföreskrifterna", "aktivt stöd"):
        assert limit in notes


def test_every_problem_is_reported_at_once_with_its_position() -> None:
    text = """\
    id: Prov
    version: 1
    title: Prov
    energy:
      - {value: 2, label: Lite}
      - {value: 2, label: Mycket}
      - {value: 9, label: För mycket}
    areas:
      - id: a
        title: A
        tasks:
          - {id: t1, text: Ett}
          - {id: t1, text: Två, notes: fel}
      - id: a
        title: B
        tasks: []
    """
    assert problems_of(text) == [
        "c.yaml:1:5: ids may hold only lower-case letters a-z, digits and hyphens",
        "c.yaml:6:13: energy values must be strictly increasing: 2 comes after 2",
        "c.yaml:7:13: input should be less than or equal to 5",
        "c.yaml:13:14: duplicate task id 't1'",
        "c.yaml:13:29: unknown field 'notes'; did you mean 'note'?",
        "c.yaml:14:9: duplicate area id 'a'",
        "c.yaml:16:12: list should have at least 1 item after validation, not 0",
    ]


def test_a_missing_field_is_named() -> None:
    assert problems_of("id: prov\nversion: 1\ntitle: P\nareas: []\n")[0] == (
        "c.yaml:1:1: required field 'energy' is missing"
    )


def test_files_with_the_same_version_are_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "v1.yaml", tmp_path / "copy.yaml"
    first.write_text(SMALL)
    second.write_text(SMALL)
    loaded, problems = check_catalogue_files([first, second])
    assert list(loaded) == [first]
    assert [str(p) for p in problems] == [
        f"{second}:1:1: catalogue 'prov' version 1 is already defined in {first}"
    ]


def test_aliases_are_refused_as_in_questionnaires() -> None:
    problem = problems_of("id: &x prov\nversion: 1\ntitle: *x\n")[0]
    assert problem.startswith("c.yaml:3:8: YAML aliases (*x) are not allowed")
