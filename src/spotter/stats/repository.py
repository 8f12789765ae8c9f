"""Statistics: the materialized view plus what happened since its refresh."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Row, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import User
from spotter.db.queries import one_or_404

FROM_VIEW = text("SELECT * FROM trainee_stats_for(:t)")

# Rows created after the view's refresh (or all, if it never saw the trainee).
SINCE_REFRESH = text(
    """
    SELECT
      (SELECT count(*) FROM workouts w
        WHERE w.trainee_id = :t AND w.created_at > :since) AS workouts,
      (SELECT count(w.rating) FROM workouts w
        WHERE w.trainee_id = :t AND w.created_at > :since) AS rated,
      (SELECT coalesce(sum(w.rating), 0) FROM workouts w
        WHERE w.trainee_id = :t AND w.created_at > :since) AS rating_sum,
      (SELECT coalesce(sum((w.summary->>'totalWeight')::numeric), 0) FROM workouts w
        WHERE w.trainee_id = :t AND w.created_at > :since) AS weight,
      (SELECT max(w.date) FROM workouts w
        WHERE w.trainee_id = :t AND w.created_at > :since) AS last_date,
      (SELECT count(*) FROM schedules s
        WHERE s.trainee_id = :t AND s.created_at > :since) AS sessions,
      (SELECT count(*) FROM schedules s
        WHERE s.trainee_id = :t AND s.created_at > :since AND s.status = 'completed') AS completed
    """
)

ADHERENCE = text(
    """
    SELECT count(*) FILTER (WHERE status = 'completed') AS completed,
           count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
           count(*) FILTER (WHERE status = 'pending' AND date < :today) AS missed
      FROM schedules
     WHERE trainee_id = :t AND date >= :since AND date <= :today
    """
)

PROGRESS = text(
    """
    WITH sets AS (
      SELECT date_trunc('week', w.date)::date AS week_start,
             (s->>'weight')::numeric AS weight, (s->>'reps')::int AS reps
        FROM workouts w,
             jsonb_array_elements(w.exercises) e,
             jsonb_array_elements(e->'sets') s
       WHERE w.trainee_id = :t AND w.date >= :since
         AND e->>'type' = 'weight_training'
         AND (lower(e->>'name') = lower(:exercise) OR e->>'exerciseId' = :exercise)
         AND jsonb_typeof(s->'reps') = 'number'
    )
    SELECT week_start,
           max(weight) AS best_weight,
           (array_agg(reps ORDER BY weight DESC NULLS LAST, reps DESC))[1] AS best_weight_reps,
           max(CASE WHEN reps = 1 THEN weight
                    WHEN reps > 1 THEN weight * (1 + reps / 30.0) END) AS estimated_1rm,
           coalesce(sum(weight * reps), 0) AS volume,
           count(*) AS sets
      FROM sets GROUP BY week_start ORDER BY week_start
    """
)


async def trainee(session: AsyncSession, trainee_id: uuid.UUID) -> User:
    """The trainee, or 404 for anyone else (a trainer's own id included)."""
    stmt = select(User).where(User.id == trainee_id, User.role == "trainee")
    return await one_or_404(session, stmt, "trainee")


async def view_row(session: AsyncSession, trainee_id: uuid.UUID) -> Row[Any] | None:
    return (await session.execute(FROM_VIEW, {"t": trainee_id})).first()


async def since_refresh(
    session: AsyncSession, trainee_id: uuid.UUID, since: dt.datetime
) -> Row[Any]:
    return (await session.execute(SINCE_REFRESH, {"t": trainee_id, "since": since})).one()


async def adherence(session: AsyncSession, trainee_id: uuid.UUID, days: int) -> Row[Any]:
    today = dt.date.today()
    params = {"t": trainee_id, "today": today, "since": today - dt.timedelta(days=days)}
    return (await session.execute(ADHERENCE, params)).one()


async def progress(
    session: AsyncSession, trainee_id: uuid.UUID, exercise: str, since: dt.date
) -> list[Row[Any]]:
    params = {"t": trainee_id, "exercise": exercise, "since": since}
    return list((await session.execute(PROGRESS, params)).all())
