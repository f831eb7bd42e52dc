"""The questionnaire form page, shared by the public self-check and the invitation links."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse

from app.core.answers import AnswerProblem
from app.core.questionnaires import QuestionnaireVersion
from app.platform.urls import path_for
from app.web.forms import problems_by_statement
from app.web.rendering import render_page

FORM_TEMPLATE = "selfcheck/check.html"


@dataclass(frozen=True)
class FormTarget:
    """What a form page is for: a questionnaire version, its heading and where it posts; for an
    invitation, its id and the authority that sent it, whom the form names as getting the
    answers."""

    version: QuestionnaireVersion
    heading: str
    action: str
    invitation_id: str | None = None
    authority_name: str | None = None


def form_page(
    request: Request,
    form: FormTarget,
    checked: dict[str, str],
    problems: list[AnswerProblem],
) -> str:
    """The form, with what was checked and the problems of a refused post, if any."""
    return render_page(
        request,
        FORM_TEMPLATE,
        heading=form.heading,
        action=form.action,
        shared_with=form.authority_name,
        questionnaire=form.version.questionnaire,
        checked=checked,
        problems=problems,
        problem_for=problems_by_statement(problems),
        statement_ids={s.id for s in form.version.questionnaire.statements},
    )


def see_result(request: Request, result_id: str) -> RedirectResponse:
    """After a post: on to the result page (post, redirect, get)."""
    return RedirectResponse(
        path_for(request.app, "web:result", result_id=result_id), status_code=303
    )
