"""Delivering events to webhooks: signed (Standard Webhooks), retried with
exponential backoff and jitter under the same webhook-id, one row per
attempt; 410 or too many failures in a row disable the endpoint."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any

import procrastinate
import structlog
from standardwebhooks import Webhook as Signer

from spotter.jobs.context import job_settings
from spotter.jobs.db import defer_in, fetch_all, fetch_one, notify_user, pool_of
from spotter.webhooks.safety import safe_post

log = structlog.get_logger(__name__)
JITTER = 0.2
USER_AGENT = "Spotter-Webhooks/1.0"


async def dispatch_event(context: procrastinate.JobContext, event_id: str) -> int:
    """One delivery per subscribed, active endpoint of the event's audience."""
    async with pool_of(context).connection() as conn, conn.transaction():
        event = await fetch_one(
            conn,
            "SELECT id, event_type, payload, audience, dispatched_at FROM event_outbox"
            " WHERE id = %s FOR UPDATE",
            (event_id,),
        )
        if event is None or event["dispatched_at"] is not None:
            return 0
        subscribed = await fetch_all(
            conn,
            "SELECT id FROM webhooks WHERE user_id = ANY(%s) AND is_active IS TRUE"
            " AND %s = ANY(events)",
            (event["audience"], event["event_type"]),
        )
        hooks = [row["id"] for row in subscribed]
        for hook in hooks:
            await _new_attempt(conn, hook, event["id"], event["event_type"], event["payload"], 1)
        await conn.execute(
            "UPDATE event_outbox SET dispatched_at = now() WHERE id = %s", (event_id,)
        )
    return len(hooks)


async def _new_attempt(
    conn: Any,
    webhook_id: Any,
    event_id: Any,
    event_type: str,
    payload: Any,
    attempt: int,
    run_at: dt.datetime | None = None,
) -> None:
    cursor = await conn.execute(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, payload, attempt,"
        " next_attempt_at) VALUES (%s, %s, %s, %s::jsonb, %s, %s) RETURNING id",
        (webhook_id, event_id, event_type, json.dumps(payload), attempt, run_at),
    )
    (delivery_id,) = await cursor.fetchone()
    await defer_in(conn, "webhooks.deliver", "webhooks", {"delivery_id": str(delivery_id)}, run_at)


async def ping(context: procrastinate.JobContext, webhook_id: str) -> None:
    event_id = uuid.uuid4()
    payload = {
        "type": "webhook.ping",
        "timestamp": dt.datetime.now(dt.UTC).isoformat(),
        "data": {"webhookId": webhook_id},
    }
    async with pool_of(context).connection() as conn, conn.transaction():
        await _new_attempt(conn, webhook_id, event_id, "webhook.ping", payload, 1)


def _backoff(attempt: int, schedule: list[dt.timedelta]) -> dt.timedelta | None:
    if attempt > len(schedule):
        return None
    base = schedule[attempt - 1].total_seconds()
    return dt.timedelta(seconds=base * random.uniform(1 - JITTER, 1 + JITTER))


async def deliver(context: procrastinate.JobContext, delivery_id: str) -> str:
    settings = job_settings()
    pool = pool_of(context)
    async with pool.connection() as conn:
        row = await fetch_one(
            conn,
            "SELECT d.*, w.url, w.secret, w.is_active, w.user_id FROM webhook_deliveries d"
            " JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = %s",
            (delivery_id,),
        )
        await conn.commit()
    if row is None or row["status"] != "pending":
        return "skipped"
    if not row["is_active"]:
        await _finish(pool, delivery_id, "failed", None, 0, "the endpoint is disabled")
        return "disabled"
    message_id = f"msg_{row['event_id'].hex}"
    body = json.dumps(row["payload"], separators=(",", ":"), ensure_ascii=False)
    now = dt.datetime.now(dt.UTC)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Signer(row["secret"]).sign(message_id, now, body),
    }
    result = await safe_post(row["url"], body.encode(), headers, settings.webhook_allow_hosts)
    if result.status is not None and 200 <= result.status < 300:
        await _finish(pool, delivery_id, "succeeded", result.status, result.duration_ms, None)
        async with pool.connection() as conn:
            await conn.execute(
                "UPDATE webhooks SET consecutive_failures = 0 WHERE id = %s", (row["webhook_id"],)
            )
        return "succeeded"
    error = result.error or f"HTTP {result.status}: {result.body[:200]}"
    await _fail(pool, row, result.status, result.duration_ms, error, settings)
    return "failed"


async def _finish(
    pool: Any, delivery_id: str, status: str, code: int | None, duration: int, error: str | None
) -> None:
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE webhook_deliveries SET status = %s, response_code = %s, duration_ms = %s,"
            " error = %s WHERE id = %s",
            (status, code, duration, error, delivery_id),
        )


async def _fail(
    pool: Any, row: dict[str, Any], code: int | None, duration: int, error: str, settings: Any
) -> None:
    async with pool.connection() as conn, conn.transaction():
        cursor = await conn.execute(
            "UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = %s"
            " RETURNING consecutive_failures",
            (row["webhook_id"],),
        )
        (failures,) = await cursor.fetchone()
        reason = None
        if code == 410:
            reason = "the endpoint answered 410 Gone"
        elif failures >= settings.webhook_disable_after:
            reason = f"{failures} deliveries failed in a row"
        delay = None if reason else _backoff(row["attempt"], settings.webhook_retry_delays)
        next_at = dt.datetime.now(dt.UTC) + delay if delay is not None else None
        await conn.execute(
            "UPDATE webhook_deliveries SET status = 'failed', response_code = %s,"
            " duration_ms = %s, error = %s, next_attempt_at = %s WHERE id = %s",
            (code, duration, error[:1000], next_at, row["id"]),
        )
        if reason:
            await conn.execute(
                "UPDATE webhooks SET is_active = false, disabled_reason = %s, disabled_at = now()"
                " WHERE id = %s AND is_active IS TRUE",
                (reason, row["webhook_id"]),
            )
            await notify_user(
                conn,
                row["user_id"],
                "webhook_disabled",
                resource_type="webhooks",
                resource_id=row["webhook_id"],
                url=row["url"],
                reason=reason,
            )
            log.warning("webhook_disabled", webhook_id=str(row["webhook_id"]), reason=reason)
        elif next_at is not None:
            await _new_attempt(
                conn,
                row["webhook_id"],
                row["event_id"],
                row["event_type"],
                row["payload"],
                row["attempt"] + 1,
                next_at,
            )


def register(app: procrastinate.App) -> None:
    app.task(name="webhooks.dispatch_event", queue="webhooks", pass_context=True)(dispatch_event)
    app.task(name="webhooks.deliver", queue="webhooks", pass_context=True)(deliver)
    app.task(name="webhooks.ping", queue="webhooks", pass_context=True)(ping)
