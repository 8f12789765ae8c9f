"""/exercises: the library. The built-in catalogue is read-only; trainers
create, edit and archive their own."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy.exc import IntegrityError

from spotter.audit import service as audit
from spotter.auth.deps import CurrentTrainer, CurrentUser
from spotter.db.deps import SessionDep
from spotter.db.models import Exercise
from spotter.db.snapshots import snapshot
from spotter.exercises import repository
from spotter.exercises.repository import ExerciseQuery
from spotter.exercises.schemas import (
    Difficulty,
    ExerciseIn,
    ExerciseOut,
    ExerciseType,
    ExerciseUpdate,
)
from spotter.kit.errors import ConflictError, ForbiddenError, NotFoundError
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, decode_cursor, page_of, page_params
from spotter.kit.request_context import ClientDep

router = APIRouter(prefix="/exercises", tags=["exercises"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]


def exercise_query(
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
    _: CurrentUser,
    session: SessionDep,
    query: Annotated[ExerciseQuery, Depends(exercise_query)],
    page: PageArgs,
    sort: Annotated[
        Literal["popular", "name"], Query(description="Ignored when searching: best match first.")
    ] = "popular",
) -> Page[ExerciseOut]:
    limit, cursor = page
    after = decode_cursor(cursor, 2) if cursor else None
    if query.q:
        ranked = await repository.search(session, query, limit, after)
        result = page_of(ranked, limit, lambda row: [row[1], str(row[0].id)])
        return Page[ExerciseOut](
            items=[ExerciseOut.model_validate(row[0]) for row in result.items],
            next_cursor=result.next_cursor,
        )
    rows = await repository.listing(session, query, sort, limit, after)
    key = (
        (lambda e: [e.name, str(e.id)])
        if sort == "name"
        else (lambda e: [e.usage_count or 0, str(e.id)])
    )
    listed = page_of(rows, limit, key)
    return Page[ExerciseOut](
        items=[ExerciseOut.model_validate(e) for e in listed.items], next_cursor=listed.next_cursor
    )


@router.get("/{exercise_id}", responses=problems(401, 404), summary="One exercise")
async def get_exercise(exercise_id: uuid.UUID, _: CurrentUser, session: SessionDep) -> ExerciseOut:
    exercise = await repository.get(session, exercise_id)
    if exercise is None:
        raise NotFoundError("exercise")
    return ExerciseOut.model_validate(exercise)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 409, 422, _409="An exercise with this name exists"),
    summary="Add my own exercise (trainer)",
)
async def create_exercise(
    body: ExerciseIn, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> ExerciseOut:
    values = body.model_dump(exclude={"metadata"})
    exercise = Exercise(**values, metadata_=body.metadata, created_by=trainer.id)
    session.add(exercise)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise ConflictError("An exercise with this name already exists.") from exc
    await session.refresh(exercise)
    await audit.record_change(
        session,
        action="CREATE",
        resource_type="exercises",
        actor=trainer.id,
        client=client,
        resource_id=exercise.id,
        subject_user_id=trainer.id,
        before=None,
        after=snapshot(exercise),
    )
    return ExerciseOut.model_validate(exercise)


async def _own_exercise(
    session: SessionDep, trainer_id: uuid.UUID, exercise_id: uuid.UUID
) -> Exercise:
    exercise = await repository.get(session, exercise_id)
    if exercise is None:
        raise NotFoundError("exercise")
    if exercise.created_by is None:
        raise ForbiddenError("The built-in catalogue cannot be changed.")
    if exercise.created_by != trainer_id:
        raise NotFoundError("exercise")
    return exercise


@router.patch(
    "/{exercise_id}", responses=problems(401, 403, 404, 409, 422), summary="Edit my exercise"
)
async def update_exercise(
    exercise_id: uuid.UUID,
    body: ExerciseUpdate,
    trainer: CurrentTrainer,
    session: SessionDep,
    client: ClientDep,
) -> ExerciseOut:
    exercise = await _own_exercise(session, trainer.id, exercise_id)
    before = snapshot(exercise)
    for field, value in body.model_dump(exclude_unset=True).items():
        setattr(exercise, "metadata_" if field == "metadata" else field, value)
    await session.flush()
    await session.refresh(exercise)
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type="exercises",
        actor=trainer.id,
        client=client,
        resource_id=exercise.id,
        subject_user_id=trainer.id,
        before=before,
        after=snapshot(exercise),
    )
    return ExerciseOut.model_validate(exercise)


@router.delete(
    "/{exercise_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404),
    summary="Archive my exercise (kept for past workouts; hidden from the library)",
)
async def archive_exercise(
    exercise_id: uuid.UUID, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> None:
    exercise = await _own_exercise(session, trainer.id, exercise_id)
    before = snapshot(exercise)
    exercise.is_active = False
    await session.flush()
    await session.refresh(exercise)
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type="exercises",
        actor=trainer.id,
        client=client,
        resource_id=exercise.id,
        subject_user_id=trainer.id,
        before=before,
        after=snapshot(exercise),
    )
