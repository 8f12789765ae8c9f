"""Sessions: upcoming and past, confirm and cancel, the calendar link."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from starlette.responses import Response

from spotter import clock
from spotter.context import Context
from spotter.db.models import Schedule
from spotter.kit.errors import ProblemError
from spotter.kit.pagination import PageQuery, encode_cursor
from spotter.kit.query import DateWindow
from spotter.roster.scope import Whose
from spotter.schedules import service as schedules_service
from spotter.schedules.schemas import ScheduleFilters
from spotter.web.deps import WebContext, attempt
from spotter.web.pages.common import (
    back_to,
    is_htmx,
    people_names,
    with_names,
)
from spotter.web.render import render, translate

router = APIRouter()
PAGE_SIZE = 20
PAST_DAYS = 60


async def _sessions(ctx: Context, window: DateWindow, page: PageQuery) -> list[Schedule]:
    return await schedules_service.listing(
        ctx, Whose(ctx.principal), ScheduleFilters(window, None), page
    )


@router.get("/sessions")
async def sessions_page(
    request: Request,
    ctx: WebContext,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    past_before: Annotated[dt.date | None, Query()] = None,
) -> Response:
    now = clock.today()
    upcoming = await _sessions(ctx, DateWindow(now, None), PageQuery(PAGE_SIZE, cursor))
    more = None
    if len(upcoming) > PAGE_SIZE:
        last = upcoming[PAGE_SIZE - 1]
        more = encode_cursor([last.date.isoformat(), last.start_time.isoformat(), str(last.id)])
    # The past, a window of days at a time, newest first.
    past_end = min(past_before or now, now) - dt.timedelta(days=1)
    past_start = past_end - dt.timedelta(days=PAST_DAYS - 1)
    past = await _sessions(ctx, DateWindow(past_start, past_end), PageQuery(100, None))
    names = await people_names(ctx)
    return render(
        request,
        "sessions.html",
        upcoming=with_names(upcoming[:PAGE_SIZE], names, ctx),
        more_cursor=more,
        past=with_names(list(reversed(past[:100])), names, ctx),
        past_start=past_start,
        past_end=past_end,
        earlier=past_start.isoformat(),
    )


async def _set_status(
    request: Request, ctx: WebContext, schedule_id: uuid.UUID, status: str, next_url: str
) -> Response:
    result = await attempt(
        ctx.session, lambda: schedules_service.set_status(ctx, schedule_id, status)
    )
    if isinstance(result, ProblemError):
        if result.status == 404:
            raise result
        message = translate(request, "This session can no longer be changed.")
        if is_htmx(request):
            return render(request, "partials/alert.html", status_code=409, message=message)
        return render(request, "error.html", status_code=409, status=409, detail=message)
    if is_htmx(request):
        names = await people_names(ctx)
        view = with_names([result], names, ctx)[0]
        return render(request, "partials/session_item.html", item=view, next=next_url)
    return back_to(next_url, "/sessions")


@router.post("/sessions/{schedule_id}/{action}")
async def change_status(
    request: Request,
    ctx: WebContext,
    schedule_id: uuid.UUID,
    action: Annotated[Literal["confirm", "cancel"], Path()],
    next: Annotated[str, Form(max_length=2000)] = "/sessions",
) -> Response:
    status = "confirmed" if action == "confirm" else "cancelled"
    return await _set_status(request, ctx, schedule_id, status, next)


@router.post("/sessions/calendar-link")
async def calendar_link(request: Request, ctx: WebContext) -> Response:
    """A new secret feed URL; the previous one stops working."""
    token = await schedules_service.rotate_calendar_token(ctx)
    feed = str(request.url_for("calendar_feed").include_query_params(token=token))
    return render(request, "calendar_link.html", feed_url=feed)
