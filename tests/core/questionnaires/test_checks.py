"""Rules spanning fields that came with example activities: activity ids unique in the file,
the activities' limits, and no two materials at one address; each reported at its exact
`path:line:column`. The YAML is ACTIVITIES_YAML or MINIMAL_YAML (tests/support.py) with one
string replaced; lines and columns are 1-based, as in `Problem.__str__`."""

from __future__ import annotations

import pytest

from app.core.questionnaires import (
    Problem,
    QuestionnaireError,
    definition_hash,
    load_file,
    parse_questionnaire,
)
from app.core.questionnaires.schema import MAX_ACTIVITIES_PER_AREA, MAX_TEXT, Questionnaire
from app.platform.settings import PROJECT_ROOT
from tests.support import ACTIVITIES_YAML, MINIMAL_YAML

SOURCE = "prov.yaml"
SHIPPED = PROJECT_ROOT / "questionnaires"
# The definition hashes of the shipped v1 files as they were answered (before activities
# existed): a result stored under one of them must still find its version.
V1_HASHES = {
    "rektor": "4a839e012e05aad0e15c6ec5990d786eefd56d1cedd11c8d29e9797fef6e3f88",
    "huvudman": "7c5e3278d76e82e43253763a414ca6bf497a8373045109b3f982007ea3e84a83",
}


def replaced(yaml: str, old: str, new: str) -> str:
    assert yaml.count(old) == 1, f"{old!r} must occur exactly once"
    return yaml.replace(old, new)


def problems_of(yaml: str) -> list[Problem]:
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(yaml, SOURCE)
    return raised.value.problems


def at(yaml: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column where the `occurrence`-th `needle` starts in `yaml`."""
    index = -1
    for _ in range(occurrence):
        index = yaml.index(needle, index + 1)
    return yaml.count("\n", 0, index) + 1, index - yaml.rfind("\n", 0, index)


def test_activities_are_read_in_file_order() -> None:
    questionnaire = parse_questionnaire(ACTIVITIES_YAML, SOURCE)
    plan, samverkan = questionnaire.areas
    assert [(a.id, a.text) for a in plan.activities] == [
        ("skriv-plan", "Skriv en plan."),
        ("visa-plan", "Visa planen för personalen."),
    ]
    assert [a.id for a in samverkan.activities] == ["boka-mote"]


def test_activities_are_optional() -> None:
    questionnaire = parse_questionnaire(MINIMAL_YAML, SOURCE)
    assert all(area.activities == [] for area in questionnaire.areas)


def test_an_activity_id_used_twice_in_one_area_is_refused_at_the_second() -> None:
    yaml = replaced(ACTIVITIES_YAML, "{id: visa-plan,", "{id: skriv-plan,")
    [problem] = problems_of(yaml)
    assert (problem.line, problem.column) == at(yaml, "skriv-plan", 2)
    assert problem.message == "duplicate activity id 'skriv-plan'"


def test_activity_ids_are_unique_across_areas() -> None:
    yaml = replaced(ACTIVITIES_YAML, "{id: boka-mote,", "{id: visa-plan,")
    [problem] = problems_of(yaml)
    assert (problem.line, problem.column) == at(yaml, "visa-plan", 2)
    assert problem.message == "duplicate activity id 'visa-plan'"
    # An activity may share its id with a statement or an area: they are different things.
    parse_questionnaire(replaced(ACTIVITIES_YAML, "{id: boka-mote,", "{id: plan,"), SOURCE)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        pytest.param(
            "{id: boka-mote, text: Boka ett möte.}",
            "{id: boka-mote, text: Boka ett möte., timmar: 2}",
            "timmar",
            "unknown field 'timmar'",
            id="unknown-field",
        ),
        pytest.param(
            "{id: boka-mote, text: Boka ett möte.}",
            "{id: boka-mote}",
            "{id: boka-mote}",
            "required field 'text' is missing",
            id="missing-text",
        ),
        pytest.param(
            "{id: boka-mote, text: Boka ett möte.}",
            "{id: Boka Möte, text: Boka ett möte.}",
            "Boka Möte",
            "ids may hold only lower-case letters a-z, digits and hyphens",
            id="invalid-id",
        ),
        pytest.param(
            "{id: boka-mote, text: Boka ett möte.}",
            "{id: boka-mote, text: '  '}",
            "'  '",
            "must not be empty",
            id="empty-text",
        ),
        pytest.param(
            "Boka ett möte.",
            "x" * (MAX_TEXT + 1),
            "x" * 10,
            f"too long: {MAX_TEXT + 1:,} characters; 'text' may have at most {MAX_TEXT:,}",
            id="text-too-long",
        ),
    ],
)
def test_a_malformed_activity_is_refused_at_its_position(
    old: str, new: str, needle: str, message: str
) -> None:
    yaml = replaced(ACTIVITIES_YAML, old, new)
    [problem] = problems_of(yaml)
    assert (problem.line, problem.column) == at(yaml, needle)
    assert problem.message == message


def test_more_activities_than_the_limit_are_refused_at_the_first_too_many() -> None:
    listed = "".join(
        f"      - {{id: a{n}, text: Aktivitet {n}.}}\n" for n in range(MAX_ACTIVITIES_PER_AREA + 1)
    )
    yaml = replaced(ACTIVITIES_YAML, "      - {id: boka-mote, text: Boka ett möte.}\n", listed)
    [problem] = problems_of(yaml)
    first_too_many = f"{{id: a{MAX_ACTIVITIES_PER_AREA},"
    assert (problem.line, problem.column) == at(yaml, first_too_many)
    count = MAX_ACTIVITIES_PER_AREA + 1
    assert problem.message == (
        f"too many activities: {count}; at most {MAX_ACTIVITIES_PER_AREA} allowed"
    )
    # At the limit it is accepted.
    at_limit = replaced(yaml, f"      - {first_too_many} text: Aktivitet {count - 1}.}}\n", "")
    assert len(parse_questionnaire(at_limit, SOURCE).area("samverkan").activities) == count - 1


def test_two_materials_at_one_address_are_refused_at_the_second() -> None:
    yaml = replaced(MINIMAL_YAML, "https://example.org/exempel", "https://example.org/guide")
    [problem] = problems_of(yaml)
    assert (problem.line, problem.column) == at(yaml, "https://example.org/guide", 2)
    assert problem.message.startswith(
        "material url https://example.org/guide is already the url of material 'guide'"
    )
    assert "(#fragment)" in problem.message


@pytest.mark.parametrize(
    "second",
    [
        pytest.param("HTTPS://Example.org/guide", id="case-of-scheme-and-host"),
        pytest.param("https://example.org/guide/", id="trailing-slash"),
        pytest.param("'  https://example.org/guide'", id="surrounding-space"),
    ],
)
def test_the_same_page_written_another_way_is_the_same_address(second: str) -> None:
    yaml = replaced(MINIMAL_YAML, "https://example.org/exempel", second)
    [problem] = problems_of(yaml)
    assert (problem.line, problem.column) == at(yaml, second)


@pytest.mark.parametrize(
    "second",
    [
        pytest.param("https://example.org/guide#exempel", id="a-section-of-the-page"),
        pytest.param("https://example.org/guide?del=2", id="another-query"),
        pytest.param("https://example.org/guide/exempel", id="another-path"),
    ],
)
def test_a_section_or_another_page_is_another_address(second: str) -> None:
    yaml = replaced(MINIMAL_YAML, "https://example.org/exempel", second)
    assert parse_questionnaire(yaml, SOURCE).material("exempel").url == second


def test_three_materials_at_one_address_give_a_problem_each_after_the_first() -> None:
    third = (
        "  - id: tredje\n    title: Tredje\n    url: https://example.org/guide\n"
        "    areas: [plan]\n    levels: [low]\n"
    )
    yaml = replaced(MINIMAL_YAML, "https://example.org/exempel", "https://example.org/guide")
    problems = problems_of(yaml + third)
    assert [p.line for p in problems] == [
        at(yaml + third, "https://example.org/guide", 2)[0],
        at(yaml + third, "https://example.org/guide", 3)[0],
    ]
    assert all("material 'guide'" in p.message for p in problems)


@pytest.mark.parametrize("questionnaire_id", ["rektor", "huvudman"])
def test_shipped_v1_keeps_its_repeated_addresses_and_its_hash(questionnaire_id: str) -> None:
    """v1 was shipped (and may have been answered) before the rule, so it is left as it was;
    a version made from it, even one that changes only the version number, is held to it."""
    path = SHIPPED / questionnaire_id / "v1.yaml"
    v1 = load_file(path)
    urls = [material.url for material in v1.materials]
    assert len(set(urls)) < len(urls)
    assert definition_hash(v1) == V1_HASHES[questionnaire_id]
    copied = path.read_text(encoding="utf-8").replace("version: 1", "version: 9", 1)
    problems = problems_of(copied)
    assert problems and all(p.message.startswith("material url ") for p in problems)


@pytest.mark.parametrize("questionnaire_id", ["rektor", "huvudman"])
def test_shipped_v2_has_distinct_addresses_and_activities_everywhere(
    questionnaire_id: str,
) -> None:
    v2 = load_file(SHIPPED / questionnaire_id / "v2.yaml")
    assert v2.version == 2
    urls = [material.url for material in v2.materials]
    assert len(set(urls)) == len(urls)
    for area in v2.areas:
        assert 2 <= len(area.activities) <= 4, area.id


def test_a_dump_without_activities_is_what_it_was_before_them() -> None:
    """An area with no activities dumps without the key, so every stored definition keeps
    its hash; with activities, the dump holds them and loads back the same."""
    plain = parse_questionnaire(MINIMAL_YAML, SOURCE)
    assert all("activities" not in area for area in plain.model_dump(mode="json")["areas"])
    with_activities = parse_questionnaire(ACTIVITIES_YAML, SOURCE)
    dumped = with_activities.model_dump(mode="json")
    assert dumped["areas"][1]["activities"] == [{"id": "boka-mote", "text": "Boka ett möte."}]
    assert Questionnaire.model_validate(dumped) == with_activities
    assert definition_hash(with_activities) != definition_hash(plain)


def test_the_json_schema_describes_activities() -> None:
    schema = Questionnaire.model_json_schema()
    activities = schema["$defs"]["Area"]["properties"]["activities"]
    assert activities["items"] == {"$ref": "#/$defs/Activity"}
    assert activities["maxItems"] == MAX_ACTIVITIES_PER_AREA
    assert "activities" not in schema["$defs"]["Area"].get("required", [])
    activity = schema["$defs"]["Activity"]
    assert activity["additionalProperties"] is False
    assert set(activity["required"]) == {"id", "text"}
    assert activity["properties"]["id"]["pattern"] == "^[a-z0-9-]+$"
