"""Roster queries. RLS already limits every row to the two parties."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import TrainerTrainee, User


async def is_active_link(
    session: AsyncSession, trainer_id: uuid.UUID, trainee_id: uuid.UUID
) -> bool:
    stmt = select(
        exists().where(
            TrainerTrainee.trainer_id == trainer_id,
            TrainerTrainee.trainee_id == trainee_id,
            TrainerTrainee.status == "active",
        )
    )
    return bool(await session.scalar(stmt))


async def active_trainer_ids(session: AsyncSession, trainee_id: uuid.UUID) -> list[uuid.UUID]:
    stmt = select(TrainerTrainee.trainer_id).where(
        TrainerTrainee.trainee_id == trainee_id, TrainerTrainee.status == "active"
    )
    return list((await session.execute(stmt)).scalars())


def active_trainee_ids_stmt(trainer_id: uuid.UUID) -> Select[uuid.UUID | None]:
    """The trainees actively linked to a trainer: the subquery every
    "a trainer sees their trainees' rows" policy uses."""
    return select(TrainerTrainee.trainee_id).where(
        TrainerTrainee.trainer_id == trainer_id, TrainerTrainee.status == "active"
    )


async def open_link_exists(session: AsyncSession, trainer_id: uuid.UUID, email: str) -> bool:
    found = await session.scalar(
        select(func.count())
        .select_from(TrainerTrainee)
        .where(
            TrainerTrainee.trainer_id == trainer_id,
            TrainerTrainee.invited_email == email,
            TrainerTrainee.status != "ended",
        )
    )
    return bool(found)


async def insert_invitation(
    session: AsyncSession, trainer_id: uuid.UUID, email: str
) -> TrainerTrainee:
    link = TrainerTrainee(trainer_id=trainer_id, invited_email=email)
    session.add(link)
    await session.flush()
    await session.refresh(link)
    return link


def visible_invitations_stmt(user_id: uuid.UUID) -> Select[TrainerTrainee]:
    return select(TrainerTrainee).where(
        or_(TrainerTrainee.trainer_id == user_id, TrainerTrainee.trainee_id == user_id)
    )


async def get_invitation(
    session: AsyncSession, user_id: uuid.UUID, link_id: uuid.UUID, *, lock: bool = False
) -> TrainerTrainee | None:
    stmt = visible_invitations_stmt(user_id).where(TrainerTrainee.id == link_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def list_invitations(
    session: AsyncSession,
    user_id: uuid.UUID,
    limit: int,
    after: tuple[dt.datetime, uuid.UUID] | None,
) -> list[TrainerTrainee]:
    stmt = visible_invitations_stmt(user_id)
    if after is not None:
        stmt = stmt.where(tuple_(TrainerTrainee.created_at, TrainerTrainee.id) < after)
    stmt = stmt.order_by(TrainerTrainee.created_at.desc(), TrainerTrainee.id.desc()).limit(
        limit + 1
    )
    return list((await session.execute(stmt)).scalars())


async def people_by_id(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, User]:
    if not ids:
        return {}
    rows = await session.execute(select(User).where(User.id.in_(ids)))
    return {user.id: user for user in rows.scalars()}


async def roster(
    session: AsyncSession,
    *,
    me_column: Any,
    other_column: Any,
    user_id: uuid.UUID,
    limit: int,
    after: tuple[dt.datetime, uuid.UUID] | None,
) -> list[tuple[TrainerTrainee, User]]:
    """Active links of mine, with the person at the other end (one query)."""
    stmt = (
        select(TrainerTrainee, User)
        .join(User, User.id == other_column)
        .where(me_column == user_id, TrainerTrainee.status == "active")
    )
    if after is not None:
        stmt = stmt.where(tuple_(TrainerTrainee.accepted_at, TrainerTrainee.id) > after)
    stmt = stmt.order_by(TrainerTrainee.accepted_at, TrainerTrainee.id).limit(limit + 1)
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def active_link(
    session: AsyncSession, trainer_id: uuid.UUID, trainee_id: uuid.UUID
) -> TrainerTrainee | None:
    stmt = (
        select(TrainerTrainee)
        .where(
            and_(
                TrainerTrainee.trainer_id == trainer_id,
                TrainerTrainee.trainee_id == trainee_id,
                TrainerTrainee.status == "active",
            )
        )
        .with_for_update()
    )
    return (await session.execute(stmt)).scalar_one_or_none()
