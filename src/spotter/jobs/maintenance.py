"""Periodic upkeep: partitions ahead, statistics, purges of expired rows."""

from __future__ import annotations

from typing import Any

import procrastinate
import structlog

from spotter.jobs.db import pool_of

log = structlog.get_logger(__name__)

# Rate-limit windows are at most an hour long; a day keeps recent history for
# operators without letting the table grow.
RATE_LIMIT_RETENTION = "1 day"
PURGES = {
    "user_sessions": "DELETE FROM user_sessions WHERE expires_at < now()",
    "api_rate_limits": "DELETE FROM api_rate_limits"
    f" WHERE window_start < now() - interval '{RATE_LIMIT_RETENTION}'",
    # A key expires 7 days after its answer was stored (RETENTION in
    # idempotency/repository.py): the web app's offline queue relies on it.
    "idempotency_keys": "DELETE FROM idempotency_keys WHERE expires_at < now()",
}


async def _execute(context: procrastinate.JobContext, sql: str) -> Any:
    async with pool_of(context).connection() as conn:
        return await conn.execute(sql)


async def create_partitions(context: procrastinate.JobContext, timestamp: int) -> int:
    """Keep monthly partitions three months ahead of today."""
    cursor = await _execute(context, "SELECT ensure_partitions(0, 3)")
    row = await cursor.fetchone()
    created = int(row[0]) if row else 0
    log.info("partitions_created", count=created)
    return created


async def refresh_trainee_stats(context: procrastinate.JobContext, timestamp: int) -> None:
    """Readers keep reading the old figures while this runs (CONCURRENTLY)."""
    await _execute(context, "REFRESH MATERIALIZED VIEW CONCURRENTLY trainee_stats")
    log.info("trainee_stats_refreshed")


async def purge_expired(context: procrastinate.JobContext, timestamp: int) -> dict[str, int]:
    purged: dict[str, int] = {}
    for table, sql in PURGES.items():
        cursor = await _execute(context, sql)
        purged[table] = cursor.rowcount
    log.info("expired_rows_purged", **purged)
    return purged


# (cron, task): every maintenance task is periodic.
SCHEDULE = (
    ("17 3 * * *", create_partitions),
    ("*/15 * * * *", refresh_trainee_stats),
    ("*/10 * * * *", purge_expired),
)


def register(app: procrastinate.App) -> None:
    """Register the tasks on this app (procrastinate's blueprints rename their
    tasks in place, which breaks a second app in the same process)."""
    for cron, function in SCHEDULE:
        name = function.__name__
        task = app.task(name=f"maintenance.{name}", queue="maintenance", pass_context=True)(
            function
        )
        app.periodic(cron=cron, periodic_id=name)(task)
