"""Today: the next sessions, today's planned workout, a quick weigh-in and
the latest session card."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from spotter import clock
from spotter.body_weight import service as body_weight_service
from spotter.body_weight.schemas import BodyWeightIn
from spotter.context import Context
from spotter.db.models import ProgramTemplate, SessionCard, TraineeProgram
from spotter.kit.errors import ProblemError
from spotter.kit.pagination import PageQuery
from spotter.programs import repository as programs_repository
from spotter.programs import service as programs_service
from spotter.roster.scope import Whose
from spotter.session_cards import service as session_cards_service
from spotter.web import i18n
from spotter.web.deps import CurrentViewer, Viewer, WebContext, attempt
from spotter.web.pages.common import people_names, upcoming_sessions, with_names
from spotter.web.pages.trainer_today import trainer_today
from spotter.web.render import render, translate

router = APIRouter()
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class PlannedToday:
    program: TraineeProgram
    name: str
    week: int
    exercises: int | None


def _day_of(template: ProgramTemplate, week: int, weekday: str) -> dict[str, Any] | None:
    for planned_week in template.weekly_plan:
        if planned_week.get("week") == week:
            for day in planned_week.get("days", []):
                if day.get("day") == weekday:
                    return dict(day)
    return None


async def todays_workout(ctx: Context, day: dt.date) -> PlannedToday | None:
    """The workout today's weekday has in my active program, if any."""
    programs = await programs_service.list_programs(
        ctx, Whose(ctx.principal), "active", PageQuery(5, None)
    )
    for program in programs[:5]:
        if program.program_id is None:
            continue
        template = await programs_repository.get_template(
            ctx.session, ProgramTemplate, ctx.principal, program.program_id
        )
        week = programs_service.current_week(program) or 1
        planned = _day_of(template, week, WEEKDAYS[day.weekday()])
        if planned is not None:
            inline = planned.get("exercises")
            return PlannedToday(program, template.name, week, len(inline) if inline else None)
    return None


async def latest_card(ctx: Context) -> SessionCard | None:
    cards = await session_cards_service.listing(ctx, Whose(ctx.principal), PageQuery(1, None))
    return cards[0] if cards else None


async def _page(
    request: Request, ctx: Context, viewer: Viewer, status_code: int = 200, **extra: Any
) -> Response:
    day = clock.today()
    sessions = await upcoming_sessions(ctx, limit=3)
    names = await people_names(ctx)
    planned = None if viewer.is_trainer else await todays_workout(ctx, day)
    return render(
        request,
        "today.html",
        status_code=status_code,
        day=day,
        sessions=with_names(sessions, names, ctx),
        planned=planned,
        card=await latest_card(ctx),
        **extra,
    )


@router.get("/")
async def today_page(request: Request, ctx: WebContext, viewer: CurrentViewer) -> Response:
    if viewer.is_trainer:
        return await trainer_today(request, ctx)
    saved = request.query_params.get("saved") == "weight"
    notice = translate(request, "Weight saved.") if saved else None
    return await _page(request, ctx, viewer, weight_notice=notice)


@router.post("/today/weight")
async def quick_weight(
    request: Request,
    ctx: WebContext,
    viewer: CurrentViewer,
    weight: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """A weigh-in for today, typed in the viewer's unit."""
    try:
        kg = i18n.weight_from_input(weight.replace(",", ".").strip(), viewer.weight_unit)
        body = BodyWeightIn.model_validate({"weight": float(kg), "date": clock.today().isoformat()})
    except (ArithmeticError, ValueError):
        message = translate(request, "Enter your weight as a number, for example 72.5.")
        return await _page(request, ctx, viewer, 422, weight_error=message, weight_value=weight)
    result = await attempt(ctx.session, lambda: body_weight_service.create(ctx, body))
    if isinstance(result, ProblemError):
        if result.status == 409:
            message = translate(request, "You already saved a weight for today.")
        else:
            message = translate(request, "Enter your weight as a number, for example 72.5.")
        return await _page(
            request, ctx, viewer, result.status, weight_error=message, weight_value=weight
        )
    return RedirectResponse("/?saved=weight", status_code=303)
