"""Statistics: the materialized view plus what happened since its refresh."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from spotter import clock
from spotter.db.models import Schedule, User
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

# One row per exercise of one trainee's weight training since a day, with
# the figures of its counted sets (those with reps). The sets are summed up
# per exercise first, so the weekly grouping handles a few thousand rows, not
# every set: for a trainee who trains daily (12 weeks, 2,300 exercises,
# 9,000 sets) that and jsonb_to_recordset (each element taken apart once)
# take the top-exercises query from 25 ms to 15 ms.
TRAINEE_EXERCISES = """
      SELECT lower(e.name) AS key, e.name,
             date_trunc('week', w.date)::date AS week_start, f.*
        FROM workouts w,
             jsonb_to_recordset(w.exercises) e(name text, type text, "exerciseId" text, sets jsonb),
             LATERAL (
               SELECT max(s.weight) AS best_weight,
                      (array_agg(s.reps ORDER BY s.weight DESC NULLS LAST, s.reps DESC))[1]
                        AS best_weight_reps,
                      max(CASE WHEN s.reps = 1 THEN s.weight
                               WHEN s.reps > 1 THEN s.weight * (1 + s.reps / 30.0) END)
                        AS estimated_1rm,
                      coalesce(sum(s.weight * s.reps), 0) AS volume,
                      count(*) AS sets
                 FROM (SELECT weight, (reps)::int AS reps
                         FROM jsonb_to_recordset(e.sets) r(weight numeric, reps jsonb)
                        WHERE jsonb_typeof(reps) = 'number') s
             ) f
       WHERE w.trainee_id = :t AND w.date >= :since
         AND e.type = 'weight_training' AND f.sets > 0"""

# A week's figures from rows of TRAINEE_EXERCISES, shared by the queries below.
WEEK_FIGURES = """
           max(best_weight) AS best_weight,
           (array_agg(best_weight_reps ORDER BY best_weight DESC NULLS LAST,
                      best_weight_reps DESC))[1] AS best_weight_reps,
           max(estimated_1rm) AS estimated_1rm,
           sum(volume) AS volume,
           sum(sets)::bigint AS sets"""

PROGRESS = text(
    f"""
    WITH exercises AS ({TRAINEE_EXERCISES}
         AND (lower(e.name) = lower(:exercise) OR e."exerciseId" = :exercise)
    )
    SELECT week_start, {WEEK_FIGURES}
      FROM exercises GROUP BY week_start ORDER BY week_start
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


def adherence_counts(
    trainee_id: uuid.UUID | ColumnElement[Any] | QueryableAttribute[Any], days: int
) -> Select[int, int, int]:
    """The one definition of adherence's counts over the last `days` days:
    completed, cancelled, and missed (past sessions still pending). For one
    trainee id here, and for a column in the roster's query, which joins it
    LATERAL for every trainee at once (index idx_schedules_trainee_date_status)."""
    today = clock.today()
    return select(
        func.count().filter(Schedule.status == "completed").label("completed"),
        func.count().filter(Schedule.status == "cancelled").label("cancelled"),
        func.count().filter(Schedule.status == "pending", Schedule.date < today).label("missed"),
    ).where(
        Schedule.trainee_id == trainee_id,
        Schedule.date >= today - dt.timedelta(days=days),
        Schedule.date <= today,
    )


async def adherence(session: AsyncSession, trainee_id: uuid.UUID, days: int) -> Row[int, int, int]:
    return (await session.execute(adherence_counts(trainee_id, days))).one()


async def progress(
    session: AsyncSession, trainee_id: uuid.UUID, exercise: str, since: dt.date
) -> list[Row[Any]]:
    params = {"t": trainee_id, "exercise": exercise, "since": since}
    return list((await session.execute(PROGRESS, params)).all())


TOP_EXERCISES = text(
    f"""
    WITH exercises AS ({TRAINEE_EXERCISES}
         AND e.name IS NOT NULL
    ), top AS (
      SELECT key, max(name) AS name, sum(sets)::bigint AS total_sets
        FROM exercises GROUP BY key ORDER BY sum(sets) DESC, key LIMIT :top
    )
    SELECT top.name AS exercise, top.total_sets, week_start, {WEEK_FIGURES}
      FROM exercises JOIN top USING (key)
     GROUP BY top.key, top.name, top.total_sets, week_start
     ORDER BY top.total_sets DESC, top.key, week_start
    """
)


async def top_exercises(
    session: AsyncSession, trainee_id: uuid.UUID, since: dt.date, top: int
) -> list[Row[Any]]:
    """Per ISO week, the figures of the `top` weight-training exercises with
    the most sets since `since` (names compared without case), most sets
    first: one query for all of them."""
    params = {"t": trainee_id, "since": since, "top": top}
    return list((await session.execute(TOP_EXERCISES, params)).all())
