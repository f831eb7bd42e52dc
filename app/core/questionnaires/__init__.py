"""The questionnaire format: schema, loading with precise error positions, and the catalogue."""

from app.core.questionnaires.catalog import Catalog, QuestionnaireVersion
from app.core.questionnaires.loader import (
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
from app.core.questionnaires.schema import DONT_KNOW, Questionnaire

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DONT_KNOW",
    "Catalog",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "QuestionnaireVersion",
    "check_files",
    "definition_hash",
    "load_file",
    "load_files",
    "parse_questionnaire",
    "questionnaire_files",
]
