"""Booking rules: who may book, no overlaps, legal status changes, and who
hears about each change."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from spotter import clock
from spotter.context import Context
from spotter.db.models import Schedule
from spotter.db.session import Identity, set_identity
from spotter.kit.errors import (
    ConflictError,
    ForbiddenError,
    UnauthorizedError,
    UnprocessableError,
)
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.notifications.service import tell
from spotter.roster.scope import Whose, require_linked_trainee
from spotter.schedules import repository
from spotter.schedules.schemas import ScheduleFilters, ScheduleIn, ScheduleUpdate
from spotter.webhooks.events import EventType

# status -> statuses it may become
TRANSITIONS = {
    "pending": {"confirmed", "cancelled"},
    "confirmed": {"completed", "cancelled"},
    "completed": set(),
    "cancelled": set(),
}
TRAINEE_MAY_SET = {"confirmed", "cancelled"}
REQUIRED_FIELDS = ("title", "date", "start_time", "end_time")
# The notification the other party gets when a session becomes this status.
STATUS_NOTICE = {"cancelled": "schedule_cancelled", "confirmed": "schedule_confirmed"}
FEED_DAYS_BACK, FEED_DAYS_AHEAD = 60, 365


def event_data(schedule: Schedule) -> dict[str, object]:
    return {
        "id": str(schedule.id),
        "traineeId": str(schedule.trainee_id),
        "trainerId": str(schedule.trainer_id),
        "title": schedule.title,
        "date": schedule.date.isoformat(),
        "startTime": schedule.start_time.strftime("%H:%M"),
        "endTime": schedule.end_time.strftime("%H:%M"),
        "status": schedule.status,
    }


def cancelled_event_data(schedule: Schedule) -> dict[str, object]:
    return {**event_data(schedule), "status": "cancelled"}


class OverlapError(ConflictError):
    def __init__(self, conflicting: Schedule) -> None:
        super().__init__(
            f"The time overlaps the session {conflicting.id} "
            f"({conflicting.date} {conflicting.start_time:%H:%M}"
            f"-{conflicting.end_time:%H:%M}).",
            conflictingScheduleId=str(conflicting.id),
        )


async def _refuse_overlap(ctx: Context, schedule: Schedule, exclude: uuid.UUID | None) -> None:
    """Refuse a booking that overlaps a visible session, naming it. The
    exclusion constraints still stop a concurrent double booking (409)."""
    if schedule.status == "cancelled":
        return
    # No autoflush: the pending change must not reach the constraints
    # before this check can name the session it collides with.
    with ctx.session.no_autoflush:
        found = await repository.conflicting(ctx.session, ctx.principal, schedule, exclude=exclude)
    if found is not None:
        raise OverlapError(found)


async def listing(
    ctx: Context, whose: Whose, filters: ScheduleFilters, page: PageQuery
) -> list[Schedule]:
    return await repository.listing(ctx.session, whose, filters=filters, page=page)


async def create(ctx: Context, body: ScheduleIn) -> Schedule:
    await require_linked_trainee(ctx.session, ctx.principal, body.trainee_id)
    schedule = Schedule(trainer_id=ctx.user_id, **body.model_dump())
    await _refuse_overlap(ctx, schedule, exclude=None)
    # Unlike every other notification, which Python sends, the trainee's
    # "new appointment" comes from the database (trigger
    # notify_schedule_created), so none is sent here.
    return await ctx.created(schedule, event=EventType.SCHEDULE_CREATED, payload=event_data)


async def _tell(
    ctx: Context, schedule: Schedule, user_id: uuid.UUID, kind: str, *, signed: bool = True
) -> None:
    """Notify `user_id` of a change to `schedule`; `signed` names who made it."""
    await tell(
        ctx,
        user_id,
        kind,
        schedule,
        signed=signed,
        title=schedule.title,
        date=schedule.date.isoformat(),
    )


async def update(ctx: Context, schedule_id: uuid.UUID, body: ScheduleUpdate) -> Schedule:
    schedule = await repository.get_changeable(ctx.session, ctx.principal, schedule_id)
    if schedule.status not in ("pending", "confirmed"):
        raise ConflictError(f"A {schedule.status} session cannot be changed.")
    async with ctx.updating(schedule):
        for field, value in body.model_dump(exclude_unset=True).items():
            if value is None and field in REQUIRED_FIELDS:
                raise UnprocessableError(f"body.{field}", "This field cannot be empty.")
            setattr(schedule, field, value)
        if schedule.end_time <= schedule.start_time:
            raise UnprocessableError("body.endTime", "The session must end after it starts.")
        await _refuse_overlap(ctx, schedule, exclude=schedule.id)
        changed = ctx.session.is_modified(schedule)
    if changed:
        await _tell(ctx, schedule, schedule.trainee_id, "schedule_updated", signed=False)
        await ctx.emit_for(schedule, EventType.SCHEDULE_UPDATED, event_data)
    return schedule


async def set_status(ctx: Context, schedule_id: uuid.UUID, status: str) -> Schedule:
    schedule = await repository.get_changeable(ctx.session, ctx.principal, schedule_id)
    is_trainee = schedule.trainee_id == ctx.user_id
    if is_trainee and status not in TRAINEE_MAY_SET:
        raise ForbiddenError("A trainee can only confirm or cancel a session.")
    if status not in TRANSITIONS[schedule.status]:
        raise ConflictError(f"A {schedule.status} session cannot become {status}.")
    async with ctx.updating(schedule):
        schedule.status = status
        await _refuse_overlap(ctx, schedule, exclude=schedule.id)
    if status in STATUS_NOTICE:
        other = schedule.trainer_id if is_trainee else schedule.trainee_id
        await _tell(ctx, schedule, other, STATUS_NOTICE[status])
    cancelled = status == "cancelled"
    event = EventType.SCHEDULE_CANCELLED if cancelled else EventType.SCHEDULE_UPDATED
    await ctx.emit_for(schedule, event, event_data)
    return schedule


async def delete(ctx: Context, schedule_id: uuid.UUID) -> None:
    schedule = await repository.get_changeable(ctx.session, ctx.principal, schedule_id)
    was_open = schedule.status in ("pending", "confirmed")
    await ctx.deleted(schedule)
    if was_open:
        await _tell(ctx, schedule, schedule.trainee_id, "schedule_cancelled")
        await ctx.emit_for(schedule, EventType.SCHEDULE_CANCELLED, cancelled_event_data)


async def rotate_calendar_token(ctx: Context) -> str:
    """A new feed secret; only its hash is stored, so the old one stops working."""
    token = secrets.token_urlsafe(24)
    await repository.set_ical_token_hash(ctx.session, ctx.user_id, _digest(token))
    # Not ctx.updating: snapshots leave the hash out, so that would record
    # nothing. The entry names the token instead, which the audit writer masks.
    await ctx.noted("users", {"ical_token": token}, resource_id=ctx.user_id)
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def feed(session: AsyncSession, token: str) -> list[repository.FeedEntry]:
    """The feed owner's sessions from 60 days back to a year ahead. The
    token in the URL is the only credential: it names the identity the
    request's queries act as."""
    owner = await repository.owner_of_ical_token(session, _digest(token))
    if owner is None:
        raise UnauthorizedError("This calendar link is not valid any more.")
    await set_identity(session, Identity(owner.id, owner.role))
    today = clock.today()
    window = DateWindow(
        today - dt.timedelta(days=FEED_DAYS_BACK), today + dt.timedelta(days=FEED_DAYS_AHEAD)
    )
    return await repository.feed(session, owner.id, window)
