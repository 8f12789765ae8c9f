"""Exercise templates (`/exercises/templates`): mine to create, edit and
delete (after a confirmation page), and other trainers' public ones to read.
The API's exercise template routes (programs/template_routes.py) are the
rules: only the trainer who wrote a template changes it; anyone else's is
not found (404).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter.context import Context
from spotter.db.models import ExerciseTemplate
from spotter.kit.errors import ProblemError
from spotter.kit.pagination import PageQuery
from spotter.programs import service as programs_service
from spotter.programs.kinds import EXERCISE_TEMPLATES
from spotter.programs.schemas import ExerciseTemplateIn
from spotter.web.deps import CurrentViewer, Viewer, WebContext, attempt, trainers_only
from spotter.web.pages.exercises_checks import Checker
from spotter.web.pages.exercises_labels import LEVELS
from spotter.web.pages.exercises_template_form import (
    TemplateDraft,
    draft_from_form,
    draft_from_template,
    to_body,
)
from spotter.web.pages.forms import form_fields
from spotter.web.pages.owned import own_template, save_template
from spotter.web.render import render, translate

# Pages only a trainer uses; a trainee is sent to /exercises.
router = APIRouter(dependencies=trainers_only("/exercises"))
LISTED = PageQuery(100, None)


def _notice(request: Request, key: str) -> str | None:
    words = {
        "created": translate(request, "The template was created."),
        "saved": translate(request, "Your changes were saved."),
        "deleted": translate(request, "The template was deleted."),
    }
    return words.get(key)


@router.get("/exercises/templates")
async def templates_page(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    mine = await programs_service.list_templates(ctx, ExerciseTemplate, True, LISTED)
    visible = await programs_service.list_templates(ctx, ExerciseTemplate, False, LISTED)
    by_name = sorted(mine[: LISTED.limit], key=lambda t: t.name.casefold())
    return render(
        request,
        "exercises_templates.html",
        mine=by_name,
        public=[t for t in visible[: LISTED.limit] if t.created_by != viewer.principal.id],
        levels=LEVELS,
        notice=_notice(request, done),
    )


def _form_page(
    request: Request,
    draft: TemplateDraft,
    template: ExerciseTemplate | None,
    status_code: int = 200,
) -> Response:
    action = f"/exercises/templates/{template.id}/edit" if template else "/exercises/templates/new"
    return render(
        request,
        "exercises_template_form.html",
        status_code=status_code,
        draft=draft,
        ex_template=template,
        levels=LEVELS,
        action=action,
    )


async def _submitted(
    request: Request, viewer: Viewer, ctx: Context, template: ExerciseTemplate | None
) -> Response:
    """ "Add exercise" shows the form again with more rows; "Save" saves and
    goes back to the list, or shows the form with what was wrong (422)."""
    form = await form_fields(request)
    draft = draft_from_form(form)
    if form.get("action") == "add":
        return _form_page(request, draft.with_blank_rows(), template)
    check = Checker(request)
    body = to_body(check, draft, viewer.weight_unit)
    draft.errors = check.errors
    if body is None:
        return _form_page(request, draft.with_blank_rows(1), template, status_code=422)
    checked: ExerciseTemplateIn = body
    saved = await attempt(
        ctx.session, lambda: save_template(ctx, EXERCISE_TEMPLATES, template, checked)
    )
    if isinstance(saved, ProblemError):
        # Another trainer's private exercise named by a kept library id.
        draft.errors["exercises"] = saved.detail
        return _form_page(request, draft.with_blank_rows(1), template, saved.status)
    done = "saved" if template else "created"
    return RedirectResponse(f"/exercises/templates?done={done}", status_code=303)


@router.get("/exercises/templates/new")
async def new_template(request: Request) -> Response:
    return _form_page(request, TemplateDraft().with_blank_rows(3), None)


@router.post("/exercises/templates/new")
async def create_template(request: Request, viewer: CurrentViewer, ctx: WebContext) -> Response:
    return await _submitted(request, viewer, ctx, None)


OwnTemplate = Annotated[ExerciseTemplate, own_template(ExerciseTemplate, "template_id")]


@router.get("/exercises/templates/{template_id}/edit")
async def edit_template(request: Request, template: OwnTemplate, viewer: CurrentViewer) -> Response:
    return _form_page(request, draft_from_template(template, viewer.weight_unit), template)


@router.post("/exercises/templates/{template_id}/edit")
async def update_template(
    request: Request, template: OwnTemplate, viewer: CurrentViewer, ctx: WebContext
) -> Response:
    return await _submitted(request, viewer, ctx, template)


@router.get("/exercises/templates/{template_id}/delete")
async def confirm_delete(request: Request, template: OwnTemplate) -> Response:
    return render(request, "exercises_template_delete.html", ex_template=template)


@router.post("/exercises/templates/{template_id}/delete")
async def delete_template(template: OwnTemplate, ctx: WebContext) -> Response:
    await programs_service.delete_template(ctx, template)
    return RedirectResponse("/exercises/templates?done=deleted", status_code=303)
