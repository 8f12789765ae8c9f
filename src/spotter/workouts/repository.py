"""Workout queries. Workouts are partitioned by date: look them up by id
through the visible statement, never with session.get()."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Workout


def visible_workouts_stmt() -> Select[Workout]:
    # RLS: my own, and those of trainees actively linked to me.
    return select(Workout)


async def get(
    session: AsyncSession, workout_id: uuid.UUID, *, lock: bool = False
) -> Workout | None:
    stmt = visible_workouts_stmt().where(Workout.id == workout_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def listing(
    session: AsyncSession,
    *,
    party: Any,
    party_id: uuid.UUID,
    date_from: dt.date | None,
    date_to: dt.date | None,
    exercise_type: str | None,
    exercise_name: str | None,
    limit: int,
    before: tuple[dt.date, uuid.UUID] | None,
) -> list[Workout]:
    """Newest first. Date bounds prune partitions; the JSON filters use the
    GIN index on exercises (containment)."""
    stmt = visible_workouts_stmt().where(party == party_id)
    if date_from is not None:
        stmt = stmt.where(Workout.date >= date_from)
    if date_to is not None:
        stmt = stmt.where(Workout.date <= date_to)
    if exercise_type is not None:
        stmt = stmt.where(Workout.exercises.contains([{"type": exercise_type}]))
    if exercise_name is not None:
        stmt = stmt.where(Workout.exercises.contains([{"name": exercise_name}]))
    if before is not None:
        stmt = stmt.where(tuple_(Workout.date, Workout.id) < before)
    stmt = stmt.order_by(Workout.date.desc(), Workout.id.desc()).limit(limit + 1)
    return list((await session.execute(stmt)).scalars())
