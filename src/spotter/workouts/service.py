"""Logging workouts: who may log for whom, schedule completion, records."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from spotter.context import Context
from spotter.db.models import Workout
from spotter.exercises import service as exercises_service
from spotter.kit.errors import ConflictError, NotFoundError, UnprocessableError
from spotter.kit.pagination import PageQuery
from spotter.notifications.service import notify, tell
from spotter.roster import repository as roster_repository
from spotter.roster.scope import Whose, require_linked_trainee
from spotter.schedules import repository as schedules_repository
from spotter.schedules.service import event_data as schedule_event_data
from spotter.webhooks.events import EventType
from spotter.workouts import repository
from spotter.workouts.records import Record, bests_before, new_records
from spotter.workouts.schemas import (
    ExerciseEntryIn,
    WorkoutFilters,
    WorkoutIn,
    WorkoutUpdate,
    stored_exercises,
)

REQUIRED_FIELDS = ("date", "duration", "exercises")


def event_data(workout: Workout) -> dict[str, Any]:
    return {
        "id": str(workout.id),
        "traineeId": str(workout.trainee_id),
        "trainerId": str(workout.trainer_id),
        "scheduleId": str(workout.schedule_id) if workout.schedule_id else None,
        "date": workout.date.isoformat(),
        "summary": workout.summary,
    }


def record_data(record: Record, workout: Workout) -> dict[str, Any]:
    return {"traineeId": str(workout.trainee_id), "workoutId": str(workout.id), **record.as_json()}


async def listing(
    ctx: Context, whose: Whose, filters: WorkoutFilters, page: PageQuery
) -> list[Workout]:
    return await repository.listing(ctx.session, whose, filters=filters, page=page)


async def _coach_for(ctx: Context, body: WorkoutIn) -> uuid.UUID:
    """The trainer the workout is recorded under, after checking who may log it."""
    if ctx.is_trainer:
        await require_linked_trainee(ctx.session, ctx.principal, body.trainee_id)
        if body.trainer_id not in (None, ctx.user_id):
            raise UnprocessableError("body.trainerId", "A trainer logs workouts as themselves.")
        return ctx.user_id
    if body.trainee_id != ctx.user_id:
        raise NotFoundError("trainee")
    trainers = await roster_repository.active_trainer_ids(ctx.session, ctx.user_id)
    if body.trainer_id is not None:
        if body.trainer_id not in trainers:
            raise UnprocessableError("body.trainerId", "Name one of your active trainers.")
        return body.trainer_id
    if len(trainers) != 1:
        raise UnprocessableError(
            "body.trainerId", "Name the trainer (you have none or several active trainers)."
        )
    return trainers[0]


async def _complete_schedule(ctx: Context, body: WorkoutIn) -> None:
    """A workout logged for a confirmed session completes it."""
    if body.schedule_id is None:
        return
    schedule = await schedules_repository.find_of_trainee(
        ctx.session, ctx.principal, body.schedule_id, body.trainee_id
    )
    if schedule is None:
        raise UnprocessableError("body.scheduleId", "Link a session of the same trainee.")
    if schedule.status == "cancelled":
        raise ConflictError("That session was cancelled.")
    if schedule.status == "confirmed":
        async with ctx.updating(schedule):
            schedule.status = "completed"
        await ctx.emit_for(schedule, EventType.SCHEDULE_UPDATED, schedule_event_data)


async def _announce_records(ctx: Context, workout: Workout, records: list[Record]) -> None:
    for record in records:
        await notify(
            ctx.session,
            workout.trainee_id,
            "achievement_unlocked",
            resource_type="workouts",
            resource_id=workout.id,
            exercise=record.exercise,
            record=record.describe(),
        )
        await ctx.emit_for(workout, EventType.ACHIEVEMENT_UNLOCKED, partial(record_data, record))


def _named_exercises(entries: list[ExerciseEntryIn]) -> list[tuple[str, uuid.UUID | None]]:
    return [(f"body.exercises.{i}.exerciseId", e.exercise_id) for i, e in enumerate(entries)]


async def create(ctx: Context, body: WorkoutIn) -> tuple[Workout, list[Record]]:
    trainer_id = await _coach_for(ctx, body)
    # The trainer's own exercises or the catalogue's: another trainer's
    # private exercise is a 422 (and refused by the database).
    await exercises_service.require_usable(ctx, trainer_id, _named_exercises(body.exercises))
    await _complete_schedule(ctx, body)
    exercises = stored_exercises(body.exercises)
    # Before the insert: its trigger merges this workout into the bests.
    bests = await bests_before(ctx.session, body.trainee_id, exercises)
    workout = await ctx.created(
        Workout(
            trainee_id=body.trainee_id,
            trainer_id=trainer_id,
            schedule_id=body.schedule_id,
            date=body.date,
            duration=body.duration,
            exercises=exercises,
            notes=body.notes,
            rating=body.rating,
            mood=body.mood,
        )
    )
    records = new_records(bests, workout.exercises)
    await _announce_records(ctx, workout, records)
    other_party = workout.trainer_id if ctx.user_id == workout.trainee_id else workout.trainee_id
    await tell(ctx, other_party, "workout_logged", workout, date=workout.date.isoformat())
    # After the achievement events: the order webhook subscribers have always seen.
    await ctx.emit_for(workout, EventType.WORKOUT_LOGGED, event_data)
    return workout, records


async def update(ctx: Context, workout: Workout, body: WorkoutUpdate) -> Workout:
    if body.exercises:
        named = _named_exercises(body.exercises)
        await exercises_service.require_usable(ctx, workout.trainer_id, named)
    async with ctx.updating(workout):
        for field in body.model_dump(exclude_unset=True):
            value = getattr(body, field)
            if value is None and field in REQUIRED_FIELDS:
                raise UnprocessableError(f"body.{field}", "This field cannot be empty.")
            setattr(workout, field, stored_exercises(value) if field == "exercises" else value)
    return workout


async def delete(ctx: Context, workout: Workout) -> None:
    await ctx.deleted(workout)
