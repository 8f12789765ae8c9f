"""Where the counters that all processes share live: PostgreSQL's
api_rate_limits table, or Redis. A store hands out slots of a fixed window
in batches (`claim`) and takes back the ones a process did not use
(`release`); each is one round trip."""

from __future__ import annotations

import datetime as dt
import math
import time
import uuid
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as redis
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass(frozen=True)
class Key:
    """One counter: a group's bucket, per user when signed in, else per address."""

    bucket: str
    user_id: uuid.UUID | None
    ip: str | None


@dataclass(frozen=True)
class Claim:
    total: int  # the window's counter after this claim was added
    window_start: float  # epoch seconds


class Store(Protocol):
    async def claim(self, key: Key, window_seconds: int, wanted: int) -> tuple[Key, Claim]:
        """Add `wanted` to the key's counter in the current window. Answers the
        key counted (it may fall back to the address) and the new total."""
        ...

    async def release(
        self, key: Key, window_seconds: int, window_start: float, unused: int
    ) -> None: ...

    async def close(self) -> None: ...


CLAIM_SQL = text("SELECT * FROM claim_rate_limit(:bucket, :user_id, CAST(:ip AS inet), :w, :n)")
RELEASE_SQL = text("SELECT release_rate_limit(:bucket, :user_id, CAST(:ip AS inet), :start, :n)")


class PostgresStore:
    """claim_rate_limit() and release_rate_limit() (revision 0005), each in
    its own short transaction, not the request's: a request that fails still
    counts, and no request holds a counter's row lock while it works."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def claim(self, key: Key, window_seconds: int, wanted: int) -> tuple[Key, Claim]:
        try:
            return key, await self._claim(key, window_seconds, wanted)
        except IntegrityError:
            # A validly signed token of an account deleted since: count the
            # caller by address; authentication answers 401 afterwards.
            by_address = Key(key.bucket, None, key.ip)
            return by_address, await self._claim(by_address, window_seconds, wanted)

    async def _claim(self, key: Key, window_seconds: int, wanted: int) -> Claim:
        params = {
            "bucket": key.bucket,
            "user_id": key.user_id,
            "ip": key.ip,
            "w": window_seconds,
            "n": wanted,
        }
        async with self.engine.connect() as conn:
            row = (await conn.execute(CLAIM_SQL, params)).one()
            await conn.commit()
        return Claim(int(row.requests_count), row.window_start.timestamp())

    async def release(
        self, key: Key, window_seconds: int, window_start: float, unused: int
    ) -> None:
        params = {
            "bucket": key.bucket,
            "user_id": key.user_id,
            "ip": key.ip,
            "start": dt.datetime.fromtimestamp(window_start, dt.UTC),
            "n": unused,
        }
        async with self.engine.connect() as conn:
            await conn.execute(RELEASE_SQL, params)
            await conn.commit()

    async def close(self) -> None:
        return None


class RedisStore:
    """One key per counter and window, expiring with the window: INCRBY and
    EXPIRE NX in one MULTI (a single round trip)."""

    PREFIX = "spotter:rate"

    def __init__(self, url: str) -> None:
        self.client: redis.Redis = redis.Redis.from_url(url)

    def _name(self, key: Key, window_start: float) -> str:
        who = str(key.user_id) if key.user_id else f"ip:{key.ip}"
        return f"{self.PREFIX}:{key.bucket}:{who}:{int(window_start)}"

    async def claim(self, key: Key, window_seconds: int, wanted: int) -> tuple[Key, Claim]:
        start = math.floor(time.time() / window_seconds) * window_seconds
        name = self._name(key, start)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.incrby(name, wanted)
            pipe.expire(name, window_seconds + 1, nx=True)
            total, _ = await pipe.execute()
        return key, Claim(int(total), float(start))

    async def release(
        self, key: Key, window_seconds: int, window_start: float, unused: int
    ) -> None:
        name = self._name(key, window_start)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.decrby(name, unused)
            pipe.expire(name, window_seconds + 1, nx=True)
            await pipe.execute()

    async def close(self) -> None:
        await self.client.aclose()
