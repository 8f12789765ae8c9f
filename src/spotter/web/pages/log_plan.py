"""What the logger starts with when opened from a program ("Start" on Today):
today's exercises of the assigned program, with its targets as the sets.

`/log?program_workout=<trainee program id>`: the assignment's template, its
current calendar week and today's weekday pick the day; a day names its
exercises inline or through an exercise template.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from spotter import clock
from spotter.context import Context
from spotter.db.models import Exercise, ExerciseTemplate, ProgramTemplate
from spotter.kit.errors import NotFoundError
from spotter.programs import repository as programs_repository
from spotter.programs import service as programs_service
from spotter.web.pages.log_catalogue import library

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_SETS = 3


def _day_of(plan: list[dict[str, Any]], week: int, weekday: str) -> dict[str, Any] | None:
    for planned_week in plan:
        if planned_week.get("week") == week:
            for day in planned_week.get("days", []):
                if day.get("day") == weekday:
                    found: dict[str, Any] = day
                    return found
    return None


async def _day_exercises(ctx: Context, day: dict[str, Any]) -> list[dict[str, Any]]:
    inline: list[dict[str, Any]] | None = day.get("exercises")
    if inline is not None:
        return inline
    template_id = day.get("templateId")
    if template_id is None:
        return []
    try:
        template = await programs_repository.get_template(
            ctx.session, ExerciseTemplate, ctx.principal, uuid.UUID(str(template_id))
        )
    except NotFoundError:
        # A trainer's private exercise template is not readable by the
        # trainee (policy exercise_templates_select_visible): no prefill.
        return []
    return list(template.exercises)


def _target_sets(planned: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    one: dict[str, Any] = {}
    if kind == "weight_training":
        one = {"weight": planned.get("targetWeight"), "reps": planned.get("targetReps")}
    elif kind == "cardio":
        one = {"duration": planned.get("targetDuration")}
    elif planned.get("targetDuration") is not None:
        # Flexibility targets are minutes; the logger asks for a hold in seconds.
        one = {"holdTime": round(float(planned["targetDuration"]) * 60)}
    one = {key: value for key, value in one.items() if value is not None}
    return [dict(one) for _ in range(int(planned.get("targetSets") or DEFAULT_SETS))]


def _as_entry(planned: dict[str, Any], catalogue: dict[str, Exercise]) -> dict[str, Any]:
    known = catalogue.get(str(planned.get("exerciseId"))) or catalogue.get(
        str(planned["name"]).lower()
    )
    kind = planned.get("type") or (known.type if known else "weight_training")
    return {
        "name": known.name if known else str(planned["name"]),
        "nameTh": known.name_th if known else None,
        "exerciseId": str(known.id) if known else None,
        "type": kind,
        "rest": planned.get("rest"),
        "sets": _target_sets(planned, kind),
    }


async def planned_today(
    ctx: Context, program_id: uuid.UUID, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Today's planned exercises of one of my programs; [] on a rest day.
    Someone else's program is a 404, as everywhere."""
    program = await programs_repository.get_program(ctx.session, ctx.principal, program_id)
    if program.trainee_id != ctx.user_id or program.program_id is None:
        raise NotFoundError("program")
    template = await programs_repository.get_template(
        ctx.session, ProgramTemplate, ctx.principal, program.program_id
    )
    day = (today or clock.today()).weekday()
    week = programs_service.current_week(program) or 1
    planned_day = _day_of(template.weekly_plan, week, WEEKDAYS[day])
    if planned_day is None:
        return []
    exercises = await _day_exercises(ctx, planned_day)
    if not exercises:
        return []
    # The whole visible library in a few pages, not one query per exercise.
    catalogue: dict[str, Exercise] = {}
    for exercise in await library(ctx):
        catalogue[str(exercise.id)] = exercise
        catalogue.setdefault(exercise.name.lower(), exercise)
    return [_as_entry(planned, catalogue) for planned in exercises]
