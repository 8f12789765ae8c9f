"""/workouts: logged training, with a summary the database computes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from spotter.context import UserContext
from spotter.db.models import Workout
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_out
from spotter.kit.query import DateWindowArgs
from spotter.roster.scope import WhoseRows
from spotter.workouts import repository, service
from spotter.workouts.schemas import (
    ExerciseType,
    WorkoutFilters,
    WorkoutIn,
    WorkoutOut,
    WorkoutUpdate,
)

router = APIRouter(prefix="/workouts", tags=["workouts"])


async def _editable_workout(workout_id: uuid.UUID, ctx: UserContext) -> Workout:
    """The workout when the caller may change it: its trainee, or the trainer
    it is recorded under (404 otherwise, as if it did not exist)."""
    return await repository.get_editable(ctx.session, ctx.principal, workout_id)


EditableWorkout = Annotated[Workout, Depends(_editable_workout)]


@router.get("", responses=problems(401, 404, 422), summary="Workouts, newest first")
async def list_workouts(
    ctx: UserContext,
    page: PageArgs,
    window: DateWindowArgs,
    whose: WhoseRows,
    exercise_type: Annotated[ExerciseType | None, Query(alias="type")] = None,
    exercise: Annotated[
        str | None, Query(min_length=1, max_length=255, description="Exact exercise name.")
    ] = None,
) -> Page[WorkoutOut]:
    filters = WorkoutFilters(window, exercise_type, exercise)
    rows = await service.listing(ctx, whose, filters, page)
    return page_out(
        rows, page.limit, lambda w: [w.date.isoformat(), str(w.id)], WorkoutOut.model_validate
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 404, 409, 422),
    summary="Log a workout (a trainer for a linked trainee, or a trainee for themselves)",
)
async def create_workout(body: WorkoutIn, ctx: UserContext) -> WorkoutOut:
    workout, records = await service.create(ctx, body)
    out = WorkoutOut.model_validate(workout)
    return out.model_copy(update={"personal_records": [r.as_json() for r in records]})


@router.get("/{workout_id}", responses=problems(401, 404), summary="One workout")
async def get_workout(workout_id: uuid.UUID, ctx: UserContext) -> WorkoutOut:
    return WorkoutOut.model_validate(await repository.get(ctx.session, ctx.principal, workout_id))


@router.patch("/{workout_id}", responses=problems(401, 404, 422), summary="Correct a workout")
async def update_workout(
    workout: EditableWorkout, body: WorkoutUpdate, ctx: UserContext
) -> WorkoutOut:
    return WorkoutOut.model_validate(await service.update(ctx, workout, body))


@router.delete(
    "/{workout_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 404),
    summary="Delete a workout",
)
async def delete_workout(workout: EditableWorkout, ctx: UserContext) -> None:
    await service.delete(ctx, workout)
