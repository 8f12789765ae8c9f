"""Exercise queries: one visible-to-me statement, search, keyset order."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, tuple_, union
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Exercise, TrainerTrainee
from spotter.db.queries import one_or_404
from spotter.kit.errors import ForbiddenError, NotFoundError
from spotter.kit.principal import Principal

# Trigram similarity above which a name counts as a match; low enough that
# one typo in a short name still matches.
SIMILARITY = 0.2
WORD_SIMILARITY = 0.4


@dataclass(frozen=True)
class ExerciseQuery:
    q: str | None = None
    type: str | None = None
    category: str | None = None
    muscle: str | None = None
    equipment: str | None = None
    difficulty: str | None = None
    include_archived: bool = False


def _visible_user_ids_stmt(user_id: uuid.UUID) -> Any:
    # SQL function my_visible_user_ids(): my active trainees, and the trainers
    # who invited me or coach me.
    return union(
        select(TrainerTrainee.trainee_id).where(
            TrainerTrainee.trainer_id == user_id, TrainerTrainee.status == "active"
        ),
        select(TrainerTrainee.trainer_id).where(
            TrainerTrainee.trainee_id == user_id, TrainerTrainee.status.in_(("pending", "active"))
        ),
    )


def visible_exercises_stmt(principal: Principal) -> Select[Exercise]:
    # Policy exercises_select_visible: the built-in catalogue, my own, and
    # those of the people whose profile I may read (my trainers, my trainees).
    return select(Exercise).where(
        or_(
            Exercise.created_by.is_(None),
            Exercise.created_by == principal.id,
            Exercise.created_by.in_(_visible_user_ids_stmt(principal.id)),
        )
    )


async def get(session: AsyncSession, principal: Principal, exercise_id: uuid.UUID) -> Exercise:
    stmt = visible_exercises_stmt(principal).where(Exercise.id == exercise_id)
    return await one_or_404(session, stmt, "exercise")


async def get_mine(session: AsyncSession, principal: Principal, exercise_id: uuid.UUID) -> Exercise:
    """Policies exercises_update_trainer and exercises_delete_own: only the
    creator changes an exercise. The catalogue is visible to all and nobody's."""
    exercise = await get(session, principal, exercise_id)
    if exercise.created_by is None:
        raise ForbiddenError("The built-in catalogue cannot be changed.")
    if exercise.created_by != principal.id:
        raise NotFoundError("exercise")
    return exercise


def _filtered(stmt: Select[Any], query: ExerciseQuery) -> Select[Any]:
    if not query.include_archived:
        stmt = stmt.where(Exercise.is_active.is_not(False))
    if query.type:
        stmt = stmt.where(Exercise.type == query.type)
    if query.category:
        stmt = stmt.where(Exercise.category == query.category)
    if query.difficulty:
        stmt = stmt.where(Exercise.difficulty == query.difficulty)
    if query.muscle:
        stmt = stmt.where(Exercise.muscle_groups.contains([query.muscle]))
    if query.equipment:
        stmt = stmt.where(Exercise.equipment.contains([query.equipment]))
    return stmt


def _after_descending(column: Any, after: tuple[Any, uuid.UUID]) -> Any:
    """The keyset condition for ORDER BY column DESC, id."""
    last, last_id = after
    return or_(column < last, and_(column == last, Exercise.id > last_id))


async def search(
    session: AsyncSession,
    principal: Principal,
    query: ExerciseQuery,
    limit: int,
    after: tuple[float, uuid.UUID] | None,
) -> list[tuple[Exercise, float]]:
    """Ranked by similarity to `q` (best first), then id."""
    assert query.q is not None
    # Word similarity lets "deadlfit" find "Conventional Deadlift"; the
    # threshold is transaction-local and the operators use the GIN indexes.
    await session.execute(
        select(func.set_config("pg_trgm.word_similarity_threshold", str(WORD_SIMILARITY), True))
    )
    needle = func.search_text(query.q)
    score = func.greatest(
        func.similarity(func.search_text(Exercise.name), needle),
        func.coalesce(func.similarity(func.search_text(Exercise.name_th), needle), 0),
        func.word_similarity(needle, func.search_text(Exercise.name)),
    ).label("score")
    stmt = _filtered(visible_exercises_stmt(principal).add_columns(score), query).where(
        or_(
            func.search_text(Exercise.name).op("%")(needle),
            func.search_text(Exercise.name_th).op("%")(needle),
            needle.op("<%")(func.search_text(Exercise.name)),
            needle.op("<%")(func.search_text(Exercise.name_th)),
            func.search_text(Exercise.name).contains(needle),
            func.search_text(Exercise.name_th).contains(needle),
        )
    )
    if after is not None:
        stmt = stmt.where(_after_descending(score, after))
    stmt = stmt.order_by(score.desc(), Exercise.id).limit(limit + 1)
    return [(row[0], float(row[1])) for row in (await session.execute(stmt)).all()]


async def listing(
    session: AsyncSession,
    principal: Principal,
    query: ExerciseQuery,
    sort: str,
    limit: int,
    after: tuple[Any, uuid.UUID] | None,
) -> list[Exercise]:
    """By name, or most used first; then id."""
    stmt = _filtered(visible_exercises_stmt(principal), query)
    if sort == "name":
        if after is not None:
            stmt = stmt.where(tuple_(Exercise.name, Exercise.id) > after)
        stmt = stmt.order_by(Exercise.name, Exercise.id)
    else:
        if after is not None:
            stmt = stmt.where(_after_descending(Exercise.usage_count, after))
        stmt = stmt.order_by(Exercise.usage_count.desc(), Exercise.id)
    return list((await session.execute(stmt.limit(limit + 1))).scalars())
