"""Notification queries. Notifications are partitioned by month of
created_at: look one up through the visible statement, never session.get()."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Select, func, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Notification
from spotter.db.queries import ById
from spotter.db.reads import Query
from spotter.kit.principal import Principal


def visible_notifications_stmt(principal: Principal) -> Select[Notification]:
    # Policy notifications_own: my inbox only (a sender may insert into the
    # inbox of a linked user, but never read it back).
    return select(Notification).where(Notification.user_id == principal.id)


NOTIFICATIONS = ById(Notification.id, "notification", visible_notifications_stmt)
find = NOTIFICATIONS.find
# Policy notifications_update_own: the same rule as reading.
get_for_update = NOTIFICATIONS.to_change


async def listing(
    session: AsyncSession,
    principal: Principal,
    *,
    unread: bool | None,
    limit: int,
    before: tuple[dt.datetime, uuid.UUID] | None,
) -> list[Notification]:
    """Newest first, by (created_at, id): the index idx_notifications_user_created."""
    stmt = visible_notifications_stmt(principal)
    if unread:
        stmt = stmt.where(Notification.read_at.is_(None))
    if before is not None:
        stmt = stmt.where(tuple_(Notification.created_at, Notification.id) < before)
    stmt = stmt.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit + 1)
    return list((await session.execute(stmt)).scalars())


# The inbox on the read path (db/reads.py): NotificationOut's fields, in its
# order, under the same rule as visible_notifications_stmt (policy
# notifications_own); newest first on idx_notifications_user_created.
INBOX_COLUMNS = (
    'id, type, title, message, resource_type AS "resourceType", resource_id AS "resourceId",'
    ' is_read AS "isRead", read_at AS "readAt", created_at AS "createdAt"'
)
# Served by the partial index idx_notifications_user_unread.
UNREAD_COUNT_SQL = (
    "SELECT count(*) AS unread FROM notifications WHERE user_id = %(me)s AND read_at IS NULL"
)


def inbox_query(
    user_id: uuid.UUID,
    unread: bool | None,
    limit: int,
    before: tuple[dt.datetime, uuid.UUID] | None,
) -> Query:
    sql = f"SELECT {INBOX_COLUMNS} FROM notifications WHERE user_id = %(me)s"
    params: dict[str, object] = {"me": user_id, "limit": limit + 1}
    if unread:
        sql += " AND read_at IS NULL"
    if before is not None:
        sql += " AND (created_at, id) < (%(at)s, %(id)s)"
        params["at"], params["id"] = before
    return Query(sql + " ORDER BY created_at DESC, id DESC LIMIT %(limit)s", params)


def unread_count_query(user_id: uuid.UUID) -> Query:
    return Query(UNREAD_COUNT_SQL, {"me": user_id})


async def unread_count(session: AsyncSession, principal: Principal) -> int:
    # The general path's count (the web app's badge); see UNREAD_COUNT_SQL.
    stmt = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == principal.id, Notification.read_at.is_(None))
    )
    return await session.scalar(stmt) or 0


async def mark_all_read(session: AsyncSession, principal: Principal) -> int:
    """Marks every unread notification of mine read; how many were."""
    stmt = (
        update(Notification)
        .where(Notification.user_id == principal.id, Notification.read_at.is_(None))
        .values(read_at=func.now(), is_read=True)
    )
    result = await session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def preferred_language(session: AsyncSession, user_id: uuid.UUID) -> str | None:
    # A database function, so the sender need not be able to read the
    # recipient's settings.
    language: str | None = await session.scalar(select(func.preferred_language(user_id)))
    return language


async def add_to_inbox(session: AsyncSession, **values: object) -> None:
    # Policy notifications_insert_linked: into my own inbox or a linked user's.
    # No RETURNING: the recipient's row is not readable by the sender.
    await session.execute(insert(Notification).values(**values))
