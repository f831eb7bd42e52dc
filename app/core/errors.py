"""The catalogue of problems the core reports: each with a stable code, its message and where
it is shown. Respondents read answer problems (Swedish); admins read questionnaire file
problems (English, as `path:line:column: message`). A translation starts here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Where = Literal["answer", "questionnaire file"]


@dataclass(frozen=True)
class ErrorCode:
    code: str
    template: str  # a str.format template; its fields are the keyword arguments of `message`
    where: Where

    def message(self, **values: object) -> str:
        return self.template.format(**values)


# Answers to a questionnaire (API `errors[].code` and the form's messages).
UNKNOWN_STATEMENT = ErrorCode("unknown_statement", "Påståendet finns inte i enkäten.", "answer")
MISSING_ANSWER = ErrorCode("missing", "Du har inte svarat.", "answer")
INVALID_VALUE = ErrorCode("invalid_value", "Svaret måste vara ett av värdena {allowed}.", "answer")
DONT_KNOW_NOT_ALLOWED = ErrorCode(
    "dont_know_not_allowed",
    "Den här enkäten har inget svarsalternativ ”vet inte”.",
    "answer",
)
ANSWER_OR = "eller"  # joins the scale's values to "dont_know" in INVALID_VALUE

# Questionnaire files.
UNREADABLE_FILE = ErrorCode("unreadable_file", "cannot read file: {error}", "questionnaire file")
INVALID_YAML = ErrorCode("invalid_yaml", "YAML: {reason}", "questionnaire file")
NOT_A_MAPPING = ErrorCode(
    "not_a_mapping",
    "the file must hold a mapping with id, version, title, ...",
    "questionnaire file",
)
DUPLICATE_VERSION = ErrorCode(
    "duplicate_version",
    "questionnaire '{id}' version {version} is already defined in {first}",
    "questionnaire file",
)
ANSWERED_VERSION_CHANGED = ErrorCode(
    "answered_version_changed",
    "questionnaire '{id}' version {version} already has responses and this file changes it; "
    "add a new version (version: {next}) instead. The version as answered is still served.",
    "questionnaire file",
)
MISSING_FIELD = ErrorCode(
    "missing_field", "required field '{field}' is missing", "questionnaire file"
)
UNKNOWN_FIELD = ErrorCode("unknown_field", "unknown field '{field}'{hint}", "questionnaire file")
DID_YOU_MEAN = "; did you mean '{name}'?"
INVALID_ID = ErrorCode(
    "invalid_id",
    "ids may hold only lower-case letters a-z, digits and hyphens",
    "questionnaire file",
)
EMPTY = ErrorCode("empty", "must not be empty", "questionnaire file")
SCALE_NOT_INCREASING = ErrorCode(
    "scale_not_increasing",
    "scale values must be strictly increasing: {value:g} comes after {previous:g}",
    "questionnaire file",
)
FIRST_LEVEL_NOT_ZERO = ErrorCode(
    "first_level_not_zero", "the first level must have min 0, not {low:g}", "questionnaire file"
)
LEVELS_NOT_ASCENDING = ErrorCode(
    "levels_not_ascending",
    "level mins must be strictly ascending: {low:g} comes after {previous:g}",
    "questionnaire file",
)
UNKNOWN_REFERENCE = ErrorCode(
    "unknown_reference", "unknown {kind} id '{ref}'; known: {known}", "questionnaire file"
)
DUPLICATE_ID = ErrorCode("duplicate_id", "duplicate {kind} id '{value}'", "questionnaire file")
