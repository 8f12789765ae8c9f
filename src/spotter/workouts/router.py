"""/workouts: logged training, with a summary the database computes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from spotter.auth.deps import CurrentUser
from spotter.db.deps import SessionDep
from spotter.db.models import Workout
from spotter.kit.errors import NotFoundError, UnprocessableError
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, date_id_cursor, page_of, page_params
from spotter.kit.request_context import ClientDep
from spotter.roster.scope import list_scope
from spotter.workouts import repository, service
from spotter.workouts.schemas import ExerciseType, WorkoutIn, WorkoutOut, WorkoutUpdate

router = APIRouter(prefix="/workouts", tags=["workouts"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]


@router.get("", responses=problems(401, 404, 422), summary="Workouts, newest first")
async def list_workouts(
    principal: CurrentUser,
    session: SessionDep,
    page: PageArgs,
    trainee_id: Annotated[uuid.UUID | None, Query(alias="traineeId")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    exercise_type: Annotated[ExerciseType | None, Query(alias="type")] = None,
    exercise: Annotated[
        str | None, Query(min_length=1, max_length=255, description="Exact exercise name.")
    ] = None,
) -> Page[WorkoutOut]:
    if date_from and date_to and date_to < date_from:
        raise UnprocessableError("query.to", "`to` must not be before `from`.")
    limit, cursor = page
    party, party_id = await list_scope(
        session,
        principal,
        trainee_id,
        trainer_column=Workout.trainer_id,
        trainee_column=Workout.trainee_id,
    )
    rows = await repository.listing(
        session,
        party=party,
        party_id=party_id,
        date_from=date_from,
        date_to=date_to,
        exercise_type=exercise_type,
        exercise_name=exercise,
        limit=limit,
        before=date_id_cursor(cursor),
    )
    result = page_of(rows, limit, lambda w: [w.date.isoformat(), str(w.id)])
    return Page[WorkoutOut](
        items=[WorkoutOut.model_validate(w) for w in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 404, 409, 422),
    summary="Log a workout (a trainer for a linked trainee, or a trainee for themselves)",
)
async def create_workout(
    body: WorkoutIn, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> WorkoutOut:
    workout, records = await service.create(session, principal, client, body)
    out = WorkoutOut.model_validate(workout)
    return out.model_copy(update={"personal_records": [r.as_json() for r in records]})


@router.get("/{workout_id}", responses=problems(401, 404), summary="One workout")
async def get_workout(workout_id: uuid.UUID, _: CurrentUser, session: SessionDep) -> WorkoutOut:
    workout = await repository.get(session, workout_id)
    if workout is None:
        raise NotFoundError("workout")
    return WorkoutOut.model_validate(workout)


@router.patch("/{workout_id}", responses=problems(401, 404, 422), summary="Correct a workout")
async def update_workout(
    workout_id: uuid.UUID,
    body: WorkoutUpdate,
    principal: CurrentUser,
    session: SessionDep,
    client: ClientDep,
) -> WorkoutOut:
    return WorkoutOut.model_validate(
        await service.update(session, principal, client, workout_id, body)
    )


@router.delete(
    "/{workout_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 404),
    summary="Delete a workout",
)
async def delete_workout(
    workout_id: uuid.UUID, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> None:
    await service.delete(session, principal, client, workout_id)
