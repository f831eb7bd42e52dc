"""The web view's schools: the list, adding one, importing a CSV file, and a school's history.

Adding goes through the API's shape (`SchoolCreate`) and service (`add_school`), so a page
refuses what the API refuses and answers 409 where it does; the problems are shown in the
page's error summary.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.authorities import messages
from app.authorities import service as authorities
from app.authorities.csv_import import ImportCheck, check_import
from app.authorities.deps import CsrfChecked, CurrentUser, SignedIn
from app.authorities.form_checks import FieldProblem, checked
from app.authorities.history_api import get_history_svg
from app.authorities.lookups import history_areas, history_of
from app.authorities.models import School
from app.authorities.pages import page
from app.authorities.schemas import SchoolCreate
from app.platform.deps import SessionDep, StateDep
from app.platform.urls import path_for

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]


@router.get("/authority/schools", name="web:authority_schools")
def schools_page(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    added: str | None = None,
    imported: int | None = None,
    skipped: int | None = None,
) -> HTMLResponse:
    notices = []
    if added:
        notices.append(messages.SCHOOL_ADDED.format(name=added))
    if imported is not None:
        notices.append(messages.IMPORT_DONE.format(count=imported))
    if skipped:
        notices.append(messages.IMPORT_SKIPPED.format(count=skipped))
    return schools_form(request, user, session, notices=notices)


def schools_form(
    request: Request,
    user: SignedIn,
    session: Session,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    problems: list[FieldProblem] | None = None,
    found: ImportCheck | None = None,
    notices: list[str] | None = None,
) -> HTMLResponse:
    return page(
        request,
        "schools.html",
        user,
        status=status,
        schools=authorities.list_schools(session, user.authority),
        values=values or {"name": "", "school_unit_code": ""},
        problems=problems or [],
        found=found,
        notices=notices or [],
    )


@router.post("/authority/schools", name="web:authority_school_add", dependencies=[CsrfChecked])
def add_school(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    name: FormText = "",
    school_unit_code: FormText = "",
) -> Response:
    values = {"name": name, "school_unit_code": school_unit_code}
    form = checked(SchoolCreate, values)
    if isinstance(form, list):
        return schools_form(request, user, session, status=422, values=values, problems=form)
    try:
        # A savepoint: the unique constraint catches two adding the same code at once.
        with session.begin_nested():
            school = authorities.add_school(
                session, user.authority, form.name, form.school_unit_code
            )
    except (authorities.DuplicateSchool, IntegrityError):
        problem: FieldProblem = ("school_unit_code", messages.DUPLICATE_SCHOOL)
        return schools_form(request, user, session, status=409, values=values, problems=[problem])
    target = path_for(request.app, "web:authority_schools")
    return _see(target, {"added": school.name})


@router.post(
    "/authority/schools/import", name="web:authority_school_import", dependencies=[CsrfChecked]
)
def import_schools(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    file: Annotated[UploadFile | None, File()] = None,
    skip_existing: FormText = "",
) -> Response:
    # Within the 64 KiB body limit, so the whole upload is in memory already.
    data = file.file.read() if file is not None else b""
    return _import(request, user, session, data, skip=bool(skip_existing))


def _import(
    request: Request, user: SignedIn, session: Session, data: bytes, *, skip: bool
) -> Response:
    if not data.strip():
        problem: FieldProblem = (
            "file",
            messages.IMPORT_NO_FILE if not data else messages.IMPORT_EMPTY,
        )
        return schools_form(request, user, session, status=422, problems=[problem])
    taken = {s.school_unit_code: s.name for s in authorities.list_schools(session, user.authority)}
    found = check_import(data, taken)
    if not found.rows and not found.existing and not found.problems:
        return schools_form(
            request, user, session, status=422, problems=[("file", messages.IMPORT_EMPTY)]
        )
    if found.problems or (found.existing and not skip):
        status = 422 if found.problems else 409
        return schools_form(request, user, session, status=status, found=found)
    for row in found.rows:
        authorities.add_school(session, user.authority, row.name, row.code)
    target = path_for(request.app, "web:authority_schools")
    return _see(target, {"imported": str(len(found.rows)), "skipped": str(len(found.existing))})


def _see(path: str, query: dict[str, str]) -> Response:
    return RedirectResponse(f"{path}?{urlencode(query)}", status_code=303)


@router.get("/authority/schools/{school_id}", name="web:authority_school")
def school_page(
    request: Request, school_id: str, user: CurrentUser, session: SessionDep, state: StateDep
) -> HTMLResponse:
    school = school_or_404(session, user, school_id)
    history = history_of(session, state, user.authority, school)
    areas = history_areas(session, state, user.authority, history)
    return page(request, "school.html", user, school=school, history=history, areas=areas)


@router.get("/authority/schools/{school_id}/history.svg", name="web:authority_history_svg")
def history_svg(
    school_id: str, user: CurrentUser, session: SessionDep, state: StateDep
) -> Response:
    """The API's chart, for the signed-in user's authority."""
    response = get_history_svg(school_id, user.authority, session, state)
    response.headers["Cache-Control"] = "no-store"
    return response


def school_or_404(session: Session, user: SignedIn, school_id: str) -> School:
    school = authorities.get_school(session, user.authority, school_id)
    if school is None:
        raise HTTPException(404)
    return school
