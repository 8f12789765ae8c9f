"""Workout queries. Workouts are partitioned by date: look them up by id
through the visible statement, never with session.get()."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import PersonalRecord, Workout
from spotter.db.queries import ById, newest_first, within
from spotter.db.reads import Query
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal
from spotter.roster.repository import own_or_coached
from spotter.roster.scope import Whose
from spotter.workouts.schemas import WorkoutFilters


def visible_workouts_stmt(principal: Principal) -> Select[Workout]:
    # Policy workouts_select_visible: my own, and those of trainees actively
    # linked to me (whoever logged them).
    return select(Workout).where(own_or_coached(Workout.trainee_id, principal.id))


WORKOUTS = ById(Workout.id, "workout", visible_workouts_stmt)
find, get = WORKOUTS.find, WORKOUTS.get
# Policy workouts_modify_own_or_coached: the trainee's own, or one the
# trainer logged; a trainer sees all their trainees' workouts but edits
# only those.
get_editable = WORKOUTS.by_a_party


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


# The list on the read path (db/reads.py), for the common request: no
# filters, the caller's own rows. WorkoutOut's fields in its order; the JSON
# columns as text, to go into the answer unparsed.
LIST_COLUMNS = (
    'id, trainee_id AS "traineeId", trainer_id AS "trainerId", schedule_id AS "scheduleId",'
    " date, duration, exercises::text AS exercises, summary::text AS summary, notes, rating,"
    ' mood, created_at AS "createdAt", updated_at AS "updatedAt"'
)
# Whose rows, as Whose.of() chooses them. A trainee's own are visible to them;
# a trainer's are those logged under them, of trainees still linked (policy
# workouts_select_visible, as in visible_workouts_stmt).
_MINE_AS_TRAINEE = "trainee_id = %(me)s"
_MINE_AS_TRAINER = (
    "trainer_id = %(me)s AND (trainee_id = %(me)s OR trainee_id IN ("
    "SELECT trainee_id FROM trainer_trainees WHERE trainer_id = %(me)s AND status = 'active'))"
)


def own_list_query(
    user_id: uuid.UUID, as_trainer: bool, limit: int, before: tuple[Any, ...] | None
) -> Query:
    """Newest first on idx_workouts_trainee_date (idx_workouts_trainer_date)."""
    mine = _MINE_AS_TRAINER if as_trainer else _MINE_AS_TRAINEE
    params: dict[str, object] = {"me": user_id, "limit": limit + 1}
    sql = f"SELECT {LIST_COLUMNS} FROM workouts WHERE {mine}"
    if before is not None:
        sql += " AND (date, id) < (%(day)s, %(id)s)"
        params["day"], params["id"] = before
    return Query(sql + " ORDER BY date DESC, id DESC LIMIT %(limit)s", params)


async def personal_records(
    session: AsyncSession, trainee_id: uuid.UUID, exercises: list[str]
) -> list[PersonalRecord]:
    """The trainee's kept bests for these exercises (lower-case names)."""
    # Policy personal_records_select_visible: the same readers as workouts.
    stmt = select(PersonalRecord).where(
        PersonalRecord.trainee_id == trainee_id, PersonalRecord.exercise.in_(exercises)
    )
    return list((await session.execute(stmt)).scalars())
