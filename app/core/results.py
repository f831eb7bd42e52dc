"""The result model: a response's scores seen through the questionnaire version it was made
against (areas, levels and materials by object, not by id)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from app.core.questionnaires import Questionnaire
from app.core.questionnaires.schema import (
    DONT_KNOW,
    Activity,
    Area,
    Level,
    Material,
    Statement,
)
from app.core.scoring import Answer, AreaScore, ScoreResult, normalised, overall_level


def rounded(value: float | None) -> float | None:
    """Rule 7: one decimal, for output only."""
    return None if value is None else round(value, 1)


class StatementAnswer(NamedTuple):
    """A statement with the answer given: a value on the scale or DONT_KNOW, and its label.
    A named tuple: every result has one for each statement, and a tuple is made several
    times faster than a frozen dataclass."""

    statement: Statement
    answer: Answer
    label: str

    @property
    def is_dont_know(self) -> bool:
        return isinstance(self.answer, str)


def statement_answers(
    questionnaire: Questionnaire, area: Area, answers: Mapping[str, Answer]
) -> tuple[StatementAnswer, ...]:
    """An area's statements in file order, each with its answer (missing counts as DONT_KNOW,
    as in scoring) and that answer's label on the scale."""
    scale = questionnaire.scale
    labels = scale.labels
    dont_know = scale.dont_know or DONT_KNOW
    result = []
    for statement in area.statements:
        value = answers.get(statement.id, DONT_KNOW)
        if isinstance(value, str):
            result.append(StatementAnswer(statement, DONT_KNOW, dont_know))
        else:
            result.append(StatementAnswer(statement, value, labels.get(value, str(value))))
    return tuple(result)


def suggested_activities(area: Area, score: AreaScore) -> tuple[Activity, ...]:
    """The area's example activities when it is weak (rule 5), none otherwise: they are
    suggested where work is needed, and later become the first items of an action plan."""
    return tuple(area.activities) if score.weak else ()


@dataclass(frozen=True)
class AreaResult:
    area: Area
    score: AreaScore
    level: Level | None
    statements: tuple[StatementAnswer, ...] = ()

    @property
    def rounded_score(self) -> float | None:
        return rounded(self.score.score)

    @property
    def activities(self) -> tuple[Activity, ...]:
        return suggested_activities(self.area, self.score)

    def lowest_first(self, questionnaire: Questionnaire) -> tuple[StatementAnswer, ...]:
        """The statements by their place on the scale (rule 1, so a reversed statement counts
        the other way), lowest first; DONT_KNOW last; ties in file order."""

        def key(item: StatementAnswer) -> tuple[int, float]:
            if isinstance(item.answer, str):
                return (1, 0.0)
            return (0, float(normalised(questionnaire, item.statement, item.answer)))

        return tuple(sorted(self.statements, key=key))


@dataclass(frozen=True)
class Recommended:
    material: Material
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class ResultView:
    id: str
    questionnaire: Questionnaire
    created_at: datetime
    scores: ScoreResult
    areas: tuple[AreaResult, ...]
    weak_areas: tuple[AreaResult, ...]
    recommendations: tuple[Recommended, ...]
    level: Level | None = None  # the overall score's level (rule 3 on rule 4)
    answers: Mapping[str, Answer] = field(default_factory=dict)

    @property
    def overall(self) -> float | None:
        return rounded(self.scores.overall)

    @property
    def described_levels(self) -> tuple[Level, ...]:
        """The levels the page names up top (overall and weak areas) that have a description,
        each once, in file order."""
        shown = {self.level.id} if self.level else set()
        shown.update(a.level.id for a in self.weak_areas if a.level)
        return tuple(
            level for level in self.questionnaire.levels if level.id in shown and level.description
        )


def build_view(
    result_id: str,
    created_at: datetime,
    questionnaire: Questionnaire,
    scores: ScoreResult,
    answers: Mapping[str, Answer] | None = None,
) -> ResultView:
    given: Mapping[str, Answer] = answers if answers is not None else {}
    areas = tuple(
        AreaResult(
            questionnaire.area(s.area_id),
            s,
            questionnaire.level(s.level_id) if s.level_id else None,
            statement_answers(questionnaire, questionnaire.area(s.area_id), given),
        )
        for s in scores.areas
    )
    by_id = {a.area.id: a for a in areas}
    return ResultView(
        id=result_id,
        questionnaire=questionnaire,
        # SQLite hands back naive datetimes; everything is stored in UTC.
        created_at=created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC),
        scores=scores,
        areas=areas,
        weak_areas=tuple(by_id[area_id] for area_id in scores.weak_areas),
        recommendations=tuple(
            Recommended(
                questionnaire.material(r.material_id),
                tuple(questionnaire.area(area_id) for area_id in r.area_ids),
            )
            for r in scores.recommendations
        ),
        level=overall_level(questionnaire, scores),
        answers=given,
    )
