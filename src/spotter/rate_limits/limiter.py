"""Fixed-window rate limits, counted in PostgreSQL's api_rate_limits table or,
with SPOTTER_REDIS_URL, in Redis through the `limits` library.

A hit runs in its own short transaction, not the request's: a request that
fails still counts (failed sign-ins must), and no request holds a counter's
row lock while it works.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage
from limits.aio.strategies import FixedWindowRateLimiter
from sqlalchemy import Row, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass(frozen=True)
class Policy:
    name: str
    item: RateLimitItem

    @classmethod
    def parse(cls, name: str, notation: str) -> Policy:
        return cls(name, parse(notation))

    @property
    def limit(self) -> int:
        return int(self.item.amount)

    @property
    def window_seconds(self) -> int:
        return int(self.item.get_expiry())


@dataclass(frozen=True)
class Decision:
    policy: Policy
    count: int
    reset_seconds: int

    @property
    def allowed(self) -> bool:
        return self.count <= self.policy.limit

    @property
    def remaining(self) -> int:
        return max(self.policy.limit - self.count, 0)

    def headers(self) -> dict[str, str]:
        # draft-ietf-httpapi-ratelimit-headers: structured fields.
        name = self.policy.name
        headers = {
            "RateLimit-Policy": f'"{name}";q={self.policy.limit};w={self.policy.window_seconds}',
            "RateLimit": f'"{name}";r={self.remaining};t={self.reset_seconds}',
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_seconds)
        return headers


class Limiter(Protocol):
    async def hit(
        self, policy: Policy, bucket: str, user_id: uuid.UUID | None, ip: str | None
    ) -> Decision: ...

    async def close(self) -> None: ...


class PostgresLimiter:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def hit(
        self, policy: Policy, bucket: str, user_id: uuid.UUID | None, ip: str | None
    ) -> Decision:
        # Counted per user when signed in, else per address.
        try:
            row = await self._hit(policy, bucket, user_id, None if user_id else ip)
        except IntegrityError:
            # A validly signed token of an account deleted since: count the
            # caller by address; authentication answers 401 afterwards.
            row = await self._hit(policy, bucket, None, ip)
        window_end = row.window_start + dt.timedelta(seconds=policy.window_seconds)
        reset = math.ceil((window_end - dt.datetime.now(dt.UTC)).total_seconds())
        return Decision(policy, int(row.requests_count), max(reset, 1))

    async def _hit(
        self, policy: Policy, bucket: str, user_id: uuid.UUID | None, ip: str | None
    ) -> Row[Any]:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    text("SELECT * FROM hit_rate_limit(:bucket, :user_id, CAST(:ip AS inet), :w)"),
                    {"bucket": bucket, "user_id": user_id, "ip": ip, "w": policy.window_seconds},
                )
            ).one()
            await conn.commit()
            return row

    async def close(self) -> None:
        return None


class RedisLimiter:
    def __init__(self, url: str) -> None:
        self.storage = RedisStorage(url, implementation="redispy")
        self.strategy = FixedWindowRateLimiter(self.storage)

    async def hit(
        self, policy: Policy, bucket: str, user_id: uuid.UUID | None, ip: str | None
    ) -> Decision:
        key = str(user_id) if user_id else f"ip:{ip}"
        allowed = await self.strategy.hit(policy.item, "spotter", bucket, key)
        stats = await self.strategy.get_window_stats(policy.item, "spotter", bucket, key)
        reset = max(math.ceil(stats.reset_time - dt.datetime.now(dt.UTC).timestamp()), 1)
        count = policy.limit - stats.remaining if allowed else policy.limit + 1
        return Decision(policy, count, reset)

    async def close(self) -> None:
        return None
