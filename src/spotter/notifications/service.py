"""Creates notifications for a user, in that user's language."""

from __future__ import annotations

import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Notification
from spotter.notifications.messages import render

STORED_TYPE = {"schedule_confirmed": "schedule_updated"}


async def notify(
    session: AsyncSession,
    user_id: uuid.UUID,
    kind: str,
    *,
    resource_type: str | None = None,
    resource_id: uuid.UUID | None = None,
    **params: str,
) -> None:
    language = await session.scalar(select(func.preferred_language(user_id)))
    title, message = render(kind, language or "th", **params)
    # Several texts share one stored type (a confirmation is an update).
    stored_type = STORED_TYPE.get(kind, kind)
    # No RETURNING: the recipient's row is not readable by the sender.
    await session.execute(
        insert(Notification).values(
            user_id=user_id,
            type=stored_type,
            title=title,
            message=message,
            resource_type=resource_type,
            resource_id=resource_id,
        )
    )
