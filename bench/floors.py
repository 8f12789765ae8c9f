"""The two floors Spotter is measured against, served by uvicorn like Spotter
(one worker each, in its own process).

- The framework floor: bare FastAPI returning 20 Pydantic items from memory,
  on every path the benchmark asks for. Nothing can be faster in FastAPI.
- The database floor: bare FastAPI and a psycopg pool doing what Spotter's
  security design requires and nothing else. Each connection `SET ROLE
  spotter_app` once; each request runs one transaction that sets the
  identity with set_config(..., true), exactly as Spotter does, runs the
  SELECT the endpoint needs (row-level security applies) and answers with
  orjson. The identity comes in an `X-Bench-Identity: <user id>:<role>`
  header: the floor verifies no token and checks no session, which is part
  of the cost Spotter is asked to keep small.

`uvicorn --factory bench.floors:framework_app` / `bench.floors:database_app`;
the database floor reads BENCH_DATABASE_URL (a libpq URL).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

POOL_SIZE = 10


class Item(BaseModel):
    id: uuid.UUID
    name: str
    date: dt.date
    duration: int
    rating: int | None
    created_at: dt.datetime


class ItemPage(BaseModel):
    items: list[Item]
    next_cursor: str | None


ITEMS = [
    Item(
        id=uuid.uuid4(),
        name=f"Workout {n}",
        date=dt.date(2026, 11, 1),
        duration=60,
        rating=4,
        created_at=dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC),
    )
    for n in range(20)
]


def framework_app() -> FastAPI:
    app = FastAPI(openapi_url=None)

    @app.get("/{path:path}")
    async def items(path: str) -> ItemPage:
        return ItemPage(items=ITEMS, next_cursor=None)

    return app


SET_IDENTITY = (
    "SELECT set_config('spotter.user_id', %s, true), set_config('spotter.user_role', %s, true)"
)
USER_SQL = """
SELECT id, email, name, role, avatar, phone, date_of_birth AS "dateOfBirth", gender,
       height::float8 AS height, weight::float8 AS weight, is_active AS "isActive",
       last_login AS "lastLogin", created_at AS "createdAt", updated_at AS "updatedAt"
  FROM users WHERE id = %(me)s
"""
WORKOUTS_SQL = """
SELECT id, trainee_id AS "traineeId", trainer_id AS "trainerId", schedule_id AS "scheduleId",
       date, duration, exercises, summary, notes, rating, mood,
       created_at AS "createdAt", updated_at AS "updatedAt"
  FROM workouts WHERE trainee_id = %(me)s
 ORDER BY date DESC, id DESC LIMIT 21
"""
UNREAD_SQL = (
    "SELECT count(*) AS unread FROM notifications WHERE user_id = %(me)s AND read_at IS NULL"
)
NOTIFICATIONS_SQL = """
SELECT id, type, title, message, resource_type AS "resourceType", resource_id AS "resourceId",
       is_read AS "isRead", read_at AS "readAt", created_at AS "createdAt"
  FROM notifications WHERE user_id = %(me)s
 ORDER BY created_at DESC, id DESC LIMIT 21
"""
# The visibility rule of policy audit_logs_select_visible, stated in the
# query so the planner can use the (subject, created) index; keyset paging.
AUDIT_SQL = """
SELECT id, user_id AS "userId", user_email AS "userEmail", action,
       resource_type AS "resourceType", resource_id AS "resourceId",
       subject_user_id AS "subjectUserId", old_values AS "oldValues",
       new_values AS "newValues", host(ip_address) AS "ipAddress", user_agent AS "userAgent",
       created_at AS "createdAt"
  FROM audit_logs
 WHERE (user_id = %(me)s OR subject_user_id = %(me)s
        OR subject_user_id IN (SELECT trainee_id FROM trainer_trainees
                                WHERE trainer_id = %(me)s AND status = 'active'))
   {keyset}
 ORDER BY created_at DESC, id DESC LIMIT 21
"""
AUDIT_FIRST_SQL = AUDIT_SQL.format(keyset="")
AUDIT_AFTER_SQL = AUDIT_SQL.format(keyset="AND (created_at, id) < (%(before_at)s, %(before_id)s)")


def _json(payload: Any) -> Response:
    return Response(orjson.dumps(payload), media_type="application/json")


def _page(rows: list[dict[str, Any]]) -> dict[str, Any]:
    more = len(rows) > 20
    return {"items": rows[:20], "nextCursor": "more" if more else None}


async def _assume_app_role(conn: AsyncConnection[Any]) -> None:
    await conn.execute("SET ROLE spotter_app")


def database_app() -> FastAPI:
    pool = AsyncConnectionPool(
        os.environ["BENCH_DATABASE_URL"],
        min_size=POOL_SIZE,
        max_size=POOL_SIZE,
        kwargs={"autocommit": True, "row_factory": dict_row},
        configure=_assume_app_role,
        open=False,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await pool.open(wait=True)
        yield
        await pool.close()

    app = FastAPI(openapi_url=None, lifespan=lifespan)

    async def query(request: Request, sql: str, **params: Any) -> list[dict[str, Any]]:
        user, role = request.headers["x-bench-identity"].split(":")
        async with pool.connection() as conn, conn.transaction():
            await conn.execute(SET_IDENTITY, (user, role))
            cursor = await conn.execute(sql, {"me": user, **params})
            return await cursor.fetchall()

    @app.get("/api/v1/me")
    async def me(request: Request) -> Response:
        found = await query(request, USER_SQL)
        return _json(found[0]) if found else Response(status_code=404)

    @app.get("/api/v1/workouts")
    async def workouts(request: Request) -> Response:
        return _json(_page(await query(request, WORKOUTS_SQL)))

    @app.get("/api/v1/notifications/unread-count")
    async def unread(request: Request) -> Response:
        return _json((await query(request, UNREAD_SQL))[0])

    @app.get("/api/v1/notifications")
    async def notifications(request: Request) -> Response:
        return _json(_page(await query(request, NOTIFICATIONS_SQL)))

    @app.get("/api/v1/audit-logs")
    async def audit(request: Request, before_at: str | None = None) -> Response:
        # before_at/before_id: the keyset of a deep page, given in the clear.
        if before_at is None:
            return _json(_page(await query(request, AUDIT_FIRST_SQL)))
        before_id = uuid.UUID(request.query_params["before_id"])
        at = dt.datetime.fromisoformat(before_at)
        return _json(
            _page(await query(request, AUDIT_AFTER_SQL, before_at=at, before_id=before_id))
        )

    return app
