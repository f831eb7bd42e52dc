"""The catalogue of problems the core reports: each with a stable code, its message and where
it is shown. Respondents read answer problems (Swedish); admins read questionnaire file
problems (English, as `path:line:column: message`). A translation starts here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Where = Literal[
    "answer", "questionnaire file", "questionnaire reload", "catalogue file", "participation"
]


@dataclass(frozen=True)
class ErrorCode:
    code: str
    template: str  # a str.format template; its fields are the keyword arguments of `message`
    where: Where

    def message(self, **values: object) -> str:
        return self.template.format(**values)


# Answers to a questionnaire (API `errors[].code` and the form's messages).
UNKNOWN_STATEMENT = ErrorCode("unknown_statement", "Påståendet finns inte i enkäten.", "answer")
MISSING_ANSWER = ErrorCode("missing", "Svar saknas.", "answer")
INVALID_VALUE = ErrorCode("invalid_value", "Svaret måste vara ett av värdena {allowed}.", "answer")
DONT_KNOW_NOT_ALLOWED = ErrorCode(
    "dont_know_not_allowed",
    "Den här enkäten har inget svarsalternativ ”vet inte”.",
    "answer",
)
ANSWER_OR = "eller"  # joins the scale's values to "dont_know" in INVALID_VALUE

# Questionnaire files.
UNREADABLE_FILE = ErrorCode("unreadable_file", "cannot read file: {error}", "questionnaire file")
NOT_A_FILE = ErrorCode("not_a_file", "not a regular file", "questionnaire file")
FILE_TOO_LARGE = ErrorCode(
    "file_too_large",
    "the file is {size} bytes; a questionnaire file may be at most {limit} bytes "
    "(KOLL_QUESTIONNAIRE_MAX_BYTES), so it was not read",
    "questionnaire file",
)
NOT_UTF8 = ErrorCode(
    "not_utf8",
    "not UTF-8: byte 0x{byte:02x} cannot be decoded; save the file as UTF-8",
    "questionnaire file",
)
INVALID_CHARACTER = ErrorCode(
    "invalid_character",
    "character {code} is not allowed in a questionnaire file",
    "questionnaire file",
)
INVALID_YAML = ErrorCode("invalid_yaml", "YAML: {reason}", "questionnaire file")
ALIAS = ErrorCode(
    "alias",
    "YAML aliases (*{name}) are not allowed: a questionnaire never needs them, and aliases "
    "can expand a small file into a huge one; write the value out instead",
    "questionnaire file",
)
TOO_DEEP = ErrorCode(
    "too_deep",
    "nested more than {limit} levels deep; a questionnaire needs 6 at most",
    "questionnaire file",
)
TOO_MANY_VALUES = ErrorCode(
    "too_many_values",
    "more than {limit:,} keys and values: no questionnaire within the limits of the format "
    "is this large, so reading stopped here",
    "questionnaire file",
)
TOO_MANY = ErrorCode(
    "too_many", "too many {field}: {count}; at most {limit} allowed", "questionnaire file"
)
TOO_MANY_STATEMENTS = ErrorCode(
    "too_many_statements",
    "too many statements: {count} in all; a questionnaire may have at most {limit}, and this "
    "is statement {first}",
    "questionnaire file",
)
TOO_LONG = ErrorCode(
    "too_long",
    "too long: {length:,} characters; '{field}' may have at most {limit:,}",
    "questionnaire file",
)
CHECK_FAILED = ErrorCode(
    "check_failed", "the file could not be checked: {error}", "questionnaire file"
)
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
DUPLICATE_URL = ErrorCode(
    "duplicate_url",
    "material url {url} is already the url of material '{first}'; give each material its own "
    "page, or a section of it (#fragment)",
    "questionnaire file",
)

# Reloading the questionnaire folder while the service runs (shown on /readyz).
RELOAD_FAILED = ErrorCode(
    "reload_failed",
    "questionnaires in {directory} not reloaded, the previous ones are still served: {error}",
    "questionnaire reload",
)
RELOAD_WITHOUT_DATABASE = ErrorCode(
    "reload_without_database",
    "questionnaires in {directory} not reloaded: the versions that have responses could not "
    "be read from the database ({error}); trying again at the next look",
    "questionnaire reload",
)

# Task catalogue files (the inventory's tasks): reading and the schema's problems are the
# questionnaire files' own; these are the catalogue's.
ENERGY_NOT_INCREASING = ErrorCode(
    "energy_not_increasing",
    "energy values must be strictly increasing: {value} comes after {previous}",
    "catalogue file",
)
DUPLICATE_CATALOGUE_VERSION = ErrorCode(
    "duplicate_catalogue_version",
    "catalogue '{id}' version {version} is already defined in {first}",
    "catalogue file",
)
CATALOGUE_VERSION_IN_USE = ErrorCode(
    "catalogue_version_in_use",
    "catalogue '{id}' version {version} already has inventories and this file changes it; "
    "add a new version (version: {next}) instead. The version as used is still served.",
    "catalogue file",
)
CATALOGUE_RELOAD_FAILED = ErrorCode(
    "catalogue_reload_failed",
    "catalogues in {directory} not reloaded, the previous ones are still served: {error}",
    "questionnaire reload",
)

# A participation in an inventory (API `errors[].code` and the form's messages, in Swedish).
MISSING_ROLE = ErrorCode("missing_role", "Välj vilken grupp du tillhör.", "participation")
INVALID_ROLE = ErrorCode("invalid_role", "Gruppen måste vara en av {allowed}.", "participation")
UNKNOWN_TASK = ErrorCode("unknown_task", "Uppgiften finns inte i inventeringen.", "participation")
INVALID_HOURS = ErrorCode(
    "invalid_hours",
    "Ange timmar per vecka som ett tal från 0 till {limit}, med högst en decimal.",
    "participation",
)
MISSING_ENERGY = ErrorCode(
    "missing_energy", "Välj hur mycket energi uppgiften tar.", "participation"
)
INVALID_ENERGY = ErrorCode(
    "invalid_energy", "Energin måste vara ett av värdena {allowed}.", "participation"
)
MISSING_TEACHER = ErrorCode(
    "missing_teacher", "Välj om uppgiften behöver utföras av en lärare.", "participation"
)
INVALID_TEACHER = ErrorCode(
    "invalid_teacher", "Svaret måste vara ett av yes, partly eller no.", "participation"
)
INVALID_TASK_ANSWER = ErrorCode(
    "invalid_task_answer",
    "Svaret på uppgiften måste vara ett objekt med hours, energy och teacher.",
    "participation",
)
