"""An authority's view of a round: each school's stored scores side by side, and their spread;
and one school's scores across rounds.

Nothing is scored here: every number comes from the scores stored with each response. Numbers
are rounded to one decimal (rule 7) here, once, so the JSON, the files and the heatmap show the
same values; a mean is taken over the unrounded scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from statistics import fmean

from app.authorities.models import SurveyRound
from app.authorities.service import LatestResponse, SchoolRef
from app.core.questionnaires import Questionnaire
from app.core.questionnaires.schema import Area
from app.core.results import ResultView, rounded
from app.core.scoring import AreaScore
from app.core.swedish import swedish_key


@dataclass(frozen=True, slots=True)
class RoundRef:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class QuestionnaireRef:
    """The questionnaire version a round is pinned to."""

    id: str
    version: int


@dataclass(frozen=True, slots=True)
class AreaCell:
    """One school's result in one area; both None without a response or any answer there."""

    area_id: str
    score: float | None
    level_id: str | None


@dataclass(frozen=True, slots=True)
class SchoolRow:
    school: SchoolRef
    response_id: str | None
    submitted_at: datetime | None
    overall: float | None
    cells: tuple[AreaCell, ...]  # in the questionnaire's area order
    weak_areas: tuple[str, ...]

    @property
    def responded(self) -> bool:
        return self.response_id is not None


@dataclass(frozen=True, slots=True)
class AreaSummary:
    """One area over the schools that answered it; mean, min and max are None when none did."""

    area_id: str
    mean: float | None
    min: float | None
    max: float | None
    responded: int
    weak: int


@dataclass(frozen=True, slots=True)
class Comparison:
    survey_round: RoundRef
    questionnaire_ref: QuestionnaireRef
    questionnaire: Questionnaire  # the definition the round was made with
    rows: tuple[SchoolRow, ...]  # by school name, in Swedish order (ties by id)
    summary: tuple[AreaSummary, ...]  # in the questionnaire's area order
    authority: ResultView | None  # the authority's own response in the round, if any

    @property
    def areas(self) -> Sequence[Area]:
        return self.questionnaire.areas


@dataclass(frozen=True, slots=True)
class SchoolResponse:
    school: SchoolRef
    response: LatestResponse | None


@dataclass(frozen=True, slots=True)
class RoundResponse:
    """A round a school was invited to, with the school's latest response in it."""

    survey_round: SurveyRound
    questionnaire: Questionnaire
    response: LatestResponse | None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    survey_round: RoundRef
    questionnaire_ref: QuestionnaireRef
    response_id: str | None
    submitted_at: datetime | None
    overall: float | None
    cells: tuple[AreaCell, ...]
    # Areas with the same id compare across versions; this marks where they may not.
    version_changed: bool


@dataclass(frozen=True, slots=True)
class SchoolHistory:
    school: SchoolRef
    rounds: tuple[HistoryEntry, ...]  # oldest first


def utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def round_ref(survey_round: SurveyRound) -> RoundRef:
    return RoundRef(survey_round.id, survey_round.name, utc(survey_round.created_at))


def questionnaire_ref(survey_round: SurveyRound) -> QuestionnaireRef:
    return QuestionnaireRef(survey_round.questionnaire_id, survey_round.questionnaire_version)


def compare(
    survey_round: SurveyRound,
    questionnaire: Questionnaire,
    responses: Sequence[SchoolResponse],
    authority: ResultView | None,
) -> Comparison:
    # Sorted here, once, so the JSON, the files and the heatmap list the schools alike.
    ordered = sorted(responses, key=lambda r: (swedish_key(r.school.name), r.school.id))
    cells = _cells_of(questionnaire)
    return Comparison(
        survey_round=round_ref(survey_round),
        questionnaire_ref=questionnaire_ref(survey_round),
        questionnaire=questionnaire,
        rows=tuple(_school_row(r, cells) for r in ordered),
        summary=_summary(ordered, questionnaire),
        authority=authority,
    )


def school_history(school: SchoolRef, rounds: Sequence[RoundResponse]) -> SchoolHistory:
    entries: list[HistoryEntry] = []
    for found in rounds:
        response, pinned = found.response, questionnaire_ref(found.survey_round)
        entries.append(
            HistoryEntry(
                survey_round=round_ref(found.survey_round),
                questionnaire_ref=pinned,
                response_id=response.id if response else None,
                submitted_at=utc(response.created_at) if response else None,
                overall=rounded(response.scores.overall) if response else None,
                cells=_cells(response, found.questionnaire),
                version_changed=bool(entries) and entries[-1].questionnaire_ref != pinned,
            )
        )
    return SchoolHistory(school, tuple(entries))


def _school_row(found: SchoolResponse, cells: CellsOf) -> SchoolRow:
    response = found.response
    return SchoolRow(
        school=found.school,
        response_id=response.id if response else None,
        submitted_at=utc(response.created_at) if response else None,
        overall=rounded(response.scores.overall) if response else None,
        cells=cells(response),
        weak_areas=response.scores.weak_areas if response else (),
    )


def _summary(
    responses: Sequence[SchoolResponse], questionnaire: Questionnaire
) -> tuple[AreaSummary, ...]:
    answered: dict[str, list[AreaScore]] = {area.id: [] for area in questionnaire.areas}
    for found in responses:
        for stored in found.response.scores.areas if found.response else ():
            if stored.score is not None and stored.area_id in answered:
                answered[stored.area_id].append(stored)
    return tuple(_area_summary(area_id, areas) for area_id, areas in answered.items())


def _area_summary(area_id: str, answered: Sequence[AreaScore]) -> AreaSummary:
    scores = [a.score for a in answered if a.score is not None]
    return AreaSummary(
        area_id=area_id,
        mean=rounded(fmean(scores)) if scores else None,
        min=rounded(min(scores)) if scores else None,
        max=rounded(max(scores)) if scores else None,
        responded=len(scores),
        weak=sum(1 for a in answered if a.weak),
    )


def _cells(response: LatestResponse | None, questionnaire: Questionnaire) -> tuple[AreaCell, ...]:
    """One cell per area of the questionnaire, empty where the response has no score."""
    return _cells_of(questionnaire)(response)


CellsOf = Callable[[LatestResponse | None], tuple[AreaCell, ...]]


def _cells_of(questionnaire: Questionnaire) -> CellsOf:
    """The cells of each response, as `_cells`. An area's score takes few distinct values (a
    handful of statements on a short scale), so each cell is made once per comparison and shared
    by the rows that have it: looking a frozen cell up costs less than making one."""
    empty = tuple(AreaCell(area.id, None, None) for area in questionnaire.areas)
    made: dict[tuple[str, float | None, str | None], AreaCell] = {}

    def cells(response: LatestResponse | None) -> tuple[AreaCell, ...]:
        if response is None:
            return empty
        stored = {a.area_id: a for a in response.scores.areas}
        shown: list[AreaCell] = []
        for blank in empty:
            found = stored.get(blank.area_id)
            if found is None:
                shown.append(blank)
                continue
            key = (blank.area_id, found.score, found.level_id)
            cell = made.get(key)
            if cell is None:
                cell = made[key] = AreaCell(blank.area_id, rounded(found.score), found.level_id)
            shown.append(cell)
        return tuple(shown)

    return cells


# The comparison page's order and filter -----------------------------------------------------

SORT_BY_SCHOOL = "school"
SORT_BY_OVERALL = "overall"


def sorted_rows(comparison: Comparison, by: str, descending: bool) -> tuple[SchoolRow, ...]:
    """The rows by the school's name, its overall score or an area's score (`by` is the
    area's id). Schools without a score there come last either way; ties keep name order."""
    area_ids = [area.id for area in comparison.areas]
    if by == SORT_BY_OVERALL:

        def value(row: SchoolRow) -> float | None:
            return row.overall

    elif by in area_ids:
        index = area_ids.index(by)

        def value(row: SchoolRow) -> float | None:
            return row.cells[index].score

    else:
        rows = comparison.rows
        return tuple(reversed(rows)) if descending else rows
    scored = [row for row in comparison.rows if value(row) is not None]
    scored.sort(key=lambda row: value(row) or 0.0, reverse=descending)
    return (*scored, *(row for row in comparison.rows if value(row) is None))


def weak_in(rows: Sequence[SchoolRow], area_id: str) -> tuple[SchoolRow, ...]:
    """The schools whose answers make `area_id` one of their weak areas."""
    return tuple(row for row in rows if area_id in row.weak_areas)
