"""/schedules: booked sessions, their status, and an iCal feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import Response
from sqlalchemy import text, update

from spotter.audit import service as audit
from spotter.auth.deps import CurrentTrainer, CurrentUser
from spotter.db.deps import SessionDep
from spotter.db.models import Schedule, User
from spotter.db.session import Identity, set_identity
from spotter.kit.errors import UnauthorizedError, UnprocessableError
from spotter.kit.openapi import problems
from spotter.kit.pagination import InvalidCursorError, Page, decode_cursor, page_of, page_params
from spotter.kit.request_context import ClientDep
from spotter.roster.scope import list_scope
from spotter.schedules import ical, repository, service
from spotter.schedules.schemas import (
    CalendarTokenOut,
    ScheduleIn,
    ScheduleOut,
    ScheduleUpdate,
    Status,
    StatusIn,
)

router = APIRouter(prefix="/schedules", tags=["schedules"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]
FEED_DAYS_BACK, FEED_DAYS_AHEAD = 60, 365


def _after(cursor: str | None) -> tuple[dt.date, dt.time, uuid.UUID] | None:
    if cursor is None:
        return None
    day, start, row_id = decode_cursor(cursor, 3)
    try:
        return dt.date.fromisoformat(day), dt.time.fromisoformat(start), uuid.UUID(row_id)
    except (TypeError, ValueError) as exc:
        raise InvalidCursorError() from exc


@router.get("", responses=problems(401, 404, 422), summary="Sessions, in time order")
async def list_schedules(
    principal: CurrentUser,
    session: SessionDep,
    page: PageArgs,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    status_filter: Annotated[Status | None, Query(alias="status")] = None,
    trainee_id: Annotated[uuid.UUID | None, Query(alias="traineeId")] = None,
) -> Page[ScheduleOut]:
    if date_from and date_to and date_to < date_from:
        raise UnprocessableError("query.to", "`to` must not be before `from`.")
    limit, cursor = page
    party, party_id = await list_scope(
        session,
        principal,
        trainee_id,
        trainer_column=Schedule.trainer_id,
        trainee_column=Schedule.trainee_id,
    )
    rows = await repository.listing(
        session,
        party=party,
        party_id=party_id,
        date_from=date_from,
        date_to=date_to,
        status=status_filter,
        limit=limit,
        after=_after(cursor),
    )
    result = page_of(
        rows, limit, lambda s: [s.date.isoformat(), s.start_time.isoformat(), str(s.id)]
    )
    return Page[ScheduleOut](
        items=[ScheduleOut.model_validate(s) for s in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 404, 409, 422, _409="Overlaps another session; names it"),
    summary="Book a session with a linked trainee (trainer)",
)
async def create_schedule(
    body: ScheduleIn, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> ScheduleOut:
    return ScheduleOut.model_validate(await service.create(session, trainer, client, body))


@router.post(
    "/calendar-token",
    responses=problems(401),
    summary="Create or rotate my iCal feed's secret (the old feed URL stops working)",
)
async def rotate_calendar_token(
    principal: CurrentUser, session: SessionDep, request: Request, client: ClientDep
) -> CalendarTokenOut:
    token = secrets.token_urlsafe(24)
    await session.execute(
        update(User)
        .where(User.id == principal.id)
        .values(ical_token_hash=hashlib.sha256(token.encode()).hexdigest())
    )
    await audit.record(
        session,
        action="UPDATE",
        resource_type="users",
        resource_id=principal.id,
        user_id=principal.id,
        subject_user_id=principal.id,
        client=client,
        new_values={"ical_token": token},  # masked by the audit writer
    )
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
    digest = hashlib.sha256(token.encode()).hexdigest()
    owner = (
        await session.execute(text("SELECT * FROM user_by_ical_token(:h)"), {"h": digest})
    ).first()
    if owner is None:
        raise UnauthorizedError("This calendar link is not valid any more.")
    await set_identity(session, Identity(owner.id, owner.role))
    today = dt.date.today()
    schedules = await repository.feed(
        session,
        owner.id,
        today - dt.timedelta(days=FEED_DAYS_BACK),
        today + dt.timedelta(days=FEED_DAYS_AHEAD),
    )
    body = ical.render_feed(
        schedules, request.app.state.settings.timezone, request.url.hostname or "spotter"
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


@router.get("/{schedule_id}", responses=problems(401, 404), summary="One session")
async def get_schedule(schedule_id: uuid.UUID, _: CurrentUser, session: SessionDep) -> ScheduleOut:
    return ScheduleOut.model_validate(await service.get_visible(session, schedule_id))


@router.patch(
    "/{schedule_id}",
    responses=problems(401, 403, 404, 409, 422),
    summary="Change a session's details (its trainer)",
)
async def update_schedule(
    schedule_id: uuid.UUID,
    body: ScheduleUpdate,
    trainer: CurrentTrainer,
    session: SessionDep,
    client: ClientDep,
) -> ScheduleOut:
    return ScheduleOut.model_validate(
        await service.update(session, trainer, client, schedule_id, body)
    )


@router.post(
    "/{schedule_id}/status",
    responses=problems(401, 403, 404, 409, _409="Not a legal status change"),
    summary="Confirm, complete or cancel a session",
)
async def change_status(
    schedule_id: uuid.UUID,
    body: StatusIn,
    principal: CurrentUser,
    session: SessionDep,
    client: ClientDep,
) -> ScheduleOut:
    return ScheduleOut.model_validate(
        await service.set_status(session, principal, client, schedule_id, body.status)
    )


@router.delete(
    "/{schedule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404),
    summary="Delete a session (its trainer)",
)
async def delete_schedule(
    schedule_id: uuid.UUID, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> None:
    await service.delete(session, trainer, client, schedule_id)
