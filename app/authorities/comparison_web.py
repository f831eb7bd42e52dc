"""A round's comparison as a page: the API's typed `Comparison`, as a sortable data table with
the spread per area, the authority's own result, the heatmap and the downloads.

The comparison is built by the same function as the JSON, the files and the heatmap
(`app.authorities.lookups.round_comparison`), with the signed-in user's authority, so every
view shows the same numbers; another authority's round is 404 like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from app.authorities.api import (
    get_comparison_csv,
    get_comparison_svg,
    get_comparison_xlsx,
)
from app.authorities.comparison import (
    SORT_BY_OVERALL,
    SORT_BY_SCHOOL,
    AreaCell,
    Comparison,
    sorted_rows,
    weak_in,
)
from app.authorities.deps import CurrentUser
from app.authorities.lookups import round_comparison
from app.authorities.pages import NO_STORE, page
from app.platform.deps import SessionDep, StateDep
from app.platform.urls import path_for
from app.web.rendering import swedish_number

router = APIRouter(include_in_schema=False)


@router.get("/authority/rounds/{round_id}/comparison", name="web:authority_comparison")
def comparison_page(
    request: Request,
    round_id: str,
    user: CurrentUser,
    session: SessionDep,
    state: StateDep,
    sort: str = SORT_BY_SCHOOL,
    order: str = "asc",
    weak: str = "",
) -> HTMLResponse:
    found = round_comparison(round_id, user.authority, session, state)
    area_ids = [area.id for area in found.areas]
    if sort not in (SORT_BY_SCHOOL, SORT_BY_OVERALL, *area_ids):
        sort = SORT_BY_SCHOOL
    descending = order == "desc"
    rows = sorted_rows(found, sort, descending)
    weak = weak if weak in area_ids else ""
    if weak:
        rows = weak_in(rows, weak)
    cell_text = _cell_texts(found)
    return page(
        request,
        "comparison.html",
        user,
        comparison=found,
        rows=[
            (
                row,
                path_for(request.app, "web:authority_school", school_id=row.school.id),
                [cell_text(cell) for cell in row.cells],
            )
            for row in rows
        ],
        area_columns=[(area.id, area.title) for area in found.areas],
        sort=sort,
        descending=descending,
        weak=weak,
        responded=sum(1 for row in found.rows if row.responded),
        heatmap_alt=_heatmap_alt(found),
    )


# A cell as the table shows it: the score as Swedish text (empty without one), the level in
# words and the level's index (for its colour), each already escaped: the template writes
# them as they are.
Cell = tuple[Markup, Markup, Markup]
NO_LEVEL = (Markup(""), Markup("0"))
NO_SCORE: Cell = (Markup(""), *NO_LEVEL)


def _cell_texts(found: Comparison) -> Callable[[AreaCell], Cell]:
    """Each cell's text, made once per page for each score and level that occur (a page of 200
    schools has a few thousand cells, and far fewer distinct ones) rather than per cell by the
    template."""
    levels = {
        level.id: (escape(level.label), Markup(i))
        for i, level in enumerate(found.questionnaire.levels)
    }
    made: dict[tuple[float, str | None], Cell] = {}

    def cell_text(cell: AreaCell) -> Cell:
        if cell.score is None:
            return NO_SCORE
        key = (cell.score, cell.level_id)
        text = made.get(key)
        if text is None:
            label, index = levels.get(cell.level_id or "", NO_LEVEL)
            # Digits and a comma: nothing to escape.
            text = made[key] = (Markup(swedish_number(cell.score)), label, index)
        return text

    return cell_text


def _heatmap_alt(found: Comparison) -> str:
    return (
        f"Värmekarta över {len(found.rows)} skolor och {len(found.areas)} områden, "
        "färgad efter nivå. Samma poäng och nivåer står i tabellen ovan."
    )


@router.get("/authority/rounds/{round_id}/comparison.csv", name="web:authority_comparison_csv")
def comparison_csv(
    round_id: str, user: CurrentUser, session: SessionDep, state: StateDep
) -> Response:
    return _private(get_comparison_csv(round_comparison(round_id, user.authority, session, state)))


@router.get("/authority/rounds/{round_id}/comparison.xlsx", name="web:authority_comparison_xlsx")
def comparison_xlsx(
    round_id: str, user: CurrentUser, session: SessionDep, state: StateDep
) -> Response:
    return _private(get_comparison_xlsx(round_comparison(round_id, user.authority, session, state)))


@router.get("/authority/rounds/{round_id}/comparison.svg", name="web:authority_comparison_svg")
def comparison_svg(
    round_id: str, user: CurrentUser, session: SessionDep, state: StateDep
) -> Response:
    return _private(get_comparison_svg(round_comparison(round_id, user.authority, session, state)))


def _private(response: Response) -> Response:
    """The API's file, for the signed-in user's authority: one authority's data, not cached."""
    response.headers.update(NO_STORE)
    return response
