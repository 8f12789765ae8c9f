"""Session cards: a trainer writes one for a linked trainee, who is told."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from spotter.context import Context
from spotter.db.models import SessionCard, Workout
from spotter.kit.errors import NotFoundError, UnprocessableError
from spotter.kit.pagination import PageQuery
from spotter.notifications.service import tell
from spotter.roster.scope import Whose, require_linked_trainee
from spotter.session_cards import repository
from spotter.session_cards.schemas import SessionCardIn, SessionCardUpdate
from spotter.webhooks.events import EventType
from spotter.workouts import records
from spotter.workouts import repository as workouts_repository
from spotter.workouts.records import Bests, Record

REQUIRED_FIELDS = ("date", "summary")


def event_data(card: SessionCard) -> dict[str, Any]:
    return {
        "id": str(card.id),
        "traineeId": str(card.trainee_id),
        "trainerId": str(card.trainer_id),
        "date": card.date.isoformat(),
        "workoutId": str(card.workout_id) if card.workout_id else None,
    }


async def listing(ctx: Context, whose: Whose, page: PageQuery) -> list[SessionCard]:
    return await repository.listing(ctx.session, whose, page=page)


async def _workout_date(
    ctx: Context, trainee_id: uuid.UUID, workout_id: uuid.UUID | None
) -> dt.date | None:
    if workout_id is None:
        return None
    workout = await workouts_repository.find(ctx.session, ctx.principal, workout_id)
    if workout is None or workout.trainee_id != trainee_id:
        raise UnprocessableError("body.workoutId", "Link a workout of the same trainee.")
    return workout.date


def _values(body: SessionCardIn | SessionCardUpdate, fields: set[str]) -> dict[str, Any]:
    values = body.model_dump(include=fields)
    if "media" in values and body.media is not None:
        values["media"] = body.media.model_dump()
    return values


async def create(ctx: Context, body: SessionCardIn) -> SessionCard:
    await require_linked_trainee(ctx.session, ctx.principal, body.trainee_id)
    fields = set(SessionCardIn.model_fields) - {"trainee_id", "workout_id"}
    card = await ctx.created(
        SessionCard(
            trainee_id=body.trainee_id,
            trainer_id=ctx.user_id,
            workout_id=body.workout_id,
            workout_date=await _workout_date(ctx, body.trainee_id, body.workout_id),
            **_values(body, fields),
        ),
        event=EventType.SESSION_CARD_CREATED,
        payload=event_data,
    )
    await tell(ctx, card.trainee_id, "session_card_created", card, date=card.date.isoformat())
    return card


async def update(ctx: Context, card: SessionCard, body: SessionCardUpdate) -> SessionCard:
    changes = _values(body, set(body.model_dump(exclude_unset=True)))
    for field in REQUIRED_FIELDS:
        if field in changes and changes[field] is None:
            raise UnprocessableError(f"body.{field}", "This field cannot be empty.")
    async with ctx.updating(card):
        for field, value in changes.items():
            setattr(card, field, value)
    return card


async def delete(ctx: Context, card: SessionCard) -> None:
    await ctx.deleted(card)


# Drafting a card from a workout -----------------------------------------------

# Bests are compared as stored: the 1RM is a double computed by the same Epley
# formula in SQL, so a tiny tolerance absorbs the float round trip.
SAME_BEST = 1e-6


@dataclass(frozen=True)
class WorkoutDraft:
    """What a card written after a workout starts from: the workout (its
    database-computed summary gives the headline numbers) and the personal
    records it holds."""

    workout: Workout
    records: list[Record]


def records_held(exercises: list[dict[str, Any]], kept: dict[str, Bests]) -> list[Record]:
    """The trainee's kept bests (heaviest weight, estimated 1RM) that these
    exercises reach. personal_records does not say which workout set a best,
    so "set in this workout" is read as "this workout holds it": exact for the
    latest workout, which is the one a card is usually written about."""
    held: list[Record] = []
    for now in records.reached(kept, exercises):
        if now.heaviest >= now.before.heaviest_weight:
            held.append(Record(now.name, "heaviest_weight", now.heaviest))
        if now.one_rm >= now.before.estimated_1rm - SAME_BEST:
            held.append(Record(now.name, "estimated_1rm", now.one_rm))
    return held


async def draft_from_workout(
    ctx: Context, trainee_id: uuid.UUID, workout_id: uuid.UUID
) -> WorkoutDraft:
    """A linked trainee's workout and the records it holds (the records in
    one query, however many exercises)."""
    await require_linked_trainee(ctx.session, ctx.principal, trainee_id)
    workout = await workouts_repository.find(ctx.session, ctx.principal, workout_id)
    if workout is None or workout.trainee_id != trainee_id:
        raise NotFoundError("workout")
    kept = await records.bests_before(ctx.session, trainee_id, workout.exercises)
    return WorkoutDraft(workout, records_held(workout.exercises, kept))
