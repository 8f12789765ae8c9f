"""Templates, assigning programs and following them week by week.

Exercise and program templates are one thing to this module, "a template":
the same list, create, update and delete, given the model. A program
template adds checks on its weekly plan.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel

from spotter import clock
from spotter.context import Context
from spotter.db.models import ExerciseTemplate, ProgramTemplate, TraineeProgram
from spotter.exercises import service as exercises_service
from spotter.kit.errors import ConflictError, NotFoundError, UnprocessableError
from spotter.kit.pagination import PageQuery, keyset
from spotter.notifications.service import tell
from spotter.programs import repository
from spotter.programs.repository import Template
from spotter.programs.schemas import (
    AssignIn,
    ProgramTemplateIn,
    ProgramTemplateUpdate,
    TraineeProgramUpdate,
)
from spotter.roster.scope import Whose, require_linked_trainee
from spotter.webhooks.events import EventType

PROGRAM_TRANSITIONS = {
    "active": {"paused", "completed", "cancelled"},
    "paused": {"active", "cancelled"},
    "completed": set(),
    "cancelled": set(),
}


async def list_templates(
    ctx: Context, model: type[Template], mine_only: bool, page: PageQuery
) -> list[Template]:
    return await repository.list_templates(
        ctx.session,
        model,
        ctx.principal,
        mine_only=mine_only,
        limit=page.limit,
        after=keyset(page.cursor, int, uuid.UUID),
    )


def _values(body: BaseModel, fields: set[str] | None = None) -> dict[str, Any]:
    # Nested plans are stored as JSON in the API's camelCase shape.
    dumped = body.model_dump(include=fields, mode="json", by_alias=False, exclude_none=False)
    for key in ("exercises", "weekly_plan"):
        if dumped.get(key) is not None:
            dumped[key] = body.model_dump(
                include={key}, mode="json", by_alias=True, exclude_none=True
            )[_camel(key)]
    return dumped


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _named_exercises(body: BaseModel) -> list[tuple[str, uuid.UUID | None]]:
    """Every exercise id a template names (its exercises, or its weekly
    plan's inline days), with the field it is in."""
    named = [
        (f"body.exercises.{i}.exerciseId", e.exercise_id)
        for i, e in enumerate(getattr(body, "exercises", None) or [])
    ]
    for w, week in enumerate(getattr(body, "weekly_plan", None) or []):
        for d, day in enumerate(week.days):
            named += [
                (f"body.weeklyPlan.{w}.days.{d}.exercises.{i}.exerciseId", e.exercise_id)
                for i, e in enumerate(day.exercises or [])
            ]
    return named


async def create_template(ctx: Context, model: type[Template], body: BaseModel) -> Template:
    # The catalogue's exercises or my own: another trainer's private one is a 422.
    await exercises_service.require_usable(ctx, ctx.user_id, _named_exercises(body))
    return await ctx.created(model(created_by=ctx.user_id, **_values(body)))


async def create_exercise_template(ctx: Context, body: BaseModel) -> ExerciseTemplate:
    return await create_template(ctx, ExerciseTemplate, body)


async def _apply(ctx: Context, template: Template, body: BaseModel) -> Template:
    await exercises_service.require_usable(ctx, template.created_by, _named_exercises(body))
    async with ctx.updating(template):
        for field, value in _values(body, set(body.model_dump(exclude_unset=True))).items():
            setattr(template, field, value)
    return template


async def update_template(ctx: Context, template: Template, body: BaseModel) -> Template:
    return await _apply(ctx, template, body)


async def delete_template(ctx: Context, template: Template) -> None:
    await ctx.deleted(template)


async def _check_references(ctx: Context, body: ProgramTemplateIn | ProgramTemplateUpdate) -> None:
    """Days that name a template must name one I can see."""
    plan = body.weekly_plan or []
    ids = {day.template_id for week in plan for day in week.days if day.template_id}
    if not ids:
        return
    missing = ids - await repository.visible_template_ids(ctx.session, ctx.principal, ids)
    if missing:
        raise UnprocessableError(
            "body.weeklyPlan",
            f"Unknown exercise template(s): {', '.join(sorted(map(str, missing)))}",
        )


async def create_program_template(ctx: Context, body: ProgramTemplateIn) -> ProgramTemplate:
    await _check_references(ctx, body)
    return await create_template(ctx, ProgramTemplate, body)


async def update_program_template(
    ctx: Context, current: ProgramTemplate, body: ProgramTemplateUpdate
) -> ProgramTemplate:
    await _check_references(ctx, body)
    # The schema checks a whole new plan; a change to one side is checked here.
    duration = body.duration_weeks or current.duration_weeks
    plan = body.weekly_plan
    weeks = (
        [w.week for w in plan]
        if plan is not None
        else [w.get("week", 1) for w in current.weekly_plan]
    )
    if weeks and max(int(str(w)) for w in weeks) > duration:
        raise UnprocessableError(
            "body.durationWeeks", f"The plan has a week after week {duration}."
        )
    return await _apply(ctx, current, body)


def calendar_week(start: dt.date, weeks: int | None, today: dt.date | None = None) -> int:
    """Week 1 starts on start_date; never before 1 nor after the last week."""
    elapsed = ((today or clock.today()) - start).days // 7 + 1
    return max(1, min(elapsed, weeks or elapsed))


def program_weeks(program: TraineeProgram) -> int | None:
    if program.end_date is None:
        return None
    return ((program.end_date - program.start_date).days + 1) // 7


def current_week(program: TraineeProgram) -> int | None:
    """An active program follows the calendar; others stay where they stopped."""
    if program.status != "active":
        return program.current_week
    return calendar_week(program.start_date, program_weeks(program))


async def assign(ctx: Context, template_id: uuid.UUID, body: AssignIn) -> TraineeProgram:
    template = await repository.get_template(
        ctx.session, ProgramTemplate, ctx.principal, template_id
    )
    # Seeing a template is not enough to hand it on: it must be mine or public.
    if not template.is_public and template.created_by != ctx.user_id:
        raise NotFoundError("template")
    await require_linked_trainee(ctx.session, ctx.principal, body.trainee_id)
    start = body.start_date
    assigned = await ctx.created(
        TraineeProgram(
            trainee_id=body.trainee_id,
            trainer_id=ctx.user_id,
            program_id=template.id,
            start_date=start,
            end_date=start + dt.timedelta(weeks=template.duration_weeks, days=-1),
            current_week=calendar_week(start, template.duration_weeks),
            status="active",
        ),
        event=EventType.TRAINEE_PROGRAM_ASSIGNED,
        payload=lambda row: _assigned_data(row, template),
    )
    await tell(
        ctx,
        assigned.trainee_id,
        "program_assigned",
        assigned,
        program=template.name,
        date=start.isoformat(),
    )
    return assigned


def _assigned_data(assigned: TraineeProgram, template: ProgramTemplate) -> dict[str, Any]:
    return {
        "id": str(assigned.id),
        "traineeId": str(assigned.trainee_id),
        "trainerId": str(assigned.trainer_id),
        "programId": str(template.id),
        "programName": template.name,
        "startDate": assigned.start_date.isoformat(),
        "endDate": assigned.end_date.isoformat() if assigned.end_date else None,
    }


async def list_programs(
    ctx: Context, whose: Whose, status: str | None, page: PageQuery
) -> list[TraineeProgram]:
    return await repository.list_programs(ctx.session, whose, status=status, page=page)


async def update_program(
    ctx: Context, program_id: uuid.UUID, body: TraineeProgramUpdate
) -> TraineeProgram:
    program = await repository.get_program_to_follow(ctx.session, ctx.principal, program_id)
    status = body.status if body.status != program.status else None
    if status is not None and status not in PROGRAM_TRANSITIONS[program.status or "active"]:
        raise ConflictError(f"A {program.status} program cannot become {status}.")
    weeks = program_weeks(program)
    if body.current_week is not None and weeks is not None and body.current_week > weeks:
        raise UnprocessableError("body.currentWeek", f"The program has {weeks} weeks.")
    async with ctx.updating(program):
        if status is not None:
            program.status = status
        if body.current_week is not None:
            # Move the start so that the calendar puts today in the chosen week.
            start = clock.today() - dt.timedelta(weeks=body.current_week - 1)
            length = (program.end_date - program.start_date) if program.end_date else None
            program.start_date = start
            program.end_date = start + length if length is not None else None
            program.current_week = body.current_week
    return program
