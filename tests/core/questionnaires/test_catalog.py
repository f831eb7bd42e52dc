"""The catalogue: every loaded version, and the current (highest) version of each questionnaire."""

from __future__ import annotations

from app.core.questionnaires import Catalog, Questionnaire, definition_hash
from app.platform.settings import PROJECT_ROOT
from tests.support import MINIMAL_YAML, minimal_questionnaire


def make(
    questionnaire_id: str = "prov", version: int = 1, audience: str = "principal"
) -> Questionnaire:
    yaml = (
        MINIMAL_YAML.replace("id: prov\n", f"id: {questionnaire_id}\n")
        .replace("version: 1\n", f"version: {version}\n")
        .replace("audience: principal\n", f"audience: {audience}\n")
    )
    return minimal_questionnaire(yaml)


def test_current_picks_the_highest_version_whatever_the_order() -> None:
    catalog = Catalog.from_questionnaires([make(version=1), make(version=3), make(version=2)])
    current = catalog.current("prov")
    assert current is not None
    assert current.questionnaire.version == 3
    assert current.hash == definition_hash(make(version=3))


def test_current_is_per_questionnaire() -> None:
    catalog = Catalog.from_questionnaires(
        [make("a", 2), make("b", 1), make("a", 10), make("b", 4), make("a", 9)]
    )
    current_a, current_b = catalog.current("a"), catalog.current("b")
    assert current_a is not None and current_b is not None
    assert (current_a.questionnaire.id, current_a.questionnaire.version) == ("a", 10)
    assert (current_b.questionnaire.id, current_b.questionnaire.version) == ("b", 4)


def test_current_of_an_unknown_questionnaire_is_none() -> None:
    assert Catalog.from_questionnaires([make()]).current("okand") is None
    assert Catalog().current("prov") is None
    assert Catalog().current_versions() == []


def test_get_returns_each_version() -> None:
    versions = [make(version=1), make(version=2), make("annan", 1)]
    catalog = Catalog.from_questionnaires(versions)
    for questionnaire in versions:
        entry = catalog.get(questionnaire.id, questionnaire.version)
        assert entry is not None
        assert entry.questionnaire == questionnaire
        assert entry.hash == definition_hash(questionnaire)
    assert catalog.get("prov", 3) is None
    assert catalog.get("okand", 1) is None


def test_current_versions_put_principal_before_authority_then_by_id() -> None:
    catalog = Catalog.from_questionnaires(
        [
            make("aa-huvudman", 1, "authority"),
            make("zz-rektor", 1, "principal"),
            make("bb-huvudman", 1, "authority"),
            make("mm-rektor", 2, "principal"),
            make("mm-rektor", 1, "principal"),
        ]
    )
    assert [
        (entry.questionnaire.id, entry.questionnaire.version)
        for entry in catalog.current_versions()
    ] == [("mm-rektor", 2), ("zz-rektor", 1), ("aa-huvudman", 1), ("bb-huvudman", 1)]


def test_load_reads_the_shipped_questionnaires() -> None:
    catalog = Catalog.load(PROJECT_ROOT / "questionnaires")
    current = catalog.current_versions()
    assert [(entry.questionnaire.id, entry.questionnaire.audience) for entry in current] == [
        ("rektor", "principal"),
        ("huvudman", "authority"),
    ]
    for entry in current:
        assert entry.source.endswith(".yaml")
        assert entry.hash == definition_hash(entry.questionnaire)
        assert catalog.get(entry.questionnaire.id, entry.questionnaire.version) == entry
