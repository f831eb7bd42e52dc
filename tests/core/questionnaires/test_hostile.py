"""Files built to hurt the reader: alias bombs, deep nesting, huge counts and texts, bad bytes.

Each is written to disk and loaded as the service loads it; each must be refused with its
exact position and a message that says why, and quickly: these tests stay fast because the
guards stop reading early. One that takes seconds means a guard failed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.questionnaires import (
    Problem,
    QuestionnaireError,
    check_files,
    load_file,
    parse_questionnaire,
)
from app.core.questionnaires.reading import MAX_DEPTH, MAX_VALUES
from app.core.questionnaires.schema import (
    MAX_ACTIVITIES_PER_AREA,
    MAX_AREAS,
    MAX_LEVELS,
    MAX_MATERIALS,
    MAX_SCALE_OPTIONS,
    MAX_STATEMENTS,
    MAX_STATEMENTS_PER_AREA,
    MAX_TEXT,
    MAX_TITLE,
    MAX_URL,
)
from tests.support import MINIMAL_YAML


def refused(path: Path) -> list[Problem]:
    with pytest.raises(QuestionnaireError) as raised:
        load_file(path)
    return raised.value.problems


def position_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column where `needle` first starts in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def written(tmp_path: Path, text: str, name: str = "v1.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def questionnaire_yaml(
    areas: int = 1,
    statements: int = 2,
    materials: int = 0,
    options: int = 2,
    levels: int = 1,
    activities: int = 0,
) -> str:
    """A valid questionnaire of the given size, with every optional field filled in.

    Every area has `statements` statements; every material names every area and level (up to
    the limits), so that at the limits this is the largest file the format allows.
    """
    lines = ["id: stor", "version: 1", "audience: principal", "title: Stor", "intro: I"]
    lines += ["scale:", "  dont_know: Vet inte", "  options:"]
    lines += [f"    - {{value: {v}, label: V{v}}}" for v in range(options)]
    lines.append("levels:")
    lines += [
        f"  - {{id: l{i}, label: L, min: {i}, weak: false, description: D}}" for i in range(levels)
    ]
    lines.append("areas:")
    for a in range(areas):
        lines += [f"  - id: a{a}", f"    title: A{a}", "    description: D", "    statements:"]
        lines += [
            f"      - {{id: s{a}-{s}, text: T, help: H, weight: 1, reverse: false}}"
            for s in range(statements)
        ]
        if activities:
            lines.append("    activities:")
            lines += [f"      - {{id: x{a}-{x}, text: T}}" for x in range(activities)]
    lines.append("materials:" if materials else "materials: []")
    named_areas = ", ".join(f"a{a}" for a in range(min(areas, MAX_AREAS)))
    named_levels = ", ".join(f"l{i}" for i in range(min(levels, MAX_LEVELS)))
    lines += [
        f"  - {{id: m{m}, title: M, url: 'https://e.se/{m}', description: D, "
        f"areas: [{named_areas}], levels: [{named_levels}]}}"
        for m in range(materials)
    ]
    return "\n".join(lines) + "\n"


# Aliases ------------------------------------------------------------------------------------

# "Billion laughs": 10 levels of 9 aliases each, 9**10 strings (gigabytes) from ~500 bytes.
ALIAS_BOMB = MINIMAL_YAML + "".join(
    f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(10)
)


def test_an_alias_bomb_is_refused_at_its_first_alias(tmp_path: Path) -> None:
    path = written(tmp_path, ALIAS_BOMB)
    assert path.stat().st_size < 1500
    [problem] = refused(path)
    first_alias_line = MINIMAL_YAML.count("\n") + 2
    assert (problem.line, problem.column) == (first_alias_line, 10)
    assert problem.message.startswith("YAML aliases (*x0) are not allowed")
    assert "expand a small file into a huge one" in problem.message


def test_a_merge_key_is_refused_too_since_it_needs_an_alias(tmp_path: Path) -> None:
    text = MINIMAL_YAML.replace(
        "  - {id: mid, label: Delvis på plats, min: 50}",
        "  - &mid {id: mid, label: Delvis på plats, min: 50}\n  - {<<: *mid, id: mid2}",
    )
    [problem] = refused(written(tmp_path, text))
    assert (problem.line, problem.column) == position_of(text, "*mid")
    assert "aliases (*mid) are not allowed" in problem.message


def test_anchors_alone_are_harmless_and_accepted(tmp_path: Path) -> None:
    # Reusing an anchor name warns in ruamel; the test run turns warnings into errors.
    text = MINIMAL_YAML.replace("title: Provenkät", "title: &t Provenkät\nintro: &t Hej")
    assert load_file(written(tmp_path, text)).intro == "Hej"


# Depth --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nested", "at"),
    [
        # The document is level 1, so the 20th bracket or dash opens level 21.
        pytest.param("intro: " + "[" * 250 + "]" * 250 + "\n", (5, 7 + MAX_DEPTH), id="flow"),
        pytest.param(
            "intro:\n" + "".join(" " * i + "- \n" for i in range(250)),
            (5 + MAX_DEPTH, MAX_DEPTH),
            id="block",
        ),
    ],
)
def test_deep_nesting_is_refused_with_its_position(
    tmp_path: Path, nested: str, at: tuple[int, int]
) -> None:
    text = MINIMAL_YAML.replace("title: Provenkät\n", "title: Provenkät\n" + nested)
    [problem] = refused(written(tmp_path, text))
    assert (problem.line, problem.column) == at, problem
    assert (
        problem.message
        == f"nested more than {MAX_DEPTH} levels deep; a questionnaire needs 6 at most"
    )


def test_nesting_up_to_the_limit_reaches_the_schema(tmp_path: Path) -> None:
    brackets = MAX_DEPTH - 2  # the document is a level, and so is the innermost value
    nested = "intro: " + "[" * brackets + "x" + "]" * brackets + "\n"
    text = MINIMAL_YAML.replace("title: Provenkät\n", "title: Provenkät\n" + nested)
    [problem] = refused(written(tmp_path, text))
    assert problem.message == "input should be a valid string"


# Size ---------------------------------------------------------------------------------------


def test_a_file_of_50_mb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "v1.yaml"
    with path.open("wb") as sparse:  # 50 MB on paper, nothing on disk: it must not be read
        sparse.truncate(50 * 1024 * 1024)
    [problem] = refused(path)
    assert str(problem) == (
        f"{path}:1:1: the file is 52,428,800 bytes; a questionnaire file may be at most "
        "1,048,576 bytes (KOLL_QUESTIONNAIRE_MAX_BYTES), so it was not read"
    )


def test_a_generated_file_stops_being_read_past_the_values_any_questionnaire_has(
    tmp_path: Path,
) -> None:
    text = questionnaire_yaml(areas=1, statements=3 * MAX_VALUES // 5)
    [problem] = refused(written(tmp_path, text))
    assert problem.message.startswith(f"more than {MAX_VALUES:,} keys and values")
    assert problem.line < text.count("\n") // 2  # it stopped there: the rest was never read


def test_the_largest_questionnaire_the_limits_allow_is_accepted(tmp_path: Path) -> None:
    # Also what keeps MAX_VALUES above every file the schema's limits allow.
    text = questionnaire_yaml(
        areas=MAX_AREAS,
        statements=MAX_STATEMENTS // MAX_AREAS,
        materials=MAX_MATERIALS,
        options=MAX_SCALE_OPTIONS,
        levels=MAX_LEVELS,
        activities=MAX_ACTIVITIES_PER_AREA,
    )
    questionnaire = load_file(written(tmp_path, text))
    assert len(questionnaire.statements) == MAX_STATEMENTS
    assert len(questionnaire.materials) == MAX_MATERIALS
    assert {len(area.activities) for area in questionnaire.areas} == {MAX_ACTIVITIES_PER_AREA}


@pytest.mark.parametrize(
    ("size", "first_too_many", "message"),
    [
        pytest.param(
            {"areas": MAX_AREAS + 1},
            "id: a30\n",
            "too many areas: 31; at most 30 allowed",
            id="areas",
        ),
        pytest.param(
            {"statements": MAX_STATEMENTS_PER_AREA + 1},
            "{id: s0-60,",
            "too many statements: 61; at most 60 allowed",
            id="statements-in-an-area",
        ),
        pytest.param(
            {"areas": 6, "statements": 51},
            "{id: s5-45,",  # 5 areas of 51, then the 46th of the sixth
            "too many statements: 306 in all; a questionnaire may have at most 300, "
            "and this is statement 301",
            id="statements",
        ),
        pytest.param(
            {"materials": MAX_MATERIALS + 1},
            "{id: m50,",
            "too many materials: 51; at most 50 allowed",
            id="materials",
        ),
        pytest.param(
            {"options": MAX_SCALE_OPTIONS + 1},
            "{value: 10,",
            "too many options: 11; at most 10 allowed",
            id="scale-options",
        ),
        pytest.param(
            {"levels": MAX_LEVELS + 1},
            "{id: l10,",
            "too many levels: 11; at most 10 allowed",
            id="levels",
        ),
    ],
)
def test_counts_over_the_limits_are_refused_at_the_first_one_too_many(
    tmp_path: Path, size: dict[str, int], first_too_many: str, message: str
) -> None:
    text = questionnaire_yaml(**size)
    [problem] = refused(written(tmp_path, text))
    line, column = position_of(text, first_too_many)
    assert (problem.line, problem.column, problem.message) == (line, column, message)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "title: Provenkät",
            "title: " + "x" * (MAX_TITLE + 1),
            "too long: 201 characters; 'title' may have at most 200",
            id="title",
        ),
        pytest.param(
            "text: Vi har en plan.",
            "text: " + "x" * (MAX_TEXT + 1),
            "too long: 2,001 characters; 'text' may have at most 2,000",
            id="text",
        ),
        pytest.param(
            "url: https://example.org/guide",
            "url: https://example.org/" + "x" * MAX_URL,
            "too long: 2,020 characters; 'url' may have at most 2,000",
            id="url",
        ),
        pytest.param(
            "label: Stämmer delvis",
            "label: " + "x" * (MAX_TITLE + 1),
            "too long: 201 characters; 'label' may have at most 200",
            id="label",
        ),
        pytest.param(
            "areas: [samverkan]\n",
            "areas: [" + "x" * 65 + "]\n",
            "too long: 65 characters; 'areas' may have at most 64",
            id="id-in-a-list",
        ),
    ],
)
def test_texts_over_the_limits_are_refused_at_the_text(old: str, new: str, message: str) -> None:
    assert MINIMAL_YAML.count(old) == 1
    text = MINIMAL_YAML.replace(old, new)
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(text, "prov.yaml")
    # At the value: after the key, and for an id in a list, after the bracket.
    value = new.split(" ", 1)[1].lstrip("[")
    assert [(p.line, p.column, p.message) for p in raised.value.problems] == [
        (*position_of(text, value), message)
    ]


def test_texts_at_the_limits_are_accepted() -> None:
    # Surrounding spaces do not count: the texts are stripped.
    title = "  " + "x" * MAX_TITLE + "  "
    text = MINIMAL_YAML.replace("title: Provenkät", f'title: "{title}"')
    text = text.replace("text: Vi har en plan.", "text: " + "x" * MAX_TEXT)
    questionnaire = parse_questionnaire(text, "prov.yaml")
    assert len(questionnaire.title) == MAX_TITLE
    assert len(questionnaire.statements[0].text) == MAX_TEXT


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("version: 1", "version: 10001", "input should be less than or equal to 10000"),
        ("weight: 3", "weight: .inf", "input should be a finite number"),
        ("{value: 3,", "{value: 1001,", "input should be less than or equal to 1000"),
    ],
)
def test_numbers_have_limits(old: str, new: str, message: str) -> None:
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(MINIMAL_YAML.replace(old, new), "prov.yaml")
    assert [p.message for p in raised.value.problems] == [message]


# Values that YAML allows but Python or the database do not -----------------------------------


@pytest.mark.parametrize(
    ("old", "new", "at", "phrase"),
    [
        pytest.param("version: 1", "version: " + "9" * 5000, (2, 10), "4300 digits", id="huge-int"),
        pytest.param("id: prov", "id: 2024-13-45", (1, 5), "month must be in 1..12", id="date"),
        pytest.param(
            "title: Provenkät",
            'title: "Prov\\0"',
            (4, 8),
            "character U+0000 is not allowed",
            id="nul",
        ),
        pytest.param(
            "title: Provenkät",
            'title: "Prov\\ud800"',
            (4, 8),
            "character U+D800 is not allowed",
            id="lone-surrogate",
        ),
        pytest.param(
            "title: Provenkät",
            "title: Prov\x07",
            (4, 12),
            "character U+0007 is not allowed",
            id="bell",
        ),
    ],
)
def test_values_that_cannot_be_stored_are_refused_at_their_position(
    old: str, new: str, at: tuple[int, int], phrase: str
) -> None:
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(MINIMAL_YAML.replace(old, new), "prov.yaml")
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == at
    assert phrase in problem.message


def test_a_problem_is_always_one_line() -> None:
    text = MINIMAL_YAML.replace("title: Provenkät", '"title\\nprov.yaml:1:1: forged": Provenkät')
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(text, "prov.yaml")
    assert all("\n" not in str(problem) for problem in raised.value.problems)


def test_check_files_names_a_file_it_could_not_check_at_all(tmp_path: Path) -> None:
    good = written(tmp_path, MINIMAL_YAML)
    unnamable = tmp_path / "v\0.yaml"  # the operating system refuses such a name outright
    loaded, problems = check_files([unnamable, good])
    assert list(loaded) == [good]
    assert [str(problem) for problem in problems] == [
        f"{unnamable}:1:1: the file could not be checked: ValueError: embedded null byte"
    ]
