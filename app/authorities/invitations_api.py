"""A round's invitation links as a CSV file: one row per school, for an official to send out.

Each link is the key to answering for its school, so the file is sent with `no-store`, as
the round's JSON body is, and only to the round's own authority: another authority's round is
404 exactly like one that does not exist. The file keeps the comparison CSV's conventions
(UTF-8 with a byte order mark, semicolons, formulas kept as text; `app.authorities.exports`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from app.authorities import messages
from app.authorities import service as authorities
from app.authorities.bodies import invitation_order, invitation_url
from app.authorities.deps import CurrentAuthority
from app.authorities.exports import Cell, safe_rows, to_csv
from app.authorities.models import Authority
from app.authorities.routing import refuse_other_methods
from app.authorities.service import SchoolRef
from app.platform.deps import SessionDep, StateDep
from app.platform.errors import ERRORS

router = APIRouter(
    prefix="/api/v1", tags=["authorities"], responses={401: ERRORS[401], 404: ERRORS[404]}
)
CSV = "text/csv; charset=utf-8"
NO_STORE = "no-store"
INVITATIONS_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The round's invitations as CSV: Skola;Skolenhetskod;Länk;Svarat",
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "headers": {
            "Cache-Control": {
                "description": "`no-store`: the file carries invitation links",
                "required": True,
                "schema": {"type": "string", "const": NO_STORE},
            },
            "Content-Disposition": {
                "description": '`attachment; filename="inbjudningar-{round_id}.csv"`',
                "required": True,
                "schema": {"type": "string"},
            },
        },
    }
}


@router.get(
    "/rounds/{round_id}/invitations.csv", response_class=Response, responses=INVITATIONS_FILE
)
def get_invitations_csv(
    request: Request,
    round_id: str,
    authority: CurrentAuthority,
    session: SessionDep,
    state: StateDep,
) -> Response:
    """The authority's own invitation first (in a round for authorities), then the schools
    in Swedish alphabetical order."""
    survey_round = authorities.get_round(session, authority, round_id)
    if survey_round is None:
        raise HTTPException(404)
    invited = sorted(
        authorities.invited_schools(session, survey_round.id),
        key=lambda found: invitation_order(found[1]),
    )
    answered = authorities.latest_responses_in_round(session, survey_round.id, state.scores)
    rows = [
        _row(authority, school, invitation_url(request, invitation_id), invitation_id in answered)
        for invitation_id, school in invited
    ]
    header = [
        messages.COLUMN_SCHOOL,
        messages.COLUMN_SCHOOL_UNIT_CODE,
        messages.COLUMN_LINK,
        messages.COLUMN_RESPONDED,
    ]
    filename = messages.INVITATIONS_FILENAME.format(round_id=survey_round.id)
    return Response(
        to_csv(header, safe_rows(rows)),
        media_type=CSV,
        headers={
            "Cache-Control": NO_STORE,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def _row(authority: Authority, school: SchoolRef | None, url: str, responded: bool) -> list[Cell]:
    name = school.name if school else messages.OWN_INVITATION.format(authority=authority.name)
    code = school.school_unit_code if school else None
    return [name, code, url, messages.YES if responded else messages.NO]


refuse_other_methods(router)
