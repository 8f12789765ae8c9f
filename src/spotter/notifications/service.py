"""Notifications: written into a user's inbox in that user's language, read
and marked read by that user alone."""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.context import Context
from spotter.db.base import Base
from spotter.db.models import Notification, User
from spotter.kit.pagination import PageQuery, time_id_cursor
from spotter.notifications import repository
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
    language = await repository.preferred_language(session, user_id)
    title, message = render(kind, language or "th", **params)
    about = {"resource_type": resource_type, "resource_id": resource_id}
    # Several texts share one stored type (a confirmation is an update).
    stored_type = STORED_TYPE.get(kind, kind)
    await repository.add_to_inbox(
        session, user_id=user_id, type=stored_type, title=title, message=message, **about
    )


async def tell(
    ctx: Context, user_id: uuid.UUID, kind: str, about: Base, *, signed: bool = True, **params: str
) -> None:
    """Notify `user_id` of what the caller did to the row `about`; `signed`
    passes the caller's name as {name} ("Somchai logged a workout")."""
    if signed:
        me = await ctx.session.get(User, ctx.user_id)
        params["name"] = me.name if me else ""
    await notify(
        ctx.session,
        user_id,
        kind,
        resource_type=about.__tablename__,
        resource_id=getattr(about, "id", None),
        **params,
    )


async def listing(ctx: Context, unread: bool | None, page: PageQuery) -> list[Notification]:
    return await repository.listing(
        ctx.session,
        ctx.principal,
        unread=unread,
        limit=page.limit,
        before=time_id_cursor(page.cursor),
    )


async def mark_read(ctx: Context, notification_id: uuid.UUID) -> Notification:
    """Marking one already read again changes (and audits) nothing."""
    found = await repository.get_for_update(ctx.session, ctx.principal, notification_id)
    if found.read_at is None:
        async with ctx.updating(found):
            # The database's clock, as for read-all.
            found.read_at = func.now()
            found.is_read = True
    return found


async def mark_all_read(ctx: Context) -> int:
    marked = await repository.mark_all_read(ctx.session, ctx.principal)
    if marked:
        # One bulk UPDATE of many rows, so one audit entry counting them
        # rather than ctx.updating's one per row.
        await ctx.noted("notifications", {"marked_read": marked})
    return marked
