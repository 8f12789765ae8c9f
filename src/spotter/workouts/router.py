"""/workouts: logged training, with a summary the database computes."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from spotter.context import UserContext
from spotter.db.models import Workout
from spotter.kit.json_answer import JsonText
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, by_date, keyset, page_json, page_out
from spotter.kit.query import DateWindowArgs, TraineeIdQuery
from spotter.reads import Reads, RoleChangedError
from spotter.roster.scope import whose_rows
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


def _list_item(row: dict[str, Any]) -> dict[str, Any]:
    """A row of repository.own_list_query as WorkoutOut writes it."""
    row["exercises"], row["summary"] = JsonText(row["exercises"]), JsonText(row["summary"])
    row["personalRecords"] = []
    return row


@router.get(
    "",
    responses=problems(401, 404, 422),
    summary="Workouts, newest first",
    response_model=Page[WorkoutOut],
)
async def list_workouts(
    reads: Reads,
    page: PageArgs,
    window: DateWindowArgs,
    trainee_id: TraineeIdQuery = None,
    exercise_type: Annotated[ExerciseType | None, Query(alias="type")] = None,
    exercise: Annotated[
        str | None, Query(min_length=1, max_length=255, description="Exact exercise name.")
    ] = None,
) -> Response | Page[WorkoutOut]:
    filters = WorkoutFilters(window, exercise_type, exercise)
    before = keyset(page.cursor, dt.date.fromisoformat, uuid.UUID)
    if filters.none and trainee_id in (None, reads.user_id):
        # The common request, on the read path. As Whose.of(): a trainer
        # naming no trainee lists what they logged; anyone naming themselves,
        # and a trainee naming no one, their own.
        as_trainer = reads.claimed.is_trainer and trainee_id is None
        query = repository.own_list_query(reads.user_id, as_trainer, page.limit, before)
        with contextlib.suppress(RoleChangedError):
            [rows] = await reads.fetch(query, as_claimed_role=True)
            items = page_json(rows, page.limit, lambda w: [w["date"].isoformat(), str(w["id"])])
            items["items"] = [_list_item(row) for row in items["items"]]
            return reads.answer(items)
    async with reads.context() as ctx:
        whose = await whose_rows(ctx, trainee_id)
        found = await service.listing(ctx, whose, filters, page)
    return page_out(found, page.limit, by_date, WorkoutOut.model_validate)


@router.post(
    "",
    status_code=201,
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
    "/{workout_id}", status_code=204, responses=problems(401, 404), summary="Delete a workout"
)
async def delete_workout(workout: EditableWorkout, ctx: UserContext) -> None:
    await service.delete(ctx, workout)
