"""Body weight queries: one entry per trainee and day."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import BodyWeightEntry
from spotter.db.queries import newest_first, one_or_404, one_or_none, within
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal
from spotter.kit.query import DateWindow
from spotter.roster.repository import own_or_coached


def visible_body_weight_stmt(principal: Principal) -> Select[BodyWeightEntry]:
    # Policy body_weight_own_or_coached: my own entries, and those of the
    # trainees actively linked to me (for reading and writing alike).
    return select(BodyWeightEntry).where(own_or_coached(BodyWeightEntry.trainee_id, principal.id))


def _of(principal: Principal, trainee_id: uuid.UUID) -> Select[BodyWeightEntry]:
    return visible_body_weight_stmt(principal).where(BodyWeightEntry.trainee_id == trainee_id)


def _day(principal: Principal, trainee_id: uuid.UUID, day: dt.date) -> Select[BodyWeightEntry]:
    return _of(principal, trainee_id).where(BodyWeightEntry.date == day)


async def find_day(
    session: AsyncSession, principal: Principal, trainee_id: uuid.UUID, day: dt.date
) -> BodyWeightEntry | None:
    """The entry of a day, locked for replacing, or None."""
    found: BodyWeightEntry | None = await one_or_none(
        session, _day(principal, trainee_id, day), lock=True
    )
    return found


async def get_day(
    session: AsyncSession, principal: Principal, trainee_id: uuid.UUID, day: dt.date
) -> BodyWeightEntry:
    """The entry of a day, locked for deleting, or 404."""
    return await one_or_404(session, _day(principal, trainee_id, day), "entry", lock=True)


async def listing(
    session: AsyncSession,
    principal: Principal,
    trainee_id: uuid.UUID,
    *,
    window: DateWindow,
    page: PageQuery,
) -> list[BodyWeightEntry]:
    stmt = within(_of(principal, trainee_id), BodyWeightEntry.date, window)
    stmt = newest_first(stmt, BodyWeightEntry.date, BodyWeightEntry.id, page)
    return list((await session.execute(stmt)).scalars())


async def all_of(
    session: AsyncSession, principal: Principal, trainee_id: uuid.UUID
) -> list[BodyWeightEntry]:
    """Every entry of a trainee, oldest first (the CSV export)."""
    stmt = _of(principal, trainee_id).order_by(BodyWeightEntry.date)
    return list((await session.execute(stmt)).scalars())
