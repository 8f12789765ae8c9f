"""/exercises: the library. The built-in catalogue is read-only; trainers
create, edit and archive their own."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from spotter.context import TrainerContext, UserContext
from spotter.exercises import repository, service
from spotter.exercises.repository import ExerciseQuery
from spotter.exercises.schemas import (
    Difficulty,
    ExerciseIn,
    ExerciseOut,
    ExerciseType,
    ExerciseUpdate,
)
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs

router = APIRouter(prefix="/exercises", tags=["exercises"])


async def exercise_query(
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="Name, English or Thai; typos are fine."),
    ] = None,
    type: Annotated[ExerciseType | None, Query()] = None,
    category: Annotated[str | None, Query(max_length=50)] = None,
    muscle: Annotated[str | None, Query(max_length=50, examples=["glutes"])] = None,
    equipment: Annotated[str | None, Query(max_length=50, examples=["dumbbell"])] = None,
    difficulty: Annotated[Difficulty | None, Query()] = None,
    include_archived: Annotated[bool, Query(alias="includeArchived")] = False,
) -> ExerciseQuery:
    return ExerciseQuery(
        q=q.strip() or None if q else None,
        type=type,
        category=category,
        muscle=muscle,
        equipment=equipment,
        difficulty=difficulty,
        include_archived=include_archived,
    )


@router.get("", summary="Search and filter the exercise library")
async def list_exercises(
    ctx: UserContext,
    query: Annotated[ExerciseQuery, Depends(exercise_query)],
    page: PageArgs,
    sort: Annotated[
        Literal["popular", "name"], Query(description="Ignored when searching: best match first.")
    ] = "popular",
) -> Page[ExerciseOut]:
    found = await service.library(ctx, query, sort, page)
    return Page[ExerciseOut](
        items=[ExerciseOut.model_validate(e) for e in found.items], next_cursor=found.next_cursor
    )


@router.get("/{exercise_id}", responses=problems(401, 404), summary="One exercise")
async def get_exercise(exercise_id: uuid.UUID, ctx: UserContext) -> ExerciseOut:
    return ExerciseOut.model_validate(await repository.get(ctx.session, ctx.principal, exercise_id))


@router.post(
    "",
    status_code=201,
    responses=problems(401, 403, 409, 422, _409="An exercise with this name exists"),
    summary="Add my own exercise (trainer)",
)
async def create_exercise(body: ExerciseIn, ctx: TrainerContext) -> ExerciseOut:
    return ExerciseOut.model_validate(await service.create(ctx, body))


@router.patch(
    "/{exercise_id}", responses=problems(401, 403, 404, 409, 422), summary="Edit my exercise"
)
async def update_exercise(
    exercise_id: uuid.UUID, body: ExerciseUpdate, ctx: TrainerContext
) -> ExerciseOut:
    return ExerciseOut.model_validate(await service.update(ctx, exercise_id, body))


@router.delete(
    "/{exercise_id}",
    status_code=204,
    responses=problems(401, 403, 404),
    summary="Archive my exercise (kept for past workouts; hidden from the library)",
)
async def archive_exercise(exercise_id: uuid.UUID, ctx: TrainerContext) -> None:
    await service.archive(ctx, exercise_id)
