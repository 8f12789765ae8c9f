"""Database helpers for jobs, which run as the schema owner."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import procrastinate
import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from spotter.notifications.messages import render


def pool_of(context: procrastinate.JobContext) -> AsyncConnectionPool:
    connector = context.app.connector
    assert isinstance(connector, procrastinate.PsycopgConnector)
    pool: AsyncConnectionPool = connector.pool
    return pool


async def fetch_one(
    conn: psycopg.AsyncConnection[Any], sql: str, params: Any
) -> dict[str, Any] | None:
    cursor = conn.cursor(row_factory=dict_row)
    await cursor.execute(sql, params)
    return await cursor.fetchone()


async def fetch_all(
    conn: psycopg.AsyncConnection[Any], sql: str, params: Any
) -> list[dict[str, Any]]:
    cursor = conn.cursor(row_factory=dict_row)
    await cursor.execute(sql, params)
    return await cursor.fetchall()


async def defer_in(
    conn: psycopg.AsyncConnection[Any],
    task: str,
    queue: str,
    args: dict[str, Any],
    run_at: dt.datetime | None = None,
) -> None:
    """Defer a job in this connection's transaction: it exists only if the
    transaction commits."""
    await conn.execute(
        "SELECT procrastinate.procrastinate_defer_jobs_v1(ARRAY[ROW(%s, %s, 0, NULL, NULL,"
        " %s::jsonb, %s)::procrastinate.procrastinate_job_to_defer_v1])",
        (queue, task, json.dumps(args), run_at),
    )


async def notify_user(
    conn: psycopg.AsyncConnection[Any],
    user_id: Any,
    kind: str,
    *,
    stored_type: str | None = None,
    resource_type: str | None = None,
    resource_id: Any = None,
    **params: str,
) -> None:
    row = await fetch_one(conn, "SELECT preferred_language(%s) AS language", (user_id,))
    title, message = render(kind, (row or {}).get("language") or "th", **params)
    await conn.execute(
        "INSERT INTO notifications (user_id, type, title, message, resource_type, resource_id)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (user_id, stored_type or kind, title, message, resource_type, resource_id),
    )
