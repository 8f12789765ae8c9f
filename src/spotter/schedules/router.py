"""/schedules: booked sessions, their status, and an iCal feed."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from spotter import clock
from spotter.context import TrainerContext, UserContext
from spotter.db.deps import SessionDep
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_out
from spotter.kit.query import DateWindowArgs
from spotter.roster.scope import WhoseRows
from spotter.schedules import ical, repository, service
from spotter.schedules.schemas import (
    CalendarTokenOut,
    ScheduleFilters,
    ScheduleIn,
    ScheduleOut,
    ScheduleUpdate,
    Status,
    StatusIn,
)

router = APIRouter(prefix="/schedules", tags=["schedules"])


@router.get("", responses=problems(401, 404, 422), summary="Sessions, in time order")
async def list_schedules(
    ctx: UserContext,
    page: PageArgs,
    window: DateWindowArgs,
    whose: WhoseRows,
    status_filter: Annotated[Status | None, Query(alias="status")] = None,
) -> Page[ScheduleOut]:
    filters = ScheduleFilters(window, status_filter)
    rows = await service.listing(ctx, whose, filters, page)
    return page_out(
        rows,
        page.limit,
        lambda s: [s.date.isoformat(), s.start_time.isoformat(), str(s.id)],
        ScheduleOut.model_validate,
    )


@router.post(
    "",
    status_code=201,
    responses=problems(401, 403, 404, 409, 422, _409="Overlaps another session; names it"),
    summary="Book a session with a linked trainee (trainer)",
)
async def create_schedule(body: ScheduleIn, ctx: TrainerContext) -> ScheduleOut:
    return ScheduleOut.model_validate(await service.create(ctx, body))


@router.post(
    "/calendar-token",
    responses=problems(401),
    summary="Create or rotate my iCal feed's secret (the old feed URL stops working)",
)
async def rotate_calendar_token(ctx: UserContext, request: Request) -> CalendarTokenOut:
    token = await service.rotate_calendar_token(ctx)
    feed = str(request.url_for("calendar_feed").include_query_params(token=token))
    return CalendarTokenOut(token=token, feed_url=feed)


@router.get(
    ".ics",
    name="calendar_feed",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **problems(401)},
    summary="My sessions as an iCal feed (authenticated by the token in the URL)",
)
async def calendar_feed(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Query(min_length=10, max_length=100)],
) -> Response:
    schedules = await service.feed(session, token)
    body = ical.render_feed(schedules, clock.zone(), request.url.hostname or "spotter")
    return Response(body, media_type=ical.MEDIA_TYPE, headers=ical.HEADERS)


@router.get("/{schedule_id}", responses=problems(401, 404), summary="One session")
async def get_schedule(schedule_id: uuid.UUID, ctx: UserContext) -> ScheduleOut:
    return ScheduleOut.model_validate(await repository.get(ctx.session, ctx.principal, schedule_id))


@router.patch(
    "/{schedule_id}",
    responses=problems(401, 403, 404, 409, 422),
    summary="Change a session's details (its trainer)",
)
async def update_schedule(
    schedule_id: uuid.UUID, body: ScheduleUpdate, ctx: TrainerContext
) -> ScheduleOut:
    return ScheduleOut.model_validate(await service.update(ctx, schedule_id, body))


@router.post(
    "/{schedule_id}/status",
    responses=problems(401, 403, 404, 409, _409="Not a legal status change"),
    summary="Confirm, complete or cancel a session",
)
async def change_status(schedule_id: uuid.UUID, body: StatusIn, ctx: UserContext) -> ScheduleOut:
    return ScheduleOut.model_validate(await service.set_status(ctx, schedule_id, body.status))


@router.delete(
    "/{schedule_id}",
    status_code=204,
    responses=problems(401, 403, 404),
    summary="Delete a session (its trainer)",
)
async def delete_schedule(schedule_id: uuid.UUID, ctx: TrainerContext) -> None:
    await service.delete(ctx, schedule_id)
