"""Logging workouts: who may log for whom, schedule completion, records."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import Principal
from spotter.db.models import User, Workout
from spotter.db.snapshots import snapshot
from spotter.kit.errors import ConflictError, NotFoundError, UnprocessableError
from spotter.kit.request_context import ClientInfo
from spotter.notifications.service import notify
from spotter.roster import repository as roster_repository
from spotter.schedules import repository as schedules_repository
from spotter.schedules.service import event_data as schedule_event_data
from spotter.webhooks.events import emit
from spotter.workouts import repository
from spotter.workouts.records import Record, new_records
from spotter.workouts.schemas import WorkoutIn, WorkoutUpdate, stored_exercises


def event_data(workout: Workout) -> dict[str, Any]:
    return {
        "id": str(workout.id),
        "traineeId": str(workout.trainee_id),
        "trainerId": str(workout.trainer_id),
        "scheduleId": str(workout.schedule_id) if workout.schedule_id else None,
        "date": workout.date.isoformat(),
        "summary": workout.summary,
    }


async def _coach_for(session: AsyncSession, principal: Principal, body: WorkoutIn) -> uuid.UUID:
    """The trainer the workout is recorded under, after checking who may log it."""
    if principal.is_trainer:
        if not await roster_repository.is_active_link(session, principal.id, body.trainee_id):
            raise NotFoundError("trainee")
        if body.trainer_id not in (None, principal.id):
            raise UnprocessableError("body.trainerId", "A trainer logs workouts as themselves.")
        return principal.id
    if body.trainee_id != principal.id:
        raise NotFoundError("trainee")
    trainers = await roster_repository.active_trainer_ids(session, principal.id)
    if body.trainer_id is not None:
        if body.trainer_id not in trainers:
            raise UnprocessableError("body.trainerId", "Name one of your active trainers.")
        return body.trainer_id
    if len(trainers) != 1:
        raise UnprocessableError(
            "body.trainerId", "Name the trainer (you have none or several active trainers)."
        )
    return trainers[0]


async def _complete_schedule(
    session: AsyncSession, principal: Principal, client: ClientInfo, body: WorkoutIn
) -> None:
    if body.schedule_id is None:
        return
    schedule = await schedules_repository.get(session, body.schedule_id, lock=True)
    if schedule is None or schedule.trainee_id != body.trainee_id:
        raise UnprocessableError("body.scheduleId", "Link a session of the same trainee.")
    if schedule.status == "cancelled":
        raise ConflictError("That session was cancelled.")
    if schedule.status == "confirmed":
        before = snapshot(schedule)
        schedule.status = "completed"
        await session.flush()
        await session.refresh(schedule)
        await audit.record_change(
            session,
            action="UPDATE",
            resource_type="schedules",
            actor=principal.id,
            client=client,
            resource_id=schedule.id,
            subject_user_id=schedule.trainee_id,
            before=before,
            after=snapshot(schedule),
        )
        await emit(
            session,
            "schedule.updated",
            schedule_event_data(schedule),
            [schedule.trainer_id, schedule.trainee_id],
        )


async def _announce_records(session: AsyncSession, workout: Workout, records: list[Record]) -> None:
    for record in records:
        await notify(
            session,
            workout.trainee_id,
            "achievement_unlocked",
            resource_type="workouts",
            resource_id=workout.id,
            exercise=record.exercise,
            record=record.describe(),
        )
        await emit(
            session,
            "achievement.unlocked",
            {
                "traineeId": str(workout.trainee_id),
                "workoutId": str(workout.id),
                **record.as_json(),
            },
            [workout.trainee_id, workout.trainer_id],
        )


async def create(
    session: AsyncSession, principal: Principal, client: ClientInfo, body: WorkoutIn
) -> tuple[Workout, list[Record]]:
    trainer_id = await _coach_for(session, principal, body)
    await _complete_schedule(session, principal, client, body)
    workout = Workout(
        trainee_id=body.trainee_id,
        trainer_id=trainer_id,
        schedule_id=body.schedule_id,
        date=body.date,
        duration=body.duration,
        exercises=stored_exercises(body.exercises),
        notes=body.notes,
        rating=body.rating,
        mood=body.mood,
    )
    session.add(workout)
    await session.flush()
    await session.refresh(workout)
    records = await new_records(session, workout.trainee_id, workout.id, workout.exercises)
    await _announce_records(session, workout, records)
    other = workout.trainer_id if principal.id == workout.trainee_id else workout.trainee_id
    actor = await session.get(User, principal.id)
    await notify(
        session,
        other,
        "workout_logged",
        resource_type="workouts",
        resource_id=workout.id,
        name=actor.name if actor else "",
        date=workout.date.isoformat(),
    )
    await audit.record_change(
        session,
        action="CREATE",
        resource_type="workouts",
        actor=principal.id,
        client=client,
        resource_id=workout.id,
        subject_user_id=workout.trainee_id,
        before=None,
        after=snapshot(workout),
    )
    await emit(
        session, "workout.logged", event_data(workout), [workout.trainee_id, workout.trainer_id]
    )
    return workout, records


async def editable(session: AsyncSession, principal: Principal, workout_id: uuid.UUID) -> Workout:
    workout = await repository.get(session, workout_id, lock=True)
    if workout is None:
        raise NotFoundError("workout")
    if principal.id not in (workout.trainee_id, workout.trainer_id):
        # A trainer sees all their trainees' workouts but edits only their own.
        raise NotFoundError("workout")
    return workout


async def update(
    session: AsyncSession,
    principal: Principal,
    client: ClientInfo,
    workout_id: uuid.UUID,
    body: WorkoutUpdate,
) -> Workout:
    workout = await editable(session, principal, workout_id)
    before = snapshot(workout)
    changes = body.model_dump(exclude_unset=True)
    for field in changes:
        value = getattr(body, field)
        if value is None and field in ("date", "duration", "exercises"):
            raise UnprocessableError(f"body.{field}", "This field cannot be empty.")
        setattr(workout, field, stored_exercises(value) if field == "exercises" else value)
    await session.flush()
    await session.refresh(workout)
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type="workouts",
        actor=principal.id,
        client=client,
        resource_id=workout.id,
        subject_user_id=workout.trainee_id,
        before=before,
        after=snapshot(workout),
    )
    return workout


async def delete(
    session: AsyncSession, principal: Principal, client: ClientInfo, workout_id: uuid.UUID
) -> None:
    workout = await editable(session, principal, workout_id)
    before = snapshot(workout)
    await session.delete(workout)
    await session.flush()
    await audit.record_change(
        session,
        action="DELETE",
        resource_type="workouts",
        actor=principal.id,
        client=client,
        resource_id=workout.id,
        subject_user_id=workout.trainee_id,
        before=before,
        after=None,
    )
