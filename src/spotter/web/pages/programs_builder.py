"""The program builder: `/programs/new` and `/programs/<id>/edit` (the
program's own trainer only; anyone else gets a 404, as the API answers).

One form posts everything; its submit buttons say what to do: "Save", or
change the grid and show it again ("Add exercise", "Remove", "Duplicate
week", "Update weeks"), which programs.js does in place when JS runs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from spotter.context import Context
from spotter.db.models import ExerciseTemplate, ProgramTemplate
from spotter.kit.errors import ProblemError
from spotter.kit.pagination import PageQuery
from spotter.programs import service as programs_service
from spotter.programs.kinds import PROGRAM_TEMPLATES
from spotter.programs.schemas import ProgramTemplateIn
from spotter.web.deps import CurrentViewer, Viewer, WebContext, attempt, trainers_only
from spotter.web.pages.forms import form_fields
from spotter.web.pages.owned import own_template, save_template
from spotter.web.pages.programs_check import to_body
from spotter.web.pages.programs_form import (
    DIFFICULTIES,
    WEEKDAYS,
    ProgramDraft,
    apply_action,
    draft_from_form,
    draft_from_template,
)
from spotter.web.render import render

# Pages only a trainer uses; a trainee is sent to /.
router = APIRouter(dependencies=trainers_only("/"))
TEMPLATE_CHOICES = PageQuery(100, None)


async def exercise_templates(ctx: Context) -> list[tuple[str, str]]:
    """(id, name) of the exercise templates I may put on a day: mine and public."""
    rows = await programs_service.list_templates(ctx, ExerciseTemplate, False, TEMPLATE_CHOICES)
    chosen = sorted(rows[: TEMPLATE_CHOICES.limit], key=lambda t: t.name.casefold())
    return [(str(t.id), t.name) for t in chosen]


def _builder(
    request: Request,
    draft: ProgramDraft,
    templates: list[tuple[str, str]],
    program: ProgramTemplate | None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "programs_builder.html",
        status_code=status_code,
        draft=draft,
        templates=templates,
        program=program,
        weekdays=WEEKDAYS,
        difficulties=DIFFICULTIES,
        action=f"/programs/{program.id}/edit" if program else "/programs/new",
    )


async def _submitted(
    request: Request, viewer: Viewer, ctx: Context, program: ProgramTemplate | None
) -> Response:
    """Change the grid and show it again, or save and go to the program's page."""
    form = await form_fields(request)
    draft = draft_from_form(form)
    templates = await exercise_templates(ctx)
    action = form.get("action", "save")
    if action != "save":
        apply_action(draft, action)
        return _builder(request, draft, templates, program)
    body = to_body(request, draft, viewer.weight_unit, {tid for tid, _ in templates})
    if body is None:
        return _builder(request, draft, templates, program, status_code=422)
    checked: ProgramTemplateIn = body
    saved = await attempt(
        ctx.session, lambda: save_template(ctx, PROGRAM_TEMPLATES, program, checked)
    )
    if isinstance(saved, ProblemError):
        draft.errors["plan"] = saved.detail
        return _builder(request, draft, templates, program, status_code=saved.status)
    return RedirectResponse(f"/programs/{saved.id}?saved=1", status_code=303)


@router.get("/programs/new")
async def new_program(request: Request, ctx: WebContext) -> Response:
    draft = ProgramDraft()
    draft.fields["duration_weeks"] = "1"
    return _builder(request, draft, await exercise_templates(ctx), None)


@router.post("/programs/new")
async def create_program(request: Request, viewer: CurrentViewer, ctx: WebContext) -> Response:
    return await _submitted(request, viewer, ctx, None)


OwnProgram = Annotated[ProgramTemplate, own_template(ProgramTemplate, "program_id")]


@router.get("/programs/{program_id}/edit")
async def edit_program(
    request: Request, program: OwnProgram, viewer: CurrentViewer, ctx: WebContext
) -> Response:
    draft = draft_from_template(program, viewer.weight_unit)
    return _builder(request, draft, await exercise_templates(ctx), program)


@router.post("/programs/{program_id}/edit")
async def update_program(
    request: Request, program: OwnProgram, viewer: CurrentViewer, ctx: WebContext
) -> Response:
    return await _submitted(request, viewer, ctx, program)
