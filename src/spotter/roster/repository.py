"""Roster queries. RLS already limits every row to the two parties."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Select, exists, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from spotter.db.models import Schedule, TrainerTrainee, User
from spotter.db.queries import one_or_404
from spotter.kit.principal import Principal

# A link and the person at its other end (None when RLS hides them).
Linked = tuple[TrainerTrainee, User | None]


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


def visible_invitations_stmt(principal: Principal) -> Select[TrainerTrainee]:
    # Policy trainer_trainees_select_party: both parties see a link, in any state.
    return select(TrainerTrainee).where(
        or_(TrainerTrainee.trainer_id == principal.id, TrainerTrainee.trainee_id == principal.id)
    )


async def open_link_exists(session: AsyncSession, principal: Principal, email: str) -> bool:
    stmt = visible_invitations_stmt(principal).where(
        TrainerTrainee.trainer_id == principal.id,
        TrainerTrainee.invited_email == email,
        TrainerTrainee.status != "ended",
    )
    return bool(await session.scalar(select(stmt.exists())))


async def invitation_to_me(
    session: AsyncSession, principal: Principal, link_id: uuid.UUID
) -> TrainerTrainee:
    # Policy trainer_trainees_update_party lets either party write a link;
    # only the invited trainee answers the invitation.
    stmt = visible_invitations_stmt(principal).where(
        TrainerTrainee.id == link_id, TrainerTrainee.trainee_id == principal.id
    )
    return await one_or_404(session, stmt, "invitation", lock=True)


async def pending_invitations_to(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[TrainerTrainee, User]]:
    """The invitations waiting for this trainee, each with its trainer
    (policies trainer_trainees_select_party and users_select_visible)."""
    stmt = (
        select(TrainerTrainee, User)
        .join(User, User.id == TrainerTrainee.trainer_id)
        .where(TrainerTrainee.trainee_id == user_id, TrainerTrainee.status == "pending")
        .order_by(TrainerTrainee.created_at, TrainerTrainee.id)
    )
    return [(link, trainer) for link, trainer in await session.execute(stmt)]


async def invitations(
    session: AsyncSession,
    principal: Principal,
    limit: int,
    before: tuple[dt.datetime, uuid.UUID] | None,
) -> list[Linked]:
    """Newest first, by (created_at, id), each with its trainer."""
    stmt = (
        visible_invitations_stmt(principal)
        .add_columns(User)
        .outerjoin(User, User.id == TrainerTrainee.trainer_id)
    )
    if before is not None:
        stmt = stmt.where(tuple_(TrainerTrainee.created_at, TrainerTrainee.id) < before)
    stmt = stmt.order_by(TrainerTrainee.created_at.desc(), TrainerTrainee.id.desc())
    return [(link, trainer) for link, trainer in await session.execute(stmt.limit(limit + 1))]


async def person(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """Someone the caller may see (policy users_select_visible), or None."""
    return await session.scalar(select(User).where(User.id == user_id))


Column = InstrumentedAttribute[Any]


def _my_side(principal: Principal) -> tuple[Column, Column]:
    """(my column, the other party's column) of a link, by my role."""
    if principal.is_trainer:
        return TrainerTrainee.trainer_id, TrainerTrainee.trainee_id
    return TrainerTrainee.trainee_id, TrainerTrainee.trainer_id


async def roster(
    session: AsyncSession,
    principal: Principal,
    limit: int,
    after: tuple[dt.datetime, uuid.UUID] | None,
) -> list[Linked]:
    """My active links, oldest first, with the person at the other end (one query)."""
    mine, other = _my_side(principal)
    stmt = (
        visible_invitations_stmt(principal)
        .add_columns(User)
        .join(User, User.id == other)
        .where(mine == principal.id, TrainerTrainee.status == "active")
    )
    if after is not None:
        stmt = stmt.where(tuple_(TrainerTrainee.accepted_at, TrainerTrainee.id) > after)
    stmt = stmt.order_by(TrainerTrainee.accepted_at, TrainerTrainee.id)
    return [(link, other_user) for link, other_user in await session.execute(stmt.limit(limit + 1))]


async def active_link_with(
    session: AsyncSession, principal: Principal, other_id: uuid.UUID
) -> TrainerTrainee:
    """My active link with `other_id`, locked; 404 names the role they would have."""
    mine, other = _my_side(principal)
    stmt = visible_invitations_stmt(principal).where(
        mine == principal.id, other == other_id, TrainerTrainee.status == "active"
    )
    return await one_or_404(
        session, stmt, "trainee" if principal.is_trainer else "trainer", lock=True
    )


async def cancel_open_sessions(session: AsyncSession, link: TrainerTrainee) -> None:
    """The link's sessions from today on that are still to happen."""
    await session.execute(
        update(Schedule)
        .where(
            Schedule.trainer_id == link.trainer_id,
            Schedule.trainee_id == link.trainee_id,
            Schedule.status.in_(("pending", "confirmed")),
            Schedule.date >= func.current_date(),
        )
        .values(status="cancelled")
    )
