"""Domain events, written to the outbox in the request's transaction.

The worker delivers them to webhooks only after the transaction commits; a
request that rolls back leaves no event behind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import EventOutbox

EVENT_TYPES = (
    "schedule.created",
    "schedule.updated",
    "schedule.cancelled",
    "workout.logged",
    "session_card.created",
    "body_weight.logged",
    "achievement.unlocked",
    "trainee_program.assigned",
)


async def emit(
    session: AsyncSession,
    event_type: str,
    data: dict[str, Any],
    audience: list[uuid.UUID],
) -> None:
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type}")
    await session.execute(
        insert(EventOutbox).values(
            event_type=event_type,
            payload={
                "type": event_type,
                "timestamp": dt.datetime.now(dt.UTC).isoformat(),
                "data": data,
            },
            audience=sorted(set(audience)),
        )
    )
