"""The exercise library: browse and search it; trainers keep their own entries."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError

from spotter.context import Context
from spotter.db.models import Exercise
from spotter.exercises import repository
from spotter.exercises.repository import ExerciseQuery
from spotter.exercises.schemas import ExerciseIn, ExerciseUpdate
from spotter.kit.errors import ConflictError, UnprocessableError
from spotter.kit.pagination import Page, PageQuery, keyset, page_of


async def library(ctx: Context, query: ExerciseQuery, sort: str, page: PageQuery) -> Page[Exercise]:
    """Best match first when searching, else by `sort`."""
    limit = page.limit
    if query.q:
        after = keyset(page.cursor, float, int, float, uuid.UUID)
        ranked = await repository.search(ctx.session, ctx.principal, query, limit, after)
        keys = {exercise.id: key for exercise, key in ranked}
        return page_of([e for e, _ in ranked], limit, lambda e: [*keys[e.id][:3], str(e.id)])
    if sort == "name":
        rows = await repository.listing(
            ctx.session, ctx.principal, query, sort, limit, keyset(page.cursor, str, uuid.UUID)
        )
        return page_of(rows, limit, lambda e: [e.name, str(e.id)])
    rows = await repository.listing(
        ctx.session, ctx.principal, query, sort, limit, keyset(page.cursor, int, uuid.UUID)
    )
    return page_of(rows, limit, lambda e: [e.usage_count or 0, str(e.id)])


async def require_usable(
    ctx: Context, owner_id: uuid.UUID, named: Iterable[tuple[str, uuid.UUID | None]]
) -> None:
    """Every exercise a workout or template names (field, id) may be named
    by a row `owner_id` owns: the catalogue or their own. Anything else (an
    unknown id, another trainer's private exercise) is a 422 naming the
    field; the database refuses it too (trigger refuse_foreign_exercises_*)."""
    given = [(field, exercise_id) for field, exercise_id in named if exercise_id is not None]
    refused = await repository.unusable_ids(
        ctx.session, ctx.principal, owner_id, {exercise_id for _, exercise_id in given}
    )
    for field, exercise_id in given:
        if exercise_id in refused:
            raise UnprocessableError(
                field, "No such exercise here: name one of the catalogue or your own."
            )


@asynccontextmanager
async def _unique_name(ctx: Context) -> AsyncIterator[None]:
    # Names are unique across the library; a savepoint keeps the request's
    # transaction usable when the insert or rename collides.
    try:
        async with ctx.session.begin_nested():
            yield
    except IntegrityError as exc:
        raise ConflictError("An exercise with this name already exists.") from exc


async def create(ctx: Context, body: ExerciseIn) -> Exercise:
    values = body.model_dump(exclude={"metadata"})
    async with _unique_name(ctx):
        return await ctx.created(
            Exercise(**values, metadata_=body.metadata, created_by=ctx.user_id)
        )


async def update(ctx: Context, exercise_id: uuid.UUID, body: ExerciseUpdate) -> Exercise:
    exercise = await repository.get_mine(ctx.session, ctx.principal, exercise_id)
    async with _unique_name(ctx), ctx.updating(exercise):
        for field, value in body.model_dump(exclude_unset=True).items():
            setattr(exercise, "metadata_" if field == "metadata" else field, value)
    return exercise


async def archive(ctx: Context, exercise_id: uuid.UUID) -> None:
    """Past workouts still name it, so it is hidden rather than deleted."""
    exercise = await repository.get_mine(ctx.session, ctx.principal, exercise_id)
    async with ctx.updating(exercise):
        exercise.is_active = False
