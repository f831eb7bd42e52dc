"""The loader: every rule of the format, each problem reported at its exact line and column.

The YAML fed in is always shown: `MINIMAL_YAML` (tests/support.py) with one string replaced,
or a short document written out. Lines and columns are 1-based, as in `Problem.__str__`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.questionnaires import (
    DEFAULT_MAX_BYTES,
    Problem,
    QuestionnaireError,
    check_files,
    definition_hash,
    load_file,
    load_files,
    parse_questionnaire,
    questionnaire_files,
)
from app.platform.settings import PROJECT_ROOT
from tests.support import MINIMAL_YAML

SOURCE = "prov.yaml"


def variant(old: str, new: str) -> str:
    """MINIMAL_YAML with `old` (which must occur exactly once) replaced by `new`."""
    assert MINIMAL_YAML.count(old) == 1, f"{old!r} must occur exactly once in MINIMAL_YAML"
    return MINIMAL_YAML.replace(old, new)


def problems_of(yaml: str) -> list[Problem]:
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(yaml, SOURCE)
    return raised.value.problems


def positions(problems: list[Problem]) -> list[tuple[int, int]]:
    return [(problem.line, problem.column) for problem in problems]


def test_minimal_yaml_is_valid() -> None:
    questionnaire = parse_questionnaire(MINIMAL_YAML, SOURCE)
    assert questionnaire.id == "prov"
    assert [statement.id for statement in questionnaire.statements] == ["p1", "p2", "s1", "s2"]


def case(
    name: str, old: str, new: str, at: str, phrase: str, count: int = 1
) -> pytest.ParameterSet:
    """One error kind: MINIMAL_YAML with `old` → `new` gives a problem `phrase` at `at`.

    `at` is "line:column" as in `Problem.__str__`; `count` is how many problems the file has.
    """
    return pytest.param(old, new, at, phrase, count, id=name)


# fmt: off
# A scalar's problem is located at its value; an unknown key at the key; a missing field at the
# mapping that lacks it; a list's at the list.
ERROR_KINDS = [
    # Unknown keys, in a block mapping and in a flow mapping.
    case("unknown-key-block", "    title: Plan\n", "    title: Plan\n    colour: blue\n",
         "18:5", "unknown field 'colour'"),
    case("unknown-key-flow", "{id: p1, text: Vi har en plan.}",
         "{id: p1, text: Vi har en plan., hjälp: x}", "19:41", "unknown field 'hjälp'"),
    # Ids unique: areas, statements (within and across areas), levels, materials.
    case("duplicate-area", "  - id: samverkan\n", "  - id: plan\n",
         "21:9", "duplicate area id 'plan'", 3),
    case("duplicate-statement-across-areas", "{id: s1,", "{id: p1,",
         "24:14", "duplicate statement id 'p1'"),
    case("duplicate-statement-same-area", "{id: p2,", "{id: p1,",
         "20:14", "duplicate statement id 'p1'"),
    case("duplicate-level", "{id: mid,", "{id: low,", "13:10", "duplicate level id 'low'", 2),
    case("duplicate-material", "  - id: exempel\n", "  - id: guide\n",
         "32:9", "duplicate material id 'guide'"),
    # Material references to areas and levels.
    case("unknown-area-reference", "areas: [samverkan]", "areas: [samverkn]",
         "35:13", "unknown area id 'samverkn'; known: plan, samverkan"),
    case("unknown-level-reference", "levels: [low, mid]", "levels: [low, medium]",
         "31:19", "unknown level id 'medium'; known: low, mid, high"),
    # Levels: the first min 0, strictly ascending, at most 100.
    case("first-level-not-zero", "min: 0, weak", "min: 10, weak",
         "12:46", "the first level must have min 0, not 10"),
    case("level-negative", "min: 0, weak", "min: -5, weak",
         "12:46", "greater than or equal to 0"),
    case("levels-equal", "min: 80", "min: 50",
         "14:38", "strictly ascending: 50 comes after 50"),
    case("levels-descending", "min: 80", "min: 40",
         "14:38", "strictly ascending: 40 comes after 50"),
    case("level-above-100", "min: 80", "min: 101", "14:38", "less than or equal to 100"),
    # Scale: values strictly increasing, at least two options, integers only.
    case("scale-equal-values", "{value: 3,", "{value: 2,",
         "9:15", "strictly increasing: 2 comes after 2"),
    case("scale-decreasing", "{value: 3,", "{value: 0,",
         "9:15", "strictly increasing: 0 comes after 2"),
    case("scale-one-option",
         "    - {value: 2, label: Stämmer delvis}\n    - {value: 3, label: Stämmer}\n", "",
         "7:5", "at least 2 items"),
    case("scale-float", "{value: 2,", "{value: 2.5,", "8:15", "valid integer"),
    case("scale-float-integral", "{value: 2,", "{value: 2.0,", "8:15", "valid integer"),
    case("scale-string", "{value: 2,", "{value: '2',", "8:15", "valid integer"),
    case("scale-bool", "{value: 2,", "{value: true,", "8:15", "valid integer"),
    # Weights > 0.
    case("weight-zero", "weight: 3", "weight: 0", "20:49", "greater than 0"),
    case("weight-negative", "weight: 3", "weight: -1", "20:49", "greater than 0"),
    # URLs http(s).
    case("url-ftp", "https://example.org/guide", "ftp://example.org/guide",
         "29:10", "must be an http:// or https:// address"),
    case("url-no-scheme", "https://example.org/guide", "example.org/guide",
         "29:10", "must be an http:// or https:// address"),
    case("url-no-host", "https://example.org/guide", "'https://'",
         "29:10", "must be an http:// or https:// address"),
    # Texts non-empty.
    case("text-empty", "text: Vi har en plan.", "text: ''", "19:24", "must not be empty"),
    case("text-blank", "text: Vi har en plan.", "text: '   '", "19:24", "must not be empty"),
    case("title-empty", "title: Provenkät", "title: ''", "4:8", "must not be empty"),
    case("dont-know-empty", "dont_know: Vet inte", "dont_know: ''",
         "10:14", "must not be empty"),
    # Ids match [a-z0-9-]+.
    case("id-upper-case", "id: prov\n", "id: Prov_1\n", "1:5", "lower-case letters"),
    case("id-non-ascii", "{id: p1,", "{id: pö,", "19:14", "lower-case letters"),
    case("id-space", "{id: s1,", "{id: s 1,", "24:14", "lower-case letters"),
    case("id-empty", "{id: p1,", "{id: '',", "19:14", "must not be empty"),
    # Version a positive integer.
    case("version-zero", "version: 1", "version: 0", "2:10", "greater than 0"),
    case("version-negative", "version: 1", "version: -2", "2:10", "greater than 0"),
    case("version-float", "version: 1", "version: 1.5", "2:10", "valid integer"),
    case("version-string", "version: 1", "version: '1'", "2:10", "valid integer"),
    case("version-bool", "version: 1", "version: true", "2:10", "valid integer"),
    # Audience principal | authority.
    case("audience", "audience: principal", "audience: teacher",
         "3:11", "'principal' or 'authority'"),
    # Required fields, reported at the mapping that lacks them.
    case("missing-top-level", "title: Provenkät\n", "",
         "1:1", "required field 'title' is missing"),
    case("missing-in-flow-mapping", "{id: p1, text: Vi har en plan.}", "{id: p1}",
         "19:9", "required field 'text' is missing"),
    case("missing-in-block-mapping", "    title: Samverkan\n", "",
         "21:5", "required field 'title' is missing"),
]
# fmt: on


@pytest.mark.parametrize(("old", "new", "at", "phrase", "count"), ERROR_KINDS)
def test_each_error_kind_is_reported_at_its_position(
    old: str, new: str, at: str, phrase: str, count: int
) -> None:
    problems = problems_of(variant(old, new))
    assert len(problems) == count, [str(problem) for problem in problems]
    matching = [problem for problem in problems if phrase in problem.message]
    assert len(matching) == 1, [str(problem) for problem in problems]
    assert str(matching[0]).startswith(f"{SOURCE}:{at}: ")


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        pytest.param("    title: Plan", "    title:", 17, id="area-title"),
        pytest.param("version: 1", "version:", 2, id="version"),
    ],
)
def test_key_without_value_is_reported_on_its_own_line(old: str, new: str, line: int) -> None:
    [problem] = problems_of(variant(old, new))
    assert problem.line == line, str(problem)


def test_problem_str_is_path_line_column_message() -> None:
    problems = problems_of(variant("version: 1", "version: 0"))
    assert [str(problem) for problem in problems] == [
        "prov.yaml:2:10: input should be greater than 0"
    ]


def test_several_schema_errors_are_reported_together_in_file_order() -> None:
    yaml = (
        MINIMAL_YAML.replace("title: Provenkät", "titel: Provenkät")
        .replace("version: 1", "version: 0")
        .replace("weight: 3", "weight: 0")
        .replace("https://example.org/guide", "ftp://example.org/guide")
    )
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(yaml, SOURCE)
    problems = raised.value.problems
    assert positions(problems) == [(1, 1), (2, 10), (4, 1), (20, 49), (29, 10)]
    assert "required field 'title' is missing" in problems[0].message
    assert "greater than 0" in problems[1].message
    assert "unknown field 'titel'" in problems[2].message
    assert "greater than 0" in problems[3].message
    assert "http:// or https://" in problems[4].message
    # The exception's text lists every problem, one a line.
    assert str(raised.value).splitlines() == [str(problem) for problem in problems]


def test_several_cross_reference_errors_are_reported_together() -> None:
    yaml = (
        MINIMAL_YAML.replace("min: 80", "min: 50")
        .replace("{id: s1,", "{id: p1,")
        .replace("areas: [samverkan]", "areas: [samverkn]")
    )
    problems = sorted(problems_of(yaml), key=lambda problem: (problem.line, problem.column))
    assert [str(problem) for problem in problems] == [
        "prov.yaml:14:38: level mins must be strictly ascending: 50 comes after 50",
        "prov.yaml:24:14: duplicate statement id 'p1'",
        "prov.yaml:35:13: unknown area id 'samverkn'; known: plan, samverkan",
    ]


def test_schema_and_cross_reference_errors_are_reported_together() -> None:
    yaml = MINIMAL_YAML.replace("title: Provenkät", "titel: Provenkät").replace(
        "{id: s1,", "{id: p1,"
    )
    problems = problems_of(yaml)
    assert any("unknown field 'titel'" in problem.message for problem in problems)
    assert any(
        "duplicate statement id 'p1'" in problem.message
        and (problem.line, problem.column) == (24, 14)
        for problem in problems
    )


@pytest.mark.parametrize(
    ("old", "new", "misspelt", "meant", "line", "column"),
    [
        pytest.param("title: Provenkät", "titel: Provenkät", "titel", "title", 4, 1, id="top"),
        pytest.param("    title: Plan", "    titel: Plan", "titel", "title", 17, 5, id="area"),
        pytest.param("weight: 3", "wieght: 3", "wieght", "weight", 20, 41, id="statement"),
        pytest.param("  dont_know:", "  dont_knwo:", "dont_knwo", "dont_know", 10, 3, id="scale"),
    ],
)
def test_misspelt_key_gets_did_you_mean(
    old: str, new: str, misspelt: str, meant: str, line: int, column: int
) -> None:
    problems = problems_of(variant(old, new))
    unknown = [problem for problem in problems if "unknown field" in problem.message]
    assert len(unknown) == 1
    assert unknown[0].message == f"unknown field '{misspelt}'; did you mean '{meant}'?"
    assert (unknown[0].line, unknown[0].column) == (line, column)


def test_misspelt_required_key_is_also_reported_missing() -> None:
    problems = problems_of(variant("title: Provenkät", "titel: Provenkät"))
    assert [str(problem) for problem in problems] == [
        "prov.yaml:1:1: required field 'title' is missing",
        "prov.yaml:4:1: unknown field 'titel'; did you mean 'title'?",
    ]


def test_unrelated_unknown_key_gets_no_suggestion() -> None:
    problems = problems_of(variant("    title: Plan\n", "    title: Plan\n    xyzzy: 1\n"))
    assert [str(problem) for problem in problems] == ["prov.yaml:18:5: unknown field 'xyzzy'"]


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "phrase"),
    [
        pytest.param(
            "    title: Plan",
            "    title: [Plan",
            18,
            15,
            "expected ',' or ']'",
            id="unclosed-flow-sequence",
        ),
        pytest.param(
            "title: Provenkät",
            "title: Provenkät: x",
            4,
            17,
            "mapping values are not allowed here",
            id="colon-in-plain-scalar",
        ),
        pytest.param("  options:", "\toptions:", 6, 1, "found character '\\t'", id="tab-indent"),
    ],
)
def test_yaml_syntax_error_has_position(
    old: str, new: str, line: int, column: int, phrase: str
) -> None:
    problems = problems_of(variant(old, new))
    assert len(problems) == 1
    assert problems[0].message.startswith("YAML: ")
    assert phrase in problems[0].message
    assert (problems[0].source, problems[0].line, problems[0].column) == (SOURCE, line, column)


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "key"),
    [
        pytest.param("version: 1\n", "version: 1\nversion: 2\n", 3, 1, "version", id="top"),
        pytest.param(
            "    title: Plan\n",
            "    title: Plan\n    title: Plan 2\n",
            18,
            5,
            "title",
            id="block",
        ),
        pytest.param(
            "{id: p1, text: Vi har en plan.}",
            "{id: p1, text: Vi har en plan., id: p9}",
            19,
            41,
            "id",
            id="flow",
        ),
    ],
)
def test_duplicate_key_is_reported_at_the_second_key(
    old: str, new: str, line: int, column: int, key: str
) -> None:
    problems = problems_of(variant(old, new))
    assert len(problems) == 1
    assert f'duplicate key "{key}"' in problems[0].message
    assert (problems[0].line, problems[0].column) == (line, column)


@pytest.mark.parametrize(
    "yaml",
    [
        pytest.param("- id: prov\n- version: 1\n", id="sequence"),
        pytest.param("just some text\n", id="scalar"),
        pytest.param("", id="empty"),
        pytest.param("# only a comment\n", id="comment-only"),
    ],
)
def test_document_that_is_not_a_mapping(yaml: str) -> None:
    problems = problems_of(yaml)
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (1, 1)
    assert "must hold a mapping" in problems[0].message


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_check_files_reports_duplicate_id_and_version(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "v1.yaml", MINIMAL_YAML)
    second = write(tmp_path / "b" / "kopia.yaml", "# same questionnaire\n" + MINIMAL_YAML)
    other_version = write(tmp_path / "c.yaml", variant("version: 1", "version: 2"))
    loaded, problems = check_files([first, second, other_version])
    assert set(loaded) == {first, other_version}
    assert [(p.source, p.line, p.column) for p in problems] == [(str(second), 1, 1)]
    assert "'prov' version 1 is already defined in" in problems[0].message
    assert str(first) in problems[0].message


def test_check_files_loads_the_valid_and_lists_problems_of_the_others(tmp_path: Path) -> None:
    good = write(tmp_path / "good.yaml", MINIMAL_YAML)
    bad = write(tmp_path / "bad.yaml", variant("version: 1", "version: 0"))
    worse = write(tmp_path / "worse.yaml", variant("weight: 3", "weight: -1"))
    loaded, problems = check_files([good, bad, worse])
    assert list(loaded) == [good]
    assert [str(problem) for problem in problems] == [
        f"{bad}:2:10: input should be greater than 0",
        f"{worse}:20:49: input should be greater than 0",
    ]


def test_load_files_raises_with_the_problems_of_every_file(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", variant("version: 1", "version: 0"))
    duplicate = write(tmp_path / "z.yaml", MINIMAL_YAML)
    good = write(tmp_path / "a.yaml", MINIMAL_YAML)
    with pytest.raises(QuestionnaireError) as raised:
        load_files([good, bad, duplicate])
    assert [problem.source for problem in raised.value.problems] == [str(bad), str(duplicate)]
    assert load_files([good]) == {good: parse_questionnaire(MINIMAL_YAML)}


def test_load_file_reports_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(QuestionnaireError) as raised:
        load_file(path)
    [problem] = raised.value.problems
    assert (problem.source, problem.line, problem.column) == (str(path), 1, 1)
    assert problem.message.startswith("cannot read file")


def test_load_file_reports_the_first_byte_that_is_not_utf8_at_its_line_and_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "latin1.yaml"
    # Line 2 has 22 characters (23 bytes: 'Å' takes two) before the Latin-1 'ä': columns
    # count characters, as an editor shows them, not bytes.
    text = "id: prov\ntitle: Åsa och Provenk".encode() + "ät\n".encode("latin-1")
    path.write_bytes(text)
    [problem] = problems_of_file(path)
    assert str(problem) == (
        f"{path}:2:23: not UTF-8: byte 0xe4 cannot be decoded; save the file as UTF-8"
    )


def test_load_file_refuses_a_file_over_the_size_limit_unread(tmp_path: Path) -> None:
    path = write(tmp_path / "v1.yaml", MINIMAL_YAML)
    size = path.stat().st_size
    assert load_file(path, max_bytes=size).id == "prov"
    [problem] = problems_of_file(path, max_bytes=size - 1)
    assert (problem.line, problem.column) == (1, 1)
    assert f"the file is {size:,} bytes" in problem.message
    assert f"at most {size - 1:,} bytes (KOLL_QUESTIONNAIRE_MAX_BYTES)" in problem.message


def test_load_file_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    folder = tmp_path / "v1.yaml"
    folder.mkdir()
    [problem] = problems_of_file(folder)
    assert str(problem) == f"{folder}:1:1: not a regular file"


def test_check_files_passes_the_size_limit_on(tmp_path: Path) -> None:
    path = write(tmp_path / "v1.yaml", MINIMAL_YAML)
    assert list(check_files([path])[0]) == [path]
    loaded, problems = check_files([path], max_bytes=100)
    assert loaded == {}
    assert "may be at most 100 bytes" in problems[0].message
    with pytest.raises(QuestionnaireError):
        load_files([path], max_bytes=100)


def problems_of_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    with pytest.raises(QuestionnaireError) as raised:
        load_file(path, max_bytes)
    return raised.value.problems


def test_load_file_names_the_file_in_problems(tmp_path: Path) -> None:
    path = write(tmp_path / "rektor" / "v1.yaml", variant("version: 1", "version: 0"))
    with pytest.raises(QuestionnaireError) as raised:
        load_file(path)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}:2:10: input should be greater than 0"
    ]


def test_questionnaire_files_recurses_into_subfolders(tmp_path: Path) -> None:
    folder = tmp_path / "enkater"
    top = write(folder / "top.yaml", MINIMAL_YAML)
    nested = write(folder / "rektor" / "v1.yaml", MINIMAL_YAML)
    deeper = write(folder / "rektor" / "gamla" / "v0.yaml", MINIMAL_YAML)
    write(folder / "rektor" / "notes.txt", "not a questionnaire")
    write(folder / "other.yml", MINIMAL_YAML)
    named = write(tmp_path / "named.yaml", MINIMAL_YAML)
    assert questionnaire_files([folder]) == sorted([top, nested, deeper])
    # A file named directly is kept, and arguments keep their order.
    assert questionnaire_files([named, folder]) == [named, *sorted([top, nested, deeper])]
    assert questionnaire_files([tmp_path / "empty-folder"]) == [tmp_path / "empty-folder"]


REFORMATTED_YAML = """\
# The same questionnaire as MINIMAL_YAML: other comments, styles, quoting and key order.
version: 1
id: "prov"
title: 'Provenkät'
audience: principal
areas:
  - title: Plan   # an area
    id: plan
    statements:
      - text: Vi har en plan.
        id: p1
      - weight: 3.0
        text: "Planen är känd."
        id: p2
  - {statements: [{id: s1, text: Vi samverkar.},
                  {reverse: true, id: s2, text: Det är oklart vem som ansvarar.}],
     title: Samverkan, id: samverkan}
levels:
  - {min: 0, id: low, weak: true, label: Behöver utvecklas}
  - id: mid
    label: Delvis på plats
    min: 50.0
  - {id: high, min: 80, label: På plats}
scale:
  dont_know: Vet inte
  options:
    - label: Stämmer inte
      value: 1
    - {label: Stämmer delvis, value: 2}
    - {value: 3, label: Stämmer}
materials:
  - {id: guide, title: Vägledning, url: "https://example.org/guide",
     levels: [low, mid], areas: [plan, samverkan]}
  - id: exempel
    levels: [low]
    areas:
      - samverkan
    url: https://example.org/exempel
    title: Exempel
"""


def test_definition_hash_ignores_comments_formatting_and_key_order() -> None:
    original = parse_questionnaire(MINIMAL_YAML)
    reformatted = parse_questionnaire(REFORMATTED_YAML)
    assert reformatted == original
    assert definition_hash(reformatted) == definition_hash(original)
    commented = parse_questionnaire("# a comment\n" + MINIMAL_YAML + "# the end\n")
    assert definition_hash(commented) == definition_hash(original)
    assert len(definition_hash(original)) == 64


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("text: Vi har en plan.", "text: Vi har en plan!", id="statement-text"),
        pytest.param("title: Provenkät", "title: Provenkät 2", id="title"),
        pytest.param("label: Stämmer}", "label: Stämmer helt}", id="scale-label"),
        pytest.param("version: 1", "version: 2", id="version"),
        pytest.param("weight: 3", "weight: 2", id="weight"),
    ],
)
def test_definition_hash_changes_with_the_content(old: str, new: str) -> None:
    original = parse_questionnaire(MINIMAL_YAML)
    changed = parse_questionnaire(variant(old, new))
    assert definition_hash(changed) != definition_hash(original)


SHIPPED = PROJECT_ROOT / "questionnaires"


def test_shipped_questionnaires_load() -> None:
    files = questionnaire_files([SHIPPED])
    loaded, problems = check_files(files)
    assert [str(problem) for problem in problems] == []
    by_id = {questionnaire.id: questionnaire for questionnaire in loaded.values()}
    assert sorted(by_id) == ["huvudman", "rektor"]
    assert by_id["rektor"].audience == "principal"
    assert by_id["huvudman"].audience == "authority"


@pytest.mark.parametrize("questionnaire_id", ["rektor", "huvudman"])
def test_shipped_questionnaire_size(questionnaire_id: str) -> None:
    files = [path for path in questionnaire_files([SHIPPED]) if questionnaire_id in path.parts]
    assert files, f"no file for {questionnaire_id}"
    for path in files:
        questionnaire = load_file(path)
        assert questionnaire.id == questionnaire_id
        assert len(questionnaire.areas) >= 5
        assert 12 <= len(questionnaire.statements) <= 25
