"""Programs (the trainer's): my and public program templates, one program's
plan with "Assign" to a trainee on the roster, and (programs_builder) the
builder. `?trainee=<id>` on the list is carried on to each program's page,
where it preselects the trainee to assign to.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter import clock
from spotter.context import Context
from spotter.db.models import ProgramTemplate
from spotter.kit.errors import NotFoundError, ProblemError
from spotter.kit.pagination import PageQuery
from spotter.kit.time_fields import parse_calendar_date
from spotter.programs import repository as programs_repository
from spotter.programs import service as programs_service
from spotter.programs.schemas import AssignIn
from spotter.web.deps import CurrentViewer, Viewer, WebContext, attempt
from spotter.web.pages import programs_builder
from spotter.web.pages.common import on_roster, people_names
from spotter.web.pages.forms import form_fields
from spotter.web.pages.history import weight
from spotter.web.pages.programs_builder import exercise_templates
from spotter.web.pages.programs_form import WEEKDAYS
from spotter.web.render import render, translate

router = APIRouter()
# Before `/programs/{program_id}`: "new" is not a program's id.
router.include_router(programs_builder.router)
LISTED = PageQuery(100, None)


@dataclass
class AssignForm:
    trainee: str = ""
    start: str = ""
    errors: dict[str, str] = field(default_factory=dict)


@router.get("/programs")
async def programs_page(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    trainee: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    if not viewer.is_trainer:
        return RedirectResponse("/", status_code=303)
    mine = await programs_service.list_templates(ctx, ProgramTemplate, True, LISTED)
    visible = await programs_service.list_templates(ctx, ProgramTemplate, False, LISTED)
    roster = await people_names(ctx)
    chosen = on_roster(trainee, roster)
    return render(
        request,
        "programs.html",
        mine=mine[: LISTED.limit],
        public=[p for p in visible[: LISTED.limit] if p.created_by != viewer.principal.id],
        trainee=chosen,
        trainee_name=roster.get(uuid.UUID(chosen)) if chosen else None,
    )


async def _program_page(
    request: Request,
    viewer: Viewer,
    ctx: Context,
    program: ProgramTemplate,
    form: AssignForm,
    *,
    open_form: bool,
    status_code: int = 200,
) -> Response:
    roster = await people_names(ctx) if viewer.is_trainer else {}
    mine = program.created_by == viewer.principal.id
    return render(
        request,
        "programs_detail.html",
        status_code=status_code,
        program=program,
        plan=_plan_by_week(program, viewer, dict(await exercise_templates(ctx))),
        can_edit=mine,
        # Mine or public: the service's rule for handing a program on.
        can_assign=viewer.is_trainer and (mine or bool(program.is_public)),
        trainees=sorted(roster.items(), key=lambda person: person[1].casefold()),
        form=form,
        open_form=open_form,
        saved=request.query_params.get("saved") == "1",
    )


@dataclass(frozen=True)
class PlannedDay:
    """One day of the plan as shown: an exercise template's name, or exercises
    as (name, sets, reps, weight in the viewer's unit)."""

    day: str
    template: str | None = None
    exercises: list[tuple[str, object, object, Decimal | None]] = field(default_factory=list)


def _planned_day(day: dict[str, Any], viewer: Viewer, names: dict[str, str]) -> PlannedDay:
    if day.get("templateId"):
        return PlannedDay(str(day["day"]), template=names.get(str(day["templateId"]), ""))
    exercises = [
        (
            str(e.get("name", "")),
            e.get("targetSets"),
            e.get("targetReps"),
            weight(viewer, e.get("targetWeight")),
        )
        for e in day.get("exercises") or []
    ]
    return PlannedDay(str(day["day"]), exercises=exercises)


def _plan_by_week(
    program: ProgramTemplate, viewer: Viewer, names: dict[str, str]
) -> list[tuple[int, list[PlannedDay]]]:
    """Every week 1..duration with its planned days, Monday first (rest days absent)."""
    by_week: dict[int, list[PlannedDay]] = {}
    for week in program.weekly_plan:
        days: list[dict[str, Any]] = week.get("days", [])
        planned = sorted(days, key=lambda d: WEEKDAYS.index(str(d["day"])))
        by_week[int(str(week.get("week", 1)))] = [_planned_day(d, viewer, names) for d in planned]
    return [(n, by_week.get(n, [])) for n in range(1, program.duration_weeks + 1)]


@router.get("/programs/{program_id}")
async def program_page(
    request: Request,
    program_id: uuid.UUID,
    viewer: CurrentViewer,
    ctx: WebContext,
    trainee: Annotated[str, Query(max_length=64)] = "",
    assign: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    program = await programs_repository.get_template(
        ctx.session, ProgramTemplate, ctx.principal, program_id
    )
    form = AssignForm(trainee=trainee, start=clock.today().isoformat())
    return await _program_page(
        request, viewer, ctx, program, form, open_form=bool(assign or trainee)
    )


def _read_assign(
    request: Request, form: AssignForm, roster: dict[uuid.UUID, str]
) -> AssignIn | None:
    if not on_roster(form.trainee, roster):
        form.errors["trainee"] = translate(request, "Choose a trainee from your roster.")
    try:
        start = parse_calendar_date(form.start)
    except ValueError:
        form.errors["start"] = translate(request, "Enter the start date.")
    if form.errors:
        return None
    # JSON mode: the strict input model reads the id and date from their text.
    return AssignIn.model_validate_json(
        json.dumps({"traineeId": form.trainee, "startDate": start.isoformat()})
    )


@router.post("/programs/{program_id}/assign")
async def assign_program(
    request: Request, program_id: uuid.UUID, viewer: CurrentViewer, ctx: WebContext
) -> Response:
    program = await programs_repository.get_template(
        ctx.session, ProgramTemplate, ctx.principal, program_id
    )
    if not viewer.is_trainer:
        raise NotFoundError("template")
    typed = await form_fields(request)
    form = AssignForm(typed.get("trainee", "").strip(), typed.get("start", "").strip())
    body = _read_assign(request, form, await people_names(ctx))
    if body is None:
        return await _program_page(
            request, viewer, ctx, program, form, open_form=True, status_code=422
        )
    checked: AssignIn = body
    outcome = await attempt(ctx.session, lambda: programs_service.assign(ctx, program_id, checked))
    if isinstance(outcome, ProblemError):
        form.errors["trainee"] = outcome.detail
        return await _program_page(
            request, viewer, ctx, program, form, open_form=True, status_code=outcome.status
        )
    return RedirectResponse(f"/trainees/{outcome.trainee_id}", status_code=303)
