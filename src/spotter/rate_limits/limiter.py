"""Fixed-window rate limits, shared by every process through a store
(PostgreSQL's api_rate_limits, or Redis with SPOTTER_REDIS_URL), with
leases so that most requests never touch the store.

A process claims a batch of a window's slots at once and serves them from
memory; it claims again when they run out. The store adds every claim to the
window's counter and grants only the slots still under the limit, so all
processes together never admit more than the limit. Batches shrink as the
window fills (a tenth of what is left, at most MAX_BATCH), so the slots one
process holds while another is refused stay few; at shutdown a process gives
its unused slots back. A small limit (sign-in's 10/minute) claims one slot at
a time: every hit goes to the store, as before.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from dataclasses import dataclass, field
from typing import Protocol

from limits import RateLimitItem, parse
from sqlalchemy.ext.asyncio import AsyncEngine

from spotter.rate_limits.stores import Key, PostgresStore, RedisStore, Store

MAX_BATCH = 100
SHARE = 10  # a claim asks for at most this fraction of what is left
PRUNE_AT = 10_000  # leases kept before the ended windows are dropped


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


@dataclass
class Lease:
    """This process's slots of one counter in one window."""

    key: Key  # as the store counted it
    window_start: float = 0.0
    window_end: float = 0.0
    left: int = 0  # claimed and not used yet
    count: int = 0  # the window's count as this process last knew it
    refused: bool = False  # the store granted nothing: the window is full
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def take(self, now: float) -> int | None:
        """The count including this hit, when a slot is at hand."""
        if now >= self.window_end or self.left == 0:
            return None
        self.left -= 1
        self.count += 1
        return self.count


def batch_size(limit: int, count: int) -> int:
    return max(1, min(MAX_BATCH, (limit - count) // SHARE))


class LeasedLimiter:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.leases: dict[Key, Lease] = {}

    async def hit(
        self, policy: Policy, bucket: str, user_id: uuid.UUID | None, ip: str | None
    ) -> Decision:
        key = Key(bucket, user_id, None if user_id else ip)
        lease = self.leases.get(key)
        if lease is None:
            lease = self.leases[key] = Lease(key)
            self._prune()
        count = lease.take(time.time())
        if count is None:
            async with lease.lock:
                # Another request may have claimed while this one waited.
                count = lease.take(time.time())
                if count is None:
                    count = await self._claim(policy, lease)
        return Decision(policy, count, max(math.ceil(lease.window_end - time.time()), 1))

    async def _claim(self, policy: Policy, lease: Lease) -> int:
        now, window = time.time(), policy.window_seconds
        if now < lease.window_end and lease.refused:
            return policy.limit + 1
        known = lease.count if now < lease.window_end else 0
        wanted = batch_size(policy.limit, known)
        lease.key, claim = await self.store.claim(lease.key, window, wanted)
        before = claim.total - wanted
        granted = min(wanted, max(policy.limit - before, 0))
        lease.window_start, lease.window_end = claim.window_start, claim.window_start + window
        lease.refused = granted == 0
        if lease.refused:
            lease.left, lease.count = 0, policy.limit + 1
            return lease.count
        lease.left, lease.count = granted - 1, before + 1
        return lease.count

    def _prune(self) -> None:
        if len(self.leases) > PRUNE_AT:
            now = time.time()
            for key in [k for k, v in self.leases.items() if v.window_end <= now]:
                del self.leases[key]

    async def close(self) -> None:
        """Give the slots claimed and not used back, so that a restart or a
        scale-down refuses no one early."""
        now = time.time()
        for lease in self.leases.values():
            if lease.left > 0 and now < lease.window_end:
                window = round(lease.window_end - lease.window_start)
                await self.store.release(lease.key, window, lease.window_start, lease.left)
                lease.left = 0
        await self.store.close()


class PostgresLimiter(LeasedLimiter):
    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(PostgresStore(engine))


class RedisLimiter(LeasedLimiter):
    def __init__(self, url: str) -> None:
        super().__init__(RedisStore(url))
