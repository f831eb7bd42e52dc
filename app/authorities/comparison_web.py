"""A round's comparison as a page: the API's typed `Comparison`, as a sortable data table with
the spread per area, the authority's own result, the heatmap and the downloads.

The comparison is built by the same function as the JSON, the files and the heatmap
(`app.authorities.lookups.round_comparison`), with the signed-in user's authority, so every
view shows the same numbers; another authority's round is 404 like one that does not exist.
"""

from __future__ import annotations

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
    Comparison,
    SchoolRow,
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
    # Escaped once here, not once per cell by the template (a few thousand cells on a page).
    levels = {
        level.id: (escape(level.label), Markup(i))
        for i, level in enumerate(found.questionnaire.levels)
    }
    return page(
        request,
        "comparison.html",
        user,
        comparison=found,
        rows=[
            (
                row,
                path_for(request.app, "web:authority_school", school_id=row.school.id),
                _cells(row, levels),
            )
            for row in rows
        ],
        sort=sort,
        descending=descending,
        weak=weak,
        responded=sum(1 for row in found.rows if row.responded),
        heatmap_alt=_heatmap_alt(found),
    )


Cell = tuple[Markup, Markup, Markup]
NO_LEVEL = (Markup(""), Markup("0"))


def _cells(row: SchoolRow, levels: dict[str, tuple[Markup, Markup]]) -> list[Cell]:
    """Each cell as the table shows it: the score as Swedish text (empty without one), the
    level in words and the level's index (for its colour). Made here rather than by a
    template macro per cell: with 200 schools that macro was most of the page's time."""
    shown: list[Cell] = []
    for cell in row.cells:
        if cell.score is None:
            shown.append((Markup(""), *NO_LEVEL))
        else:
            label, index = levels.get(cell.level_id or "", NO_LEVEL)
            # Digits and a comma: nothing to escape.
            shown.append((Markup(swedish_number(cell.score)), label, index))
    return shown


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
