"""Pushes new notifications to open server-sent-event streams, and ends a
stream as soon as its sign-in does.

Each API process holds one LISTEN connection. A trigger announces every new
notification with pg_notify, whichever process (or worker) wrote it, so a
stream in any process hears it within moments. Other triggers (revision
0004) announce on a second channel every change that can end a sign-in:
sign-out, revoked sessions (password change, reuse detection),
deactivation, deletion, a change of role. The user's open streams then
re-check their session and close if it has ended. A stream also closes when
its access token expires (the client refreshes and reconnects), and
re-checks once a minute in case a notice was lost while the listener was
reconnecting.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import psycopg
import structlog
from fastapi import Request

from spotter.auth.deps import authenticate
from spotter.db.session import Database, Identity
from spotter.kit.principal import Principal
from spotter.notifications import repository
from spotter.notifications.schemas import NotificationOut

CHANNEL = "spotter_notifications"
SESSIONS_CHANNEL = "spotter_sessions"
HEARTBEAT_SECONDS = 15
RECHECK_SECONDS = 60
# Notifications waiting for a slow client; beyond this they are dropped
# (the inbox still has them).
BACKLOG = 100
log = structlog.get_logger(__name__)


@dataclass(eq=False)
class Subscription:
    """One open stream: notification ids to send, and None for "re-check
    the session before anything else"."""

    user_id: uuid.UUID
    queue: asyncio.Queue[uuid.UUID | None] = field(default_factory=asyncio.Queue)
    recheck_pending: bool = False

    def deliver(self, notification_id: uuid.UUID) -> None:
        if self.queue.qsize() < BACKLOG:
            self.queue.put_nowait(notification_id)

    def recheck(self) -> None:
        # Never dropped, never queued twice.
        if not self.recheck_pending:
            self.recheck_pending = True
            self.queue.put_nowait(None)


class NotificationHub:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._subscriptions: defaultdict[uuid.UUID, set[Subscription]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    async def subscribe(self, user_id: uuid.UUID) -> Subscription:
        if self._task is None or self._task.done():
            self._listening.clear()
            self._task = asyncio.create_task(self._listen_forever())
        subscription = Subscription(user_id)
        self._subscriptions[user_id].add(subscription)
        # A notification written right after subscribing must not be missed.
        await asyncio.wait_for(self._listening.wait(), timeout=10)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        subscriptions = self._subscriptions.get(subscription.user_id)
        if subscriptions is not None:
            subscriptions.discard(subscription)
            if not subscriptions:
                del self._subscriptions[subscription.user_id]

    async def _listen_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.dsn, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    await conn.execute(f"LISTEN {SESSIONS_CHANNEL}")
                    self._listening.set()
                    # Whatever was announced while we were not listening is
                    # lost: every open stream re-checks its session.
                    self._recheck_everyone()
                    delay = 0.5
                    async for message in conn.notifies():
                        self._dispatch(message.channel, message.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # reconnect after any connection failure
                self._listening.clear()
                log.warning("notification_listener_reconnecting", error=str(exc), delay=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)

    def _recheck_everyone(self) -> None:
        for subscriptions in list(self._subscriptions.values()):
            for subscription in list(subscriptions):
                subscription.recheck()

    def _dispatch(self, channel: str, payload: str) -> None:
        if channel == SESSIONS_CHANNEL:
            with contextlib.suppress(ValueError):
                for subscription in list(self._subscriptions.get(uuid.UUID(payload), ())):
                    subscription.recheck()
            return
        try:
            body = json.loads(payload)
            user_id, notification_id = uuid.UUID(body["userId"]), uuid.UUID(body["id"])
        except (ValueError, KeyError, TypeError):
            return
        for subscription in list(self._subscriptions.get(user_id, ())):
            subscription.deliver(notification_id)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def open_stream(
    request: Request, principal: Principal, expires_at: dt.datetime
) -> AsyncIterator[str]:
    """Subscribes now, before the response starts, so that nothing written
    after the client sees the stream open is missed; returns its events,
    which end when the sign-in does or at `expires_at` (the token's)."""
    hub: NotificationHub = request.app.state.notification_hub
    subscription = await hub.subscribe(principal.id)
    return _events(request, principal, expires_at, hub, subscription)


async def _events(
    request: Request,
    principal: Principal,
    expires_at: dt.datetime,
    hub: NotificationHub,
    subscription: Subscription,
) -> AsyncIterator[str]:
    database: Database = request.app.state.database
    loop = asyncio.get_running_loop()
    next_recheck = loop.time() + RECHECK_SECONDS
    try:
        yield "retry: 5000\n\n"
        while True:
            left = (expires_at - dt.datetime.now(dt.UTC)).total_seconds()
            if left <= 0:
                return
            wait = min(HEARTBEAT_SECONDS, left, max(next_recheck - loop.time(), 0))
            try:
                item = await asyncio.wait_for(subscription.queue.get(), wait)
            except TimeoutError:
                if await request.is_disconnected():
                    return
                if loop.time() < next_recheck:
                    yield ": keep-alive\n\n"
                    continue
                item = None
            if item is None:
                subscription.recheck_pending = False
                next_recheck = loop.time() + RECHECK_SECONDS
                live = await _still_live(database, principal)
                if live is None:
                    return
                principal = live
                continue
            event = await _event(database, principal, item)
            if event is None:
                return
            if event:
                yield event
    finally:
        hub.unsubscribe(subscription)


async def _still_live(database: Database, principal: Principal) -> Principal | None:
    """The caller as the database knows them now; None when the sign-in has
    ended, or when the database cannot say (the stream fails closed, and
    the client's reconnect goes through authentication again)."""
    try:
        async with database.transaction() as session:
            return await authenticate(session, principal.id, principal.session_id)
    except Exception as exc:
        log.warning("notification_stream_recheck_failed", error=type(exc).__name__)
        return None


async def _event(
    database: Database, principal: Principal, notification_id: uuid.UUID
) -> str | None:
    """The SSE text of one notification ("" when it is not this user's to
    see), or None when the database cannot be reached (the stream ends)."""
    try:
        # A short transaction of its own for each: a stream outlives requests.
        async with database.transaction(Identity(principal.id, principal.role)) as session:
            found = await repository.find(session, principal, notification_id)
    except Exception as exc:
        log.warning("notification_stream_read_failed", error=type(exc).__name__)
        return None
    if found is None:
        return ""
    data = NotificationOut.model_validate(found).model_dump_json(by_alias=True)
    return f"id: {found.id}\nevent: notification\ndata: {data}\n\n"
