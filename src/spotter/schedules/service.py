"""Booking rules: who may book, no overlaps, legal status changes, and who
hears about each change."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import Principal
from spotter.db.models import Schedule, User
from spotter.db.snapshots import snapshot
from spotter.kit.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from spotter.kit.request_context import ClientInfo
from spotter.notifications.service import notify
from spotter.roster import repository as roster_repository
from spotter.schedules import repository
from spotter.schedules.schemas import ScheduleIn, ScheduleUpdate
from spotter.webhooks.events import emit

# status -> statuses it may become
TRANSITIONS = {
    "pending": {"confirmed", "cancelled"},
    "confirmed": {"completed", "cancelled"},
    "completed": set(),
    "cancelled": set(),
}
TRAINEE_MAY_SET = {"confirmed", "cancelled"}


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


class OverlapError(ConflictError):
    def __init__(self, conflicting: Schedule | None) -> None:
        if conflicting is None:
            super().__init__("The time overlaps another session of the trainer or the trainee.")
        else:
            super().__init__(
                f"The time overlaps the session {conflicting.id} "
                f"({conflicting.date} {conflicting.start_time:%H:%M}"
                f"-{conflicting.end_time:%H:%M}).",
                conflictingScheduleId=str(conflicting.id),
            )


async def _flush_or_overlap(session: AsyncSession, schedule: Schedule) -> None:
    """Refuse a booking that overlaps a visible session, naming it. The
    exclusion constraints still stop a concurrent double booking (409)."""
    if schedule.status != "cancelled":
        with session.no_autoflush:
            found = await repository.conflicting(
                session,
                trainer_id=schedule.trainer_id,
                trainee_id=schedule.trainee_id,
                date=schedule.date,
                start=schedule.start_time,
                end=schedule.end_time,
                exclude=None if schedule in session.new else schedule.id,
            )
        if found is not None:
            raise OverlapError(found)
    await session.flush()


async def create(
    session: AsyncSession, trainer: Principal, client: ClientInfo, body: ScheduleIn
) -> Schedule:
    if not await roster_repository.is_active_link(session, trainer.id, body.trainee_id):
        raise NotFoundError("trainee")
    schedule = Schedule(trainer_id=trainer.id, **body.model_dump())
    session.add(schedule)
    await _flush_or_overlap(session, schedule)
    await session.refresh(schedule)
    # The trainee's "new appointment" notification is the database's
    # (trigger notify_schedule_created).
    await audit.record_change(
        session,
        action="CREATE",
        resource_type="schedules",
        actor=trainer.id,
        client=client,
        resource_id=schedule.id,
        subject_user_id=schedule.trainee_id,
        before=None,
        after=snapshot(schedule),
    )
    await emit(
        session,
        "schedule.created",
        event_data(schedule),
        [schedule.trainer_id, schedule.trainee_id],
    )
    return schedule


async def get_visible(
    session: AsyncSession, schedule_id: uuid.UUID, *, lock: bool = False
) -> Schedule:
    schedule = await repository.get(session, schedule_id, lock=lock)
    if schedule is None:
        raise NotFoundError("schedule")
    return schedule


async def _name(session: AsyncSession, user_id: uuid.UUID) -> str:
    user = await session.get(User, user_id)
    return user.name if user else ""


async def update(
    session: AsyncSession,
    trainer: Principal,
    client: ClientInfo,
    schedule_id: uuid.UUID,
    body: ScheduleUpdate,
) -> Schedule:
    schedule = await get_visible(session, schedule_id, lock=True)
    if schedule.trainer_id != trainer.id:
        raise NotFoundError("schedule")
    if schedule.status not in ("pending", "confirmed"):
        raise ConflictError(f"A {schedule.status} session cannot be changed.")
    before = snapshot(schedule)
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is None and field in ("title", "date", "start_time", "end_time"):
            raise UnprocessableError(f"body.{field}", "This field cannot be empty.")
        setattr(schedule, field, value)
    if schedule.end_time <= schedule.start_time:
        raise UnprocessableError("body.endTime", "The session must end after it starts.")
    await _flush_or_overlap(session, schedule)
    await session.refresh(schedule)
    after = snapshot(schedule)
    if after == before:
        return schedule
    await notify(
        session,
        schedule.trainee_id,
        "schedule_updated",
        resource_type="schedules",
        resource_id=schedule.id,
        title=schedule.title,
        date=schedule.date.isoformat(),
    )
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type="schedules",
        actor=trainer.id,
        client=client,
        resource_id=schedule.id,
        subject_user_id=schedule.trainee_id,
        before=before,
        after=after,
    )
    await emit(
        session,
        "schedule.updated",
        event_data(schedule),
        [schedule.trainer_id, schedule.trainee_id],
    )
    return schedule


async def set_status(
    session: AsyncSession,
    actor: Principal,
    client: ClientInfo,
    schedule_id: uuid.UUID,
    status: str,
) -> Schedule:
    schedule = await get_visible(session, schedule_id, lock=True)
    is_trainee = schedule.trainee_id == actor.id
    if not is_trainee and schedule.trainer_id != actor.id:
        raise NotFoundError("schedule")
    if is_trainee and status not in TRAINEE_MAY_SET:
        raise ForbiddenError("A trainee can only confirm or cancel a session.")
    if status not in TRANSITIONS[schedule.status]:
        raise ConflictError(f"A {schedule.status} session cannot become {status}.")
    before = snapshot(schedule)
    schedule.status = status
    await _flush_or_overlap(session, schedule)
    await session.refresh(schedule)
    other = schedule.trainer_id if is_trainee else schedule.trainee_id
    name = await _name(session, actor.id)
    params = {"title": schedule.title, "date": schedule.date.isoformat(), "name": name}
    if status == "cancelled":
        await notify(
            session,
            other,
            "schedule_cancelled",
            resource_type="schedules",
            resource_id=schedule.id,
            **params,
        )
    elif status == "confirmed":
        await notify(
            session,
            other,
            "schedule_confirmed",
            resource_type="schedules",
            resource_id=schedule.id,
            **params,
        )
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type="schedules",
        actor=actor.id,
        client=client,
        resource_id=schedule.id,
        subject_user_id=schedule.trainee_id,
        before=before,
        after=snapshot(schedule),
    )
    event = "schedule.cancelled" if status == "cancelled" else "schedule.updated"
    await emit(session, event, event_data(schedule), [schedule.trainer_id, schedule.trainee_id])
    return schedule


async def delete(
    session: AsyncSession, trainer: Principal, client: ClientInfo, schedule_id: uuid.UUID
) -> None:
    schedule = await get_visible(session, schedule_id, lock=True)
    if schedule.trainer_id != trainer.id:
        raise NotFoundError("schedule")
    before = snapshot(schedule)
    was_open = schedule.status in ("pending", "confirmed")
    await session.delete(schedule)
    await session.flush()
    if was_open:
        await notify(
            session,
            schedule.trainee_id,
            "schedule_cancelled",
            resource_type="schedules",
            resource_id=schedule.id,
            title=schedule.title,
            date=schedule.date.isoformat(),
            name=await _name(session, trainer.id),
        )
        await emit(
            session,
            "schedule.cancelled",
            {**event_data(schedule), "status": "cancelled"},
            [schedule.trainer_id, schedule.trainee_id],
        )
    await audit.record_change(
        session,
        action="DELETE",
        resource_type="schedules",
        actor=trainer.id,
        client=client,
        resource_id=schedule.id,
        subject_user_id=schedule.trainee_id,
        before=before,
        after=None,
    )
