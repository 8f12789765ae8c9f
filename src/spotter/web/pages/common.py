"""What several pages show: sessions with the other person's name, a form
answered with htmx or a redirect."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from spotter import clock
from spotter.context import Context
from spotter.db.models import Schedule
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.roster import service as roster_service
from spotter.roster.scope import Whose
from spotter.schedules import service as schedules_service
from spotter.schedules.schemas import ScheduleFilters, Status
from spotter.web.deps import safe_next

OPEN_STATUSES: tuple[Status, ...] = ("pending", "confirmed")
ROSTER_PAGE = PageQuery(100, None)


@dataclass(frozen=True)
class SessionView:
    """A session and the other party's name, with what may be done next
    (the service decides who may; these say what the status allows)."""

    schedule: Schedule
    other_name: str | None

    @property
    def can_confirm(self) -> bool:
        return self.schedule.status == "pending"

    @property
    def can_complete(self) -> bool:
        return self.schedule.status == "confirmed"

    @property
    def can_cancel(self) -> bool:
        return self.schedule.status in OPEN_STATUSES


async def people_names(ctx: Context) -> dict[uuid.UUID, str]:
    """The names of the people I train with (one query)."""
    linked = await roster_service.roster(ctx, ROSTER_PAGE)
    return {person.id: person.name for _, person in linked if person is not None}


def with_names(
    rows: list[Schedule], names: dict[uuid.UUID, str], ctx: Context
) -> list[SessionView]:
    def other(schedule: Schedule) -> uuid.UUID:
        return schedule.trainee_id if ctx.is_trainer else schedule.trainer_id

    return [SessionView(row, names.get(other(row))) for row in rows]


async def upcoming_sessions(ctx: Context, limit: int) -> list[Schedule]:
    """My next open sessions (pending or confirmed), from today on, in time order."""
    window = DateWindow(clock.today(), None)
    found: list[Schedule] = []
    for status in OPEN_STATUSES:
        filters = ScheduleFilters(window, status)
        rows = await schedules_service.listing(
            ctx, Whose(ctx.principal), filters, PageQuery(limit, None)
        )
        found.extend(rows[:limit])
    found.sort(key=lambda s: (s.date, s.start_time, str(s.id)))
    return found[:limit]


def on_roster(trainee: str, roster: dict[uuid.UUID, str]) -> str:
    """A typed or `?trainee=` id if it is on my roster, else nobody ("")."""
    try:
        return trainee if uuid.UUID(trainee) in roster else ""
    except ValueError:
        return ""


def back_to(target: str | None, default: str) -> Response:
    return RedirectResponse(safe_next(target, default), status_code=303)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
