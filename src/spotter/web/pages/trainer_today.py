"""Today for a trainer: today's sessions with their actions, the bookings
still waiting for the trainee, and the trainees who need attention. The
changing part is one region that the page refreshes when a notification
arrives (a trainee confirmed, cancelled or logged), see roster.js."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from starlette.responses import RedirectResponse, Response

from spotter import clock
from spotter.context import Context
from spotter.db.models import Schedule
from spotter.kit.errors import ForbiddenError, ProblemError
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.roster import service as roster_service
from spotter.roster.repository import RosterQuery
from spotter.roster.scope import Whose
from spotter.schedules import service as schedules_service
from spotter.schedules.schemas import ScheduleFilters
from spotter.web.deps import WebContext, attempt
from spotter.web.pages.common import SessionView, is_htmx
from spotter.web.render import render, translate

router = APIRouter()
Action = Literal["confirm", "complete", "cancel"]
STATUS_OF: dict[str, str] = {"confirm": "confirmed", "complete": "completed", "cancel": "cancelled"}
ROSTER = RosterQuery(limit=300)
WAITING_SHOWN = 20


async def _sessions(ctx: Context, window: DateWindow, status: Any, limit: int) -> list[Schedule]:
    """My sessions in the window, in time order."""
    filters = ScheduleFilters(window, status)
    rows = await schedules_service.listing(
        ctx, Whose(ctx.principal), filters, PageQuery(limit, None)
    )
    return rows[:limit]


async def _live(ctx: Context) -> dict[str, Any]:
    """What the live region shows: three queries, whatever the roster's size."""
    if not ctx.is_trainer:
        raise ForbiddenError("This page is a trainer's.")
    day = clock.today()
    roster = await roster_service.trainees_with_figures(ctx, ROSTER)
    names = {row.person.id: row.person.name for row in roster}

    def named(rows: list[Schedule]) -> list[SessionView]:
        return [SessionView(row, names.get(row.trainee_id)) for row in rows]

    todays = await _sessions(ctx, DateWindow(day, day), None, 100)
    waiting = await _sessions(ctx, DateWindow(day, None), "pending", WAITING_SHOWN)
    return {
        "day": day,
        "sessions": named(todays),
        "waiting": named(waiting),
        "attention": roster_service.needs_attention(roster, day),
    }


async def trainer_today(
    request: Request, ctx: Context, status_code: int = 200, **extra: Any
) -> Response:
    """The page at `/` for a trainer (today.py hands it over)."""
    live = await _live(ctx)
    return render(request, "trainer_today.html", status_code=status_code, **live, **extra)


@router.get("/today/live")
async def live_region(request: Request, ctx: WebContext) -> Response:
    return render(request, "partials/roster_today.html", **await _live(ctx))


@router.post("/today/sessions/{schedule_id}/{action}")
async def change_session(
    request: Request,
    ctx: WebContext,
    schedule_id: uuid.UUID,
    action: Annotated[Action, Path()],
) -> Response:
    status = STATUS_OF[action]
    result = await attempt(
        ctx.session, lambda: schedules_service.set_status(ctx, schedule_id, status)
    )
    error = None
    if isinstance(result, ProblemError):
        if result.status == 404:
            raise result
        error = translate(request, "This session can no longer be changed.")
    if is_htmx(request):
        return render(request, "partials/roster_today.html", error=error, **await _live(ctx))
    if error:
        return await trainer_today(request, ctx, status_code=409, error=error)
    return RedirectResponse("/", status_code=303)
