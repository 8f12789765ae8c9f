"""Schedule queries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Select, and_, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Schedule


def visible_schedules_stmt() -> Select[Schedule]:
    # RLS: the trainee's own, and those of trainees actively linked to me.
    return select(Schedule)


async def get(
    session: AsyncSession, schedule_id: uuid.UUID, *, lock: bool = False
) -> Schedule | None:
    stmt = visible_schedules_stmt().where(Schedule.id == schedule_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def conflicting(
    session: AsyncSession,
    *,
    trainer_id: uuid.UUID,
    trainee_id: uuid.UUID,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    exclude: uuid.UUID | None = None,
) -> Schedule | None:
    """A visible, non-cancelled schedule overlapping [start, end) for either party."""
    stmt = visible_schedules_stmt().where(
        Schedule.date == date,
        Schedule.status != "cancelled",
        Schedule.start_time < end,
        Schedule.end_time > start,
        or_(Schedule.trainer_id == trainer_id, Schedule.trainee_id == trainee_id),
    )
    if exclude is not None:
        stmt = stmt.where(Schedule.id != exclude)
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()


async def listing(
    session: AsyncSession,
    *,
    party: Any,
    party_id: uuid.UUID,
    date_from: dt.date | None,
    date_to: dt.date | None,
    status: str | None,
    limit: int,
    after: tuple[dt.date, dt.time, uuid.UUID] | None,
) -> list[Schedule]:
    stmt = visible_schedules_stmt().where(party == party_id)
    if date_from is not None:
        stmt = stmt.where(Schedule.date >= date_from)
    if date_to is not None:
        stmt = stmt.where(Schedule.date <= date_to)
    if status is not None:
        stmt = stmt.where(Schedule.status == status)
    if after is not None:
        stmt = stmt.where(tuple_(Schedule.date, Schedule.start_time, Schedule.id) > after)
    stmt = stmt.order_by(Schedule.date, Schedule.start_time, Schedule.id).limit(limit + 1)
    return list((await session.execute(stmt)).scalars())


async def feed(
    session: AsyncSession, user_id: uuid.UUID, since: dt.date, until: dt.date
) -> list[Schedule]:
    stmt = (
        visible_schedules_stmt()
        .where(
            or_(Schedule.trainer_id == user_id, Schedule.trainee_id == user_id),
            and_(Schedule.date >= since, Schedule.date <= until),
        )
        .order_by(Schedule.date, Schedule.start_time, Schedule.id)
        .limit(2000)
    )
    return list((await session.execute(stmt)).scalars())
