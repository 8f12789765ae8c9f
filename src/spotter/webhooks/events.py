"""Domain events, written to the outbox in the request's transaction.

The worker delivers them to webhooks only after the transaction commits; a
request that rolls back leaves no event behind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import EventOutbox


class EventType(StrEnum):
    """Every event a webhook can subscribe to."""

    SCHEDULE_CREATED = "schedule.created"
    SCHEDULE_UPDATED = "schedule.updated"
    SCHEDULE_CANCELLED = "schedule.cancelled"
    WORKOUT_LOGGED = "workout.logged"
    SESSION_CARD_CREATED = "session_card.created"
    BODY_WEIGHT_LOGGED = "body_weight.logged"
    ACHIEVEMENT_UNLOCKED = "achievement.unlocked"
    TRAINEE_PROGRAM_ASSIGNED = "trainee_program.assigned"


EVENT_TYPES = tuple(EventType)


async def emit(
    session: AsyncSession,
    event_type: EventType,
    data: dict[str, Any],
    audience: Iterable[uuid.UUID],
) -> None:
    await session.execute(
        insert(EventOutbox).values(
            event_type=str(event_type),
            payload={
                "type": str(event_type),
                "timestamp": dt.datetime.now(dt.UTC).isoformat(),
                "data": data,
            },
            audience=sorted(set(audience)),
        )
    )
