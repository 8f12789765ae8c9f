"""The trainer's calendar: a week (a 7-column grid, a list by day on a phone)
or one day of sessions, with navigation and the way to book. Booking and one
session's page are in calendar_booking and calendar_session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from spotter import clock
from spotter.context import Context
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.kit.time_fields import EARLIEST_DATE, LATEST_DATE, CalendarDate
from spotter.roster.scope import Whose
from spotter.schedules import service as schedules_service
from spotter.schedules.schemas import ScheduleFilters
from spotter.web.deps import CurrentViewer, WebContext
from spotter.web.pages import calendar_booking, calendar_session
from spotter.web.pages.calendar_form import done_notice, to_trainee_page
from spotter.web.pages.common import SessionView, people_names, with_names
from spotter.web.render import render

router = APIRouter()
router.include_router(calendar_booking.router)
router.include_router(calendar_session.router)

View = Literal["week", "day"]
# More sessions than a trainer can hold in a week; the query stays one page.
MOST_SHOWN = 500


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    sessions: list[SessionView]
    is_today: bool


def days_shown(view: View, day: dt.date) -> list[dt.date]:
    """The day itself, or its week from Monday to Sunday."""
    if view == "day":
        return [day]
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


def neighbour(day: dt.date, view: View, direction: int) -> dt.date | None:
    """The previous or next day or week, if the calendar reaches it."""
    step = dt.timedelta(days=1 if view == "day" else 7) * direction
    target = day + step
    return target if EARLIEST_DATE <= target <= LATEST_DATE else None


async def _days(ctx: Context, dates: list[dt.date], now: dt.date) -> list[CalendarDay]:
    """Each shown day with its sessions, in time order."""
    window = ScheduleFilters(DateWindow(dates[0], dates[-1]), None)
    rows = await schedules_service.listing(
        ctx, Whose(ctx.principal), window, PageQuery(MOST_SHOWN, None)
    )
    names = await people_names(ctx)
    by_day: dict[dt.date, list[SessionView]] = {date: [] for date in dates}
    for item in with_names(rows[:MOST_SHOWN], names, ctx):
        by_day[item.schedule.date].append(item)
    return [CalendarDay(date, by_day[date], date == now) for date in dates]


@router.get("/calendar")
async def calendar_page(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    view: Annotated[View, Query()] = "week",
    day: Annotated[CalendarDate | None, Query(alias="date")] = None,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    if not viewer.is_trainer:
        return to_trainee_page()
    now = clock.today()
    shown = day or now
    dates = days_shown(view, shown)
    days = await _days(ctx, dates, now)
    return render(
        request,
        "calendar.html",
        view=view,
        shown=shown,
        days=days,
        previous_day=neighbour(shown, view, -1),
        next_day=neighbour(shown, view, 1),
        today=now,
        notice=done_notice(request, done),
    )
