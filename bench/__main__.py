"""`make bench`: numbers, not assertions.

Builds a database with `spotter seed bulk` (SPOTTER_BENCH_SCALE, default
0.02 of the seed's ~7M rows), then prints:
- the plan and time of every hot list query, run as the app role with a
  user's identity (index use, partitions pruned);
- HTTP latencies of common calls through the real app (p50, p95);
- sign-in time for a known and an unknown email;
- how long a notification takes to reach an open server-sent-event stream.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
import uuid

import httpx
import psycopg
from sqlalchemy.engine import URL

from spotter import schema
from spotter.app import create_app
from spotter.config import Settings
from spotter.db import embedded
from spotter.db.urls import libpq_dsn, normalize
from spotter.seed.bulk import describe, load

SCALE = float(os.environ.get("SPOTTER_BENCH_SCALE", "0.02"))
ROUNDS = int(os.environ.get("SPOTTER_BENCH_ROUNDS", "50"))
BENCH_PASSWORD = "bench passphrase 2026"  # noqa: S105  (a throwaway bench account)


def bench_database() -> URL:
    server = (
        normalize(os.environ["DATABASE_URL"])
        if os.environ.get("DATABASE_URL")
        else normalize(embedded.start(Settings().data_dir, database="postgres"))
    )
    name = f"spotter_bench_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(libpq_dsn(server.set(database="postgres")), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.set(database=name)


def drop(url: URL) -> None:
    with psycopg.connect(libpq_dsn(url.set(database="postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


QUERIES = {
    "a trainee's workouts, newest first": (
        "SELECT id FROM workouts WHERE trainee_id = %(trainee)s"
        " ORDER BY date DESC, id DESC LIMIT 21"
    ),
    "workouts of one month (partition pruning)": (
        "SELECT count(*) FROM workouts WHERE trainee_id = %(trainee)s"
        " AND date >= date_trunc('month', now())::date AND date < now()::date + 1"
    ),
    "a trainer's calendar": (
        "SELECT id FROM schedules WHERE trainer_id = %(trainer)s AND date >= now()::date - 30"
        " ORDER BY date, start_time, id LIMIT 21"
    ),
    "an inbox, newest first": (
        "SELECT id FROM notifications WHERE user_id = %(trainee)s"
        " ORDER BY created_at DESC, id DESC LIMIT 21"
    ),
    "unread badge": (
        "SELECT count(*) FROM notifications WHERE user_id = %(trainee)s AND read_at IS NULL"
    ),
    "a trainee's audit trail": (
        "SELECT id FROM audit_logs WHERE subject_user_id = %(trainee)s"
        " ORDER BY created_at DESC, id DESC LIMIT 21"
    ),
    "exercise search with a typo": (
        "SELECT id FROM exercises WHERE search_text(name) %% search_text('bnech press')"
        " OR search_text('bnech press') <%% search_text(name) LIMIT 21"
    ),
}


def explain_all(url: URL) -> None:
    with psycopg.connect(libpq_dsn(url)) as conn:
        trainer, trainee = conn.execute(
            "SELECT trainer_id, trainee_id FROM trainer_trainees LIMIT 1"
        ).fetchone() or (None, None)
        print(f"\n== Query plans as spotter_app, as the trainer (scale {SCALE}) ==")
        for name, sql in QUERIES.items():
            conn.execute("BEGIN")
            conn.execute("SET LOCAL ROLE spotter_app")
            conn.execute(
                "SELECT set_config('spotter.user_id', %s, true),"
                " set_config('spotter.user_role', 'trainer', true)",
                (str(trainer),),
            )
            rows = conn.execute(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql,
                {"trainee": trainee, "trainer": trainer},
            ).fetchone()
            conn.execute("ROLLBACK")
            plan = rows[0][0] if rows else {}
            text = json.dumps(plan)
            scans = sorted(
                {
                    node
                    for node in ("Index Scan", "Index Only Scan", "Bitmap Index Scan", "Seq Scan")
                    if f'"{node}"' in text
                }
            )
            partitions = text.count('"Relation Name": "workouts_')
            print(
                f"{name:45s} {plan.get('Execution Time', 0):8.2f} ms  "
                f"{', '.join(scans)}" + (f"  ({partitions} partition scans)" if partitions else "")
            )


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


async def http_latencies(url: URL) -> None:
    settings = Settings(secret_key="bench-" * 8, rate_limit_enabled=False)
    app = create_app(settings, database_url=url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            password = BENCH_PASSWORD
            trainer = (
                await client.post(
                    "/api/v1/auth/register",
                    json={
                        "email": "bench.trainer@example.test",
                        "password": password,
                        "name": "Bench",
                        "role": "trainer",
                    },
                )
            ).json()
            trainee = (
                await client.post(
                    "/api/v1/auth/register",
                    json={
                        "email": "bench.trainee@example.test",
                        "password": password,
                        "name": "Bench Trainee",
                    },
                )
            ).json()
            th = {"Authorization": f"Bearer {trainer['accessToken']}"}
            eh = {"Authorization": f"Bearer {trainee['accessToken']}"}
            invite = (
                await client.post(
                    "/api/v1/roster/invitations",
                    json={"email": "bench.trainee@example.test"},
                    headers=th,
                )
            ).json()
            await client.post(f"/api/v1/roster/invitations/{invite['id']}/accept", headers=eh)
            calls = {
                "GET /me": ("GET", "/api/v1/me", eh, None),
                "GET /exercises?q=squat": ("GET", "/api/v1/exercises?q=squat", eh, None),
                "GET /workouts (trainee)": ("GET", "/api/v1/workouts", eh, None),
                "GET /notifications": ("GET", "/api/v1/notifications", eh, None),
                "GET /schedules (trainer)": ("GET", "/api/v1/schedules", th, None),
                "POST /workouts": (
                    "POST",
                    "/api/v1/workouts",
                    th,
                    {
                        "traineeId": trainee["user"]["id"],
                        "date": "2026-11-01",
                        "duration": 45,
                        "exercises": json.loads(
                            '[{"name": "Barbell Back Squat", "type": "weight_training",'
                            ' "sets": [{"setNumber": 1, "weight": 80, "reps": 5}]}]'
                        ),
                    },
                ),
            }
            print(f"\n== HTTP through the real app, {ROUNDS} calls each ==")
            for name, (method, path, headers, body) in calls.items():
                times = []
                for _ in range(ROUNDS):
                    started = time.perf_counter()
                    response = await client.request(method, path, headers=headers, json=body)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code < 400, response.text
                print(f"{name:28s} p50 {pct(times, 50):7.2f} ms   p95 {pct(times, 95):7.2f} ms")
            print("\n== Sign-in time, known vs unknown email (should match) ==")
            for label, email in (
                ("known email, wrong password", "bench.trainer@example.test"),
                ("unknown email", "nobody.here@example.test"),
            ):
                times = []
                for _ in range(10):
                    started = time.perf_counter()
                    await client.post(
                        "/api/v1/auth/login", json={"email": email, "password": "wrong password"}
                    )
                    times.append((time.perf_counter() - started) * 1000)
                print(f"{label:28s} median {statistics.median(times):7.1f} ms")


async def sse_latency(url: URL) -> None:
    import socket

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(secret_key="bench-" * 8, rate_limit_enabled=False)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, database_url=url), host="127.0.0.1", port=port, log_config=None
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  (uvicorn exposes a flag)
        await asyncio.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            login = {"password": BENCH_PASSWORD}
            trainer = (
                await client.post(
                    "/api/v1/auth/login", json={**login, "email": "bench.trainer@example.test"}
                )
            ).json()
            trainee = (
                await client.post(
                    "/api/v1/auth/login", json={**login, "email": "bench.trainee@example.test"}
                )
            ).json()
            delays = []
            async with client.stream(
                "GET",
                "/api/v1/notifications/stream",
                params={"accessToken": trainee["accessToken"]},
            ) as stream:
                lines = stream.aiter_lines()
                await anext(lines)
                for n in range(10):
                    started = time.perf_counter()
                    await client.post(
                        "/api/v1/schedules",
                        headers={"Authorization": f"Bearer {trainer['accessToken']}"},
                        json={
                            "traineeId": trainee["user"]["id"],
                            "title": f"Bench {n}",
                            "date": f"2030-01-{n + 1:02d}",
                            "startTime": "10:00",
                            "endTime": "11:00",
                        },
                    )
                    async for line in lines:
                        if line.startswith("data: "):
                            break
                    delays.append((time.perf_counter() - started) * 1000)
            print("\n== Notification push: booking request to event on a stream ==")
            print(f"median {statistics.median(delays):.1f} ms   max {max(delays):.1f} ms")
    finally:
        server.should_exit = True
        await task


def main() -> None:
    url = bench_database()
    try:
        schema.upgrade(url)
        started = time.perf_counter()
        loaded = load(url, SCALE)
        print(f"Loaded {describe(loaded)} in {time.perf_counter() - started:.1f} s")
        explain_all(url)
        asyncio.run(http_latencies(url))
        asyncio.run(sse_latency(url))
    finally:
        drop(url)


if __name__ == "__main__":
    main()
