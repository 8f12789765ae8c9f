"""Exercise queries: one visible-to-me statement, search, keyset order."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, any_, case, cast, func, or_, select, tuple_
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Exercise, TrainerTrainee
from spotter.db.queries import one_or_404
from spotter.kit.errors import ForbiddenError, NotFoundError
from spotter.kit.principal import Principal

# Trigram similarity above which a name, or its best whole word, counts as
# a match: low enough that one typo in a short word still matches (a
# transposed pair keeps 2 of the 6 trigrams of "squat": 2 / 10 = 0.2).
SIMILARITY = 0.2
# How much of the query must appear within a name ("deadlfit" in
# "Conventional Deadlift").
WORD_SIMILARITY = 0.4
# Rank tiers, above any similarity (0 to 1): an exact name or alias, then a
# name that starts with the query.
EXACT_TIER = 4.0
PREFIX_TIER = 2.0


@dataclass(frozen=True)
class ExerciseQuery:
    q: str | None = None
    type: str | None = None
    category: str | None = None
    muscle: str | None = None
    equipment: str | None = None
    difficulty: str | None = None
    include_archived: bool = False


def _active_trainer_ids_stmt(user_id: uuid.UUID) -> Any:
    # SQL function my_active_trainer_ids() (revision 0003): the trainers of my
    # ACTIVE links. An invitation is no consent: a pending invitee sees nothing.
    return select(TrainerTrainee.trainer_id).where(
        TrainerTrainee.trainee_id == user_id, TrainerTrainee.status == "active"
    )


def visible_exercises_stmt(principal: Principal) -> Select[Exercise]:
    # Policy exercises_select_visible (revision 0003): the built-in
    # catalogue, my own, and those of the trainers actively coaching me.
    return select(Exercise).where(
        or_(
            Exercise.created_by.is_(None),
            Exercise.created_by == principal.id,
            Exercise.created_by.in_(_active_trainer_ids_stmt(principal.id)),
        )
    )


def usable_exercises_stmt(principal: Principal, owner_id: uuid.UUID) -> Select[Exercise]:
    """What a workout or template owned by `owner_id` (the workout's trainer,
    the template's author) may name: the catalogue or the owner's own. A
    trainee reads their trainer's exercises and logs them in workouts with
    that trainer; nobody else uses them. Function exercise_usable_by() and
    trigger refuse_foreign_exercises_* (revision 0003) hold the same rule."""
    return visible_exercises_stmt(principal).where(
        or_(Exercise.created_by.is_(None), Exercise.created_by == owner_id)
    )


async def unusable_ids(
    session: AsyncSession, principal: Principal, owner_id: uuid.UUID, ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of `ids` a row owned by `owner_id` may not name (unknown,
    invisible or someone else's private exercise: one answer for all)."""
    if not ids:
        return set()
    stmt = usable_exercises_stmt(principal, owner_id).with_only_columns(Exercise.id)
    return ids - set((await session.execute(stmt.where(Exercise.id.in_(ids)))).scalars())


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


SearchKey = tuple[float, int, float, uuid.UUID]


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _double(value: Any) -> Any:
    return cast(value, DOUBLE_PRECISION)


def search_stmt(principal: Principal, query: ExerciseQuery, after: SearchKey | None) -> Select[Any]:
    """Exercises matching `q`, best first: an exact name (or alias: "squat"
    is the barbell back squat), then a name that starts with `q`, then how
    well `q` matches within the name, then popularity, then closeness of the
    whole name.

    SQL function search_exercise_ids() (revision 0003) finds the matches
    through the trigram indexes: pg_trgm's similarity (whole name), word
    similarity (`q` within the name: "deadlfit"), strict word similarity
    (the best whole word: "sqaut") and substring, on English and Thai names
    folded by search_text(). Under RLS the same conditions written here
    could not use the indexes (pg_trgm's operators are not LEAKPROOF)."""
    assert query.q is not None
    needle = func.search_text(query.q)
    pattern = func.search_text(_like_escaped(query.q))
    names = (func.search_text(Exercise.name), func.search_text(Exercise.name_th))
    matches = Exercise.id.in_(select(func.search_exercise_ids(query.q)))
    exact = or_(names[0] == needle, names[1] == needle, needle == any_(Exercise.aliases))
    prefix = or_(names[0].startswith(pattern), names[1].startswith(pattern))
    tier = case((exact, EXACT_TIER), (prefix, PREFIX_TIER), else_=0.0)
    within = func.greatest(
        func.word_similarity(needle, names[0]),
        func.coalesce(func.word_similarity(needle, names[1]), 0),
    )
    rank = (_double(tier) + _double(within)).label("rank")
    usage = func.coalesce(Exercise.usage_count, 0).label("usage")
    closeness = _double(
        func.greatest(
            func.similarity(names[0], needle), func.coalesce(func.similarity(names[1], needle), 0)
        )
    ).label("closeness")
    stmt = _filtered(visible_exercises_stmt(principal), query).where(matches)
    stmt = stmt.add_columns(rank, usage, closeness)
    if after is not None:
        last_rank, last_usage, last_closeness, last_id = after
        stmt = stmt.where(
            or_(
                rank < last_rank,
                and_(rank == last_rank, usage < last_usage),
                and_(rank == last_rank, usage == last_usage, closeness < last_closeness),
                and_(
                    rank == last_rank,
                    usage == last_usage,
                    closeness == last_closeness,
                    Exercise.id > last_id,
                ),
            )
        )
    return stmt.order_by(rank.desc(), usage.desc(), closeness.desc(), Exercise.id)


async def set_search_thresholds(session: AsyncSession) -> None:
    """pg_trgm's operator thresholds, for this transaction only."""
    await session.execute(
        select(
            func.set_config("pg_trgm.similarity_threshold", str(SIMILARITY), True),
            func.set_config("pg_trgm.word_similarity_threshold", str(WORD_SIMILARITY), True),
            func.set_config("pg_trgm.strict_word_similarity_threshold", str(SIMILARITY), True),
        )
    )


async def search(
    session: AsyncSession,
    principal: Principal,
    query: ExerciseQuery,
    limit: int,
    after: SearchKey | None,
) -> list[tuple[Exercise, SearchKey]]:
    """Ranked as search_stmt() says; each with its keyset key."""
    await set_search_thresholds(session)
    rows = (await session.execute(search_stmt(principal, query, after).limit(limit + 1))).all()
    return [(row[0], (float(row[1]), int(row[2]), float(row[3]), row[0].id)) for row in rows]


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


async def archived_by(session: AsyncSession, principal: Principal, limit: int) -> list[Exercise]:
    """My archived exercises, by name (to restore them)."""
    stmt = (
        visible_exercises_stmt(principal)
        .where(Exercise.created_by == principal.id, Exercise.is_active.is_(False))
        .order_by(Exercise.name, Exercise.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())
