"""Exercise queries: one visible-to-me statement, search, keyset order."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Exercise

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


def visible_exercises_stmt() -> Select[Exercise]:
    # Row-level security already limits rows to the catalogue, my own and my
    # trainers' exercises.
    return select(Exercise)


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


async def search(
    session: AsyncSession, query: ExerciseQuery, limit: int, offset_cursor: list[Any] | None
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
    stmt = _filtered(select(Exercise, score), query).where(
        or_(
            func.search_text(Exercise.name).op("%")(needle),
            func.search_text(Exercise.name_th).op("%")(needle),
            needle.op("<%")(func.search_text(Exercise.name)),
            needle.op("<%")(func.search_text(Exercise.name_th)),
            func.search_text(Exercise.name).contains(needle),
            func.search_text(Exercise.name_th).contains(needle),
        )
    )
    if offset_cursor is not None:
        last_score, last_id = float(offset_cursor[0]), uuid.UUID(offset_cursor[1])
        stmt = stmt.where(or_(score < last_score, and_(score == last_score, Exercise.id > last_id)))
    stmt = stmt.order_by(score.desc(), Exercise.id).limit(limit + 1)
    return [(row[0], float(row[1])) for row in (await session.execute(stmt)).all()]


async def listing(
    session: AsyncSession, query: ExerciseQuery, sort: str, limit: int, after: list[Any] | None
) -> list[Exercise]:
    stmt = _filtered(visible_exercises_stmt(), query)
    if sort == "name":
        if after is not None:
            stmt = stmt.where(tuple_(Exercise.name, Exercise.id) > (after[0], uuid.UUID(after[1])))
        stmt = stmt.order_by(Exercise.name, Exercise.id)
    else:
        usage = Exercise.usage_count
        if after is not None:
            last_usage, last_id = int(after[0]), uuid.UUID(after[1])
            stmt = stmt.where(
                or_(usage < last_usage, and_(usage == last_usage, Exercise.id > last_id))
            )
        stmt = stmt.order_by(usage.desc(), Exercise.id)
    return list((await session.execute(stmt.limit(limit + 1))).scalars())


async def get(session: AsyncSession, exercise_id: uuid.UUID) -> Exercise | None:
    stmt = visible_exercises_stmt().where(Exercise.id == exercise_id)
    return (await session.execute(stmt)).scalar_one_or_none()
