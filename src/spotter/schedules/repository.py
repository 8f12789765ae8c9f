"""Schedule queries, and the iCal feed's owner lookup."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Row, Select, case, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from spotter.db.models import Schedule, User
from spotter.db.queries import ById, keyset_page, one_or_none, within
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal
from spotter.kit.query import DateWindow
from spotter.roster.repository import own_or_coached
from spotter.roster.scope import Whose
from spotter.schedules.schemas import ScheduleFilters

T = TypeVar("T")


def visible_schedules_stmt(principal: Principal) -> Select[Schedule]:
    return _visible_to(principal.id)


def _visible_to(user_id: uuid.UUID) -> Select[Schedule]:
    # Policies trainee_view_own_schedules and trainer_view_linked_schedules:
    # a trainee's own, and those of trainees actively linked to me. By user
    # id, because the iCal feed's owner has no sign-in session.
    return select(Schedule).where(own_or_coached(Schedule.trainee_id, user_id))


SCHEDULES = ById(Schedule.id, "schedule", visible_schedules_stmt)
get = SCHEDULES.get
# Policies trainer_modify_schedules and trainee_update_own_schedules: the
# trainer who booked it (for a trainee still linked) or its trainee.
get_changeable = SCHEDULES.by_a_party


async def find_of_trainee(
    session: AsyncSession, principal: Principal, schedule_id: uuid.UUID, trainee_id: uuid.UUID
) -> Schedule | None:
    """`trainee_id`'s session, locked, or None."""
    stmt = SCHEDULES.one(principal, schedule_id).where(Schedule.trainee_id == trainee_id)
    found: Schedule | None = await one_or_none(session, stmt, lock=True)
    return found


async def conflicting(
    session: AsyncSession, principal: Principal, schedule: Schedule, *, exclude: uuid.UUID | None
) -> Schedule | None:
    """A visible, non-cancelled session overlapping `schedule` for either party."""
    stmt = visible_schedules_stmt(principal).where(
        Schedule.date == schedule.date,
        Schedule.status != "cancelled",
        Schedule.start_time < schedule.end_time,
        Schedule.end_time > schedule.start_time,
        or_(Schedule.trainer_id == schedule.trainer_id, Schedule.trainee_id == schedule.trainee_id),
    )
    if exclude is not None:
        stmt = stmt.where(Schedule.id != exclude)
    found: Schedule | None = await one_or_none(session, stmt.limit(1))
    return found


async def listing(
    session: AsyncSession,
    whose: Whose,
    *,
    filters: ScheduleFilters,
    page: PageQuery,
) -> list[Schedule]:
    """In time order, by (date, start, id)."""
    stmt = visible_schedules_stmt(whose.principal).where(whose.of(Schedule))
    stmt = within(stmt, Schedule.date, filters.window)
    if filters.status is not None:
        stmt = stmt.where(Schedule.status == filters.status)
    columns = (Schedule.date, Schedule.start_time, Schedule.id)
    parsers = (dt.date.fromisoformat, dt.time.fromisoformat, uuid.UUID)
    stmt = keyset_page(stmt, columns, page, parsers, descending=False)
    return list((await session.execute(stmt)).scalars())


@dataclass(frozen=True)
class FeedEntry:
    """A session in a user's iCal feed, and the name of the other party in it:
    the trainee in the trainer's feed, the trainer in the trainee's."""

    schedule: Schedule
    with_name: str | None  # None: that account is no longer visible to the user


async def feed(session: AsyncSession, user_id: uuid.UUID, window: DateWindow) -> list[FeedEntry]:
    """Where the user is either party, in time order (at most 2000), with the
    other party's name joined in the same query (not one lookup per event)."""
    other = aliased(User)
    other_id = case(
        (Schedule.trainer_id == user_id, Schedule.trainee_id), else_=Schedule.trainer_id
    )
    stmt = within(
        _visible_to(user_id).where(
            or_(Schedule.trainer_id == user_id, Schedule.trainee_id == user_id)
        ),
        Schedule.date,
        window,
    )
    stmt = (
        stmt.outerjoin(other, other.id == other_id)
        .add_columns(other.name)
        .order_by(Schedule.date, Schedule.start_time, Schedule.id)
        .limit(2000)
    )
    rows = await session.execute(stmt)
    return [FeedEntry(row.Schedule, row.name) for row in rows]


async def owner_of_ical_token(session: AsyncSession, digest: str) -> Row[Any] | None:
    """(id, role) of the active user whose feed secret hashes to `digest`.
    A SECURITY DEFINER function: the feed request has no identity yet."""
    found = text("SELECT * FROM user_by_ical_token(:h)")
    return (await session.execute(found, {"h": digest})).first()


async def set_ical_token_hash(session: AsyncSession, user_id: uuid.UUID, digest: str) -> None:
    await session.execute(update(User).where(User.id == user_id).values(ical_token_hash=digest))
