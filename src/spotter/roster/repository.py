"""Roster queries. RLS already limits every row to the two parties."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from spotter import clock
from spotter.db.models import Schedule, TrainerTrainee, User, Workout
from spotter.db.queries import TIME_ID, ById, either_party, keyset_page, newest_created, one_or_404
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal
from spotter.stats.repository import adherence_counts

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


def own_or_coached(
    trainee_id: InstrumentedAttribute[uuid.UUID], user_id: uuid.UUID
) -> ColumnElement[bool]:
    """The row is the user's own (by its trainee column), or that of a
    trainee actively linked to them: the rule of every policy that lets a
    trainer see their trainees' rows."""
    return or_(trainee_id == user_id, trainee_id.in_(active_trainee_ids_stmt(user_id)))


def visible_invitations_stmt(principal: Principal) -> Select[TrainerTrainee]:
    # Policy trainer_trainees_select_party: both parties see a link, in any state.
    return select(TrainerTrainee).where(either_party(TrainerTrainee, principal.id))


async def open_link_exists(session: AsyncSession, principal: Principal, email: str) -> bool:
    stmt = visible_invitations_stmt(principal).where(
        TrainerTrainee.trainer_id == principal.id,
        TrainerTrainee.invited_email == email,
        TrainerTrainee.status != "ended",
    )
    return bool(await session.scalar(select(stmt.exists())))


INVITATIONS = ById(TrainerTrainee.id, "invitation", visible_invitations_stmt)


async def my_invitation(
    session: AsyncSession, principal: Principal, link_id: uuid.UUID, *, sent: bool
) -> TrainerTrainee:
    """An invitation I sent (`sent`) or was sent, locked; 404 for anyone
    else's. Policy trainer_trainees_update_party lets either party write a
    link; only the trainer withdraws or resends, only the invited trainee
    answers."""
    side = TrainerTrainee.trainer_id if sent else TrainerTrainee.trainee_id
    return await INVITATIONS.to_change(session, principal, link_id, side == principal.id)


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


async def invitations(session: AsyncSession, principal: Principal, page: PageQuery) -> list[Linked]:
    """Newest first, by (created_at, id), each with its trainer."""
    stmt = (
        visible_invitations_stmt(principal)
        .add_columns(User)
        .outerjoin(User, User.id == TrainerTrainee.trainer_id)
    )
    stmt = newest_created(stmt, TrainerTrainee, page)
    return [(link, trainer) for link, trainer in await session.execute(stmt)]


async def person(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """Someone the caller may see (policy users_select_visible), or None."""
    return await session.scalar(select(User).where(User.id == user_id))


Column = InstrumentedAttribute[Any]


def _my_side(principal: Principal) -> tuple[Column, Column]:
    """(my column, the other party's column) of a link, by my role."""
    if principal.is_trainer:
        return TrainerTrainee.trainer_id, TrainerTrainee.trainee_id
    return TrainerTrainee.trainee_id, TrainerTrainee.trainer_id


async def roster(session: AsyncSession, principal: Principal, page: PageQuery) -> list[Linked]:
    """My active links, oldest first, with the person at the other end (one query)."""
    mine, other = _my_side(principal)
    stmt = (
        visible_invitations_stmt(principal)
        .add_columns(User)
        .join(User, User.id == other)
        .where(mine == principal.id, TrainerTrainee.status == "active")
    )
    by_acceptance = (TrainerTrainee.accepted_at, TrainerTrainee.id)
    stmt = keyset_page(stmt, by_acceptance, page, TIME_ID, descending=False)
    return [(link, other_user) for link, other_user in await session.execute(stmt)]


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
            Schedule.date >= clock.today(),
        )
        .values(status="cancelled")
    )


# -- The trainer's roster with its figures ------------------------------------

RosterSort = Literal["name", "adherence", "last_workout", "next_session"]
ADHERENCE_DAYS = 30  # as in /stats


@dataclass(frozen=True)
class RosterQuery:
    """Which of my trainees, in which order. Without `sort`: oldest link
    first, a page at a time after the keyset `after` (accepted_at, id)."""

    limit: int
    after: tuple[dt.datetime, uuid.UUID] | None = None
    search: str | None = None
    sort: RosterSort | None = None
    descending: bool = False


@dataclass(frozen=True)
class NextSession:
    id: uuid.UUID
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    status: str
    title: str


@dataclass(frozen=True)
class TraineeFigures:
    link: TrainerTrainee
    person: User
    completed: int
    cancelled: int
    missed: int
    last_workout_date: dt.date | None
    next_session: NextSession | None

    @property
    def adherence(self) -> float | None:
        """As /stats rounds it: a rate 0..1, None with no session to count."""
        counted = self.completed + self.cancelled + self.missed
        return round(self.completed / counted, 4) if counted else None


def _contains(text: str) -> str:
    """An ILIKE pattern for `text` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def trainees_with_figures(
    session: AsyncSession, principal: Principal, query: RosterQuery, now: dt.datetime
) -> list[TraineeFigures]:
    """My active trainees with adherence, last workout and next session, in
    ONE statement: each figure is a LATERAL subquery per trainee, read
    through an index on (trainee_id, date...), never a query per trainee.
    `now` is the gym's wall clock (sessions are stored in local time)."""
    trainee = TrainerTrainee.trainee_id
    counts = adherence_counts(trainee, ADHERENCE_DAYS).lateral("adherence")
    # Live from workouts (idx_workouts_trainee_date), not trainee_stats,
    # which is only refreshed every 15 minutes.
    last_workout = (
        select(Workout.date)
        .where(Workout.trainee_id == trainee)
        .order_by(Workout.date.desc())
        .limit(1)
        .lateral("last_workout")
    )
    upcoming = (
        select(
            Schedule.id,
            Schedule.date,
            Schedule.start_time,
            Schedule.end_time,
            Schedule.status,
            Schedule.title,
        )
        .where(
            Schedule.trainee_id == trainee,
            Schedule.trainer_id == TrainerTrainee.trainer_id,
            Schedule.status.in_(("pending", "confirmed")),
            tuple_(Schedule.date, Schedule.start_time)
            >= tuple_(literal(now.date()), literal(now.time())),
        )
        .order_by(Schedule.date, Schedule.start_time, Schedule.id)
        .limit(1)
        .lateral("next_session")
    )
    stmt = (
        select(TrainerTrainee, User, counts, last_workout.c.date.label("last_date"), upcoming)
        .join(User, User.id == trainee)
        .join(counts, true())
        .outerjoin(last_workout, true())
        .outerjoin(upcoming, true())
        .where(TrainerTrainee.trainer_id == principal.id, TrainerTrainee.status == "active")
    )
    if query.search:
        pattern = _contains(query.search)
        stmt = stmt.where(
            or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
    if query.sort is None:
        if query.after is not None:
            stmt = stmt.where(tuple_(TrainerTrainee.accepted_at, TrainerTrainee.id) > query.after)
        stmt = stmt.order_by(TrainerTrainee.accepted_at, TrainerTrainee.id)
    else:
        stmt = stmt.order_by(*_sorted_by(query, counts.c, last_workout.c.date, upcoming.c))
    rows = await session.execute(stmt.limit(query.limit + 1))
    return [_figures(row) for row in rows]


def _sorted_by(
    query: RosterQuery, counts: Any, last_date: ColumnElement[Any], upcoming: Any
) -> list[ColumnElement[Any]]:
    """ORDER BY for a sortable column: missing figures last either way, then
    by name, so equal figures keep a stable order."""
    counted = counts.completed + counts.cancelled + counts.missed
    keys: dict[str, list[ColumnElement[Any]]] = {
        "name": [func.lower(User.name)],
        "adherence": [cast(counts.completed, Float) / func.nullif(counted, 0)],
        "last_workout": [last_date],
        "next_session": [upcoming.date, upcoming.start_time],
    }
    assert query.sort is not None
    ordered = [
        (key.desc() if query.descending else key.asc()).nulls_last() for key in keys[query.sort]
    ]
    return [*ordered, func.lower(User.name), TrainerTrainee.id.expression]


def _figures(row: Any) -> TraineeFigures:
    upcoming = None
    if row.id is not None:
        upcoming = NextSession(
            row.id, row.date, row.start_time, row.end_time, row.status, row.title
        )
    return TraineeFigures(
        row.TrainerTrainee,
        row.User,
        row.completed,
        row.cancelled,
        row.missed,
        row.last_date,
        upcoming,
    )


async def pending_sent(session: AsyncSession, principal: Principal) -> list[TrainerTrainee]:
    """My invitations still waiting for an answer, newest first."""
    stmt = (
        visible_invitations_stmt(principal)
        .where(TrainerTrainee.trainer_id == principal.id, TrainerTrainee.status == "pending")
        .order_by(TrainerTrainee.created_at.desc(), TrainerTrainee.id.desc())
        .limit(200)
    )
    return list((await session.execute(stmt)).scalars())
