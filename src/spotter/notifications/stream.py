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

import psycopg
import structlog

CHANNEL = "spotter_notifications"
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
