"""Pushes new notifications to open server-sent-event streams.

Each API process holds one LISTEN connection. A trigger announces every new
notification with pg_notify, whichever process (or worker) wrote it, so a
stream in any process hears it within moments.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator

import psycopg
import structlog
from fastapi import Request

from spotter.db.session import Database, Identity
from spotter.kit.principal import Principal
from spotter.notifications import repository
from spotter.notifications.schemas import NotificationOut

CHANNEL = "spotter_notifications"
HEARTBEAT_SECONDS = 15
log = structlog.get_logger(__name__)


class NotificationHub:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._queues: defaultdict[uuid.UUID, set[asyncio.Queue[uuid.UUID]]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    async def subscribe(self, user_id: uuid.UUID) -> asyncio.Queue[uuid.UUID]:
        if self._task is None or self._task.done():
            self._listening.clear()
            self._task = asyncio.create_task(self._listen_forever())
        queue: asyncio.Queue[uuid.UUID] = asyncio.Queue(maxsize=100)
        self._queues[user_id].add(queue)
        # A notification written right after subscribing must not be missed.
        await asyncio.wait_for(self._listening.wait(), timeout=10)
        return queue

    def unsubscribe(self, user_id: uuid.UUID, queue: asyncio.Queue[uuid.UUID]) -> None:
        queues = self._queues.get(user_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self._queues[user_id]

    async def _listen_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.dsn, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    delay = 0.5
                    async for message in conn.notifies():
                        self._dispatch(message.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # reconnect after any connection failure
                self._listening.clear()
                log.warning("notification_listener_reconnecting", error=str(exc), delay=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)

    def _dispatch(self, payload: str) -> None:
        try:
            body = json.loads(payload)
            user_id, notification_id = uuid.UUID(body["userId"]), uuid.UUID(body["id"])
        except (ValueError, KeyError, TypeError):
            return
        for queue in list(self._queues.get(user_id, ())):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(notification_id)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def open_stream(request: Request, principal: Principal) -> AsyncIterator[str]:
    """Subscribes now, before the response starts, so that nothing written
    after the client sees the stream open is missed; returns its events."""
    hub: NotificationHub = request.app.state.notification_hub
    queue = await hub.subscribe(principal.id)
    return _events(request, principal, hub, queue)


async def _events(
    request: Request,
    principal: Principal,
    hub: NotificationHub,
    queue: asyncio.Queue[uuid.UUID],
) -> AsyncIterator[str]:
    database: Database = request.app.state.database
    identity = Identity(principal.id, principal.role)
    try:
        yield "retry: 5000\n\n"
        while True:
            try:
                notification_id = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
            except TimeoutError:
                if await request.is_disconnected():
                    return
                yield ": keep-alive\n\n"
                continue
            # A short transaction of its own for each: a stream outlives requests.
            async with database.transaction(identity) as session:
                found = await repository.find(session, principal, notification_id)
            if found is None:
                continue
            data = NotificationOut.model_validate(found).model_dump_json(by_alias=True)
            yield f"id: {found.id}\nevent: notification\ndata: {data}\n\n"
    finally:
        hub.unsubscribe(principal.id, queue)
