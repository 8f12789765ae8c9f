"""Workout queries. Workouts are partitioned by date: look them up by id
through the visible statement, never with session.get()."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Workout
from spotter.db.queries import newest_first, one_or_404, one_or_none, within
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal
from spotter.roster.repository import active_trainee_ids_stmt
from spotter.roster.scope import Whose
from spotter.workouts.schemas import WorkoutFilters

# Every earlier weight_training set of this trainee for one exercise name.
EARLIER_SETS = text(
    """
    SELECT (s->>'weight')::numeric AS weight, (s->>'reps')::int AS reps
      FROM workouts w,
           jsonb_array_elements(w.exercises) e,
           jsonb_array_elements(e->'sets') s
     WHERE w.trainee_id = :trainee AND w.id <> :workout
       AND e->>'type' = 'weight_training' AND lower(e->>'name') = :name
       AND jsonb_typeof(s->'weight') = 'number' AND jsonb_typeof(s->'reps') = 'number'
    """
)


def visible_workouts_stmt(principal: Principal) -> Select[Workout]:
    # Policy workouts_select_visible: my own, and those of trainees actively
    # linked to me (whoever logged them).
    return select(Workout).where(
        or_(
            Workout.trainee_id == principal.id,
            Workout.trainee_id.in_(active_trainee_ids_stmt(principal.id)),
        )
    )


def _by_id(principal: Principal, workout_id: uuid.UUID) -> Select[Workout]:
    return visible_workouts_stmt(principal).where(Workout.id == workout_id)


async def find(
    session: AsyncSession, principal: Principal, workout_id: uuid.UUID
) -> Workout | None:
    found: Workout | None = await one_or_none(session, _by_id(principal, workout_id))
    return found


async def get(session: AsyncSession, principal: Principal, workout_id: uuid.UUID) -> Workout:
    return await one_or_404(session, _by_id(principal, workout_id), "workout")


async def get_editable(
    session: AsyncSession, principal: Principal, workout_id: uuid.UUID
) -> Workout:
    # Policy workouts_modify_own_or_coached: the trainee's own, or one the
    # trainer logged; a trainer sees all their trainees' workouts but edits
    # only those.
    stmt = _by_id(principal, workout_id).where(
        or_(Workout.trainee_id == principal.id, Workout.trainer_id == principal.id)
    )
    return await one_or_404(session, stmt, "workout", lock=True)


async def listing(
    session: AsyncSession,
    whose: Whose,
    *,
    filters: WorkoutFilters,
    page: PageQuery,
) -> list[Workout]:
    """Newest first. Date bounds prune partitions; the JSON filters use the
    GIN index on exercises (containment)."""
    stmt = visible_workouts_stmt(whose.principal).where(whose.of(Workout))
    stmt = within(stmt, Workout.date, filters.window)
    if filters.exercise_type is not None:
        stmt = stmt.where(Workout.exercises.contains([{"type": filters.exercise_type}]))
    if filters.exercise is not None:
        stmt = stmt.where(Workout.exercises.contains([{"name": filters.exercise}]))
    stmt = newest_first(stmt, Workout.date, Workout.id, page)
    return list((await session.execute(stmt)).scalars())


async def earlier_sets(
    session: AsyncSession, trainee_id: uuid.UUID, workout_id: uuid.UUID, name: str
) -> list[tuple[float, int]]:
    """(weight, reps) of the trainee's sets of `name` (lower case) in other workouts."""
    params = {"trainee": trainee_id, "workout": workout_id, "name": name}
    return [(float(r.weight), int(r.reps)) for r in await session.execute(EARLIER_SETS, params)]
