"""The rate limiter's own CPU per request, measured in-process.

Throughput with rate limiting on and off differs by less than this machine's
noise (±10% between two runs of the same thing), so the bench also reports
what the limiter costs directly: CPU seconds per `hit()` through the real
limiter and its PostgreSQL or Redis store (a claim goes to the store once per
batch of up to 100 requests), next to the CPU a whole request costs.
"""

from __future__ import annotations

import asyncio
import time
import uuid

from sqlalchemy.engine import URL

from spotter.config import Settings
from spotter.db.session import create_engine_for_app
from spotter.rate_limits.limiter import LeasedLimiter, Policy, PostgresLimiter, RedisLimiter

HITS = 20_000
POLICY = Policy.parse("default", "100000000/minute")


async def _per_hit(limiter: LeasedLimiter) -> float:
    user = uuid.uuid4()
    for _ in range(200):  # warm up: the first claims, code paths
        await limiter.hit(POLICY, "default", user, "127.0.0.1")
    started = time.process_time()
    for _ in range(HITS):
        await limiter.hit(POLICY, "default", user, "127.0.0.1")
    return (time.process_time() - started) / HITS


async def _measure(url: URL, redis_url: str | None) -> dict[str, float]:
    engine = create_engine_for_app(url, Settings())
    try:
        postgres = PostgresLimiter(engine)
        found = {"PostgreSQL": await _per_hit(postgres)}
        await postgres.close()
        if redis_url:
            redis = RedisLimiter(redis_url)
            found["Redis"] = await _per_hit(redis)
            await redis.close()
        return found
    finally:
        await engine.dispose()


def seconds_per_hit(url: URL, redis_url: str | None) -> dict[str, float]:
    """CPU seconds per limiter hit, by store."""
    return asyncio.run(_measure(url, redis_url))
