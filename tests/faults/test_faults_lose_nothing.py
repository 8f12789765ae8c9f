"""Faults lose nothing and say so.

A bounded write load (workouts logged with Idempotency-Keys, each retried
with its key until acknowledged) runs against a real `spotter serve`
process while, in turn: the API's database backends are killed, the
embedded PostgreSQL is restarted, and the API process gets SIGTERM (then
SIGKILL) and is started again. Afterwards every acknowledged write is
present exactly once, every retried key made one row, and a fault is only
ever answered as "retry later" (503 with Retry-After, 409 for a key still
in flight, or no connection), never as a 500 or a refusal. The figures of
each fault are printed.
"""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest

from tests.faults.harness import (
    API,
    PASSWORD,
    ApiProcess,
    Database,
    Phase,
    WriteLoad,
    rows_per_key,
)

WORKERS = 4
LEAD_IN = 1.5  # seconds of load before the fault
TAIL = 2.0  # seconds of load after it
# The answers a client may get while a fault lasts: all of them say "retry".
RETRYABLE = ("503", "409", "connection")


@pytest.fixture(scope="module")
def database() -> Iterator[Database]:
    db = Database()
    yield db
    db.destroy()


async def _signed_up(api: ApiProcess, database: Database) -> tuple[uuid.UUID, str]:
    async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:
        tokens = {}
        for role in ("trainer", "trainee"):
            email = f"faults.{role}.{uuid.uuid4().hex[:8]}@example.test"
            response = await client.post(
                f"{API}/auth/register",
                json={"email": email, "password": PASSWORD, "name": f"Fault {role}", "role": role},
            )
            assert response.status_code == 201, response.text
            tokens[role] = response.json()
    trainer, trainee = tokens["trainer"]["user"], tokens["trainee"]["user"]
    # The roster link is set up directly: the suite is about writes, not invitations.
    database.execute(
        "INSERT INTO trainer_trainees (trainer_id, trainee_id, invited_email, status, accepted_at)"
        " VALUES (%s, %s, %s, 'active', now())",
        (trainer["id"], trainee["id"], trainee["email"]),
    )
    return uuid.UUID(trainee["id"]), str(tokens["trainee"]["accessToken"])


async def _under_load(load: WriteLoad, name: str, fault: Callable[[], Awaitable[None]]) -> Phase:
    phase = Phase(name)
    stop = asyncio.Event()
    workers = [asyncio.create_task(load.worker(phase, stop)) for _ in range(WORKERS)]
    await asyncio.sleep(LEAD_IN)
    phase.fault_at = asyncio.get_running_loop().time()
    await fault()
    await asyncio.sleep(TAIL)
    stop.set()
    await asyncio.wait_for(asyncio.gather(*workers), timeout=90)
    return phase


async def test_faults_lose_no_acknowledged_write_and_make_no_duplicate(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    api = ApiProcess(database)
    await api.start()
    try:
        trainee_id, token = await _signed_up(api, database)
        load = WriteLoad(api.base_url, token, trainee_id)

        async def kill_backends() -> None:
            for _ in range(10):
                database.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = 'spotter' AND pid <> pg_backend_pid()"
                )
                await asyncio.sleep(0.3)

        async def restart_postgres() -> None:
            await asyncio.to_thread(database.stop)
            await asyncio.sleep(2)
            await asyncio.to_thread(database.start)

        restarts: list[str] = []

        async def sigterm_api() -> None:
            await api.stop(signal.SIGTERM)
            await api.start()
            restarts.append(f"SIGTERM: exited in {api.stopped_in:.1f} s (in-flight requests")
            restarts[-1] += f" finish first), the new process served in {api.started_in:.1f} s"

        async def sigkill_api() -> None:
            await api.stop(signal.SIGKILL)
            await api.start()
            restarts.append(f"SIGKILL: the new process served in {api.started_in:.1f} s")

        faults = {
            "backends killed": kill_backends,
            "postgres restarted": restart_postgres,
            "api SIGTERM": sigterm_api,
            "api SIGKILL": sigkill_api,
        }
        phases = [await _under_load(load, name, fault) for name, fault in faults.items()]
    finally:
        api.kill()

    report = ["", "fault suite: writes with Idempotency-Keys, retried until acknowledged"]
    report.append(
        f"{'fault':<20}{'writes':>7}{'acked':>7}{'present':>8}{'dupes':>6}{'retried':>8}"
        f"{'window s':>9}  failed attempts"
    )
    problems = []
    for phase in phases:
        keys = [w.key for w in phase.writes]
        rows = rows_per_key(database, keys)
        acked = [w for w in phase.writes if w.acknowledged]
        present = sum(1 for w in acked if rows.get(w.key, 0) >= 1)
        duplicates = sum(max(count - 1, 0) for count in rows.values())
        retried = [w for w in phase.writes if len(w.attempts) > 1]
        outcomes = phase.outcomes()
        report.append(
            f"{phase.name:<20}{len(phase.writes):>7}{len(acked):>7}{present:>8}{duplicates:>6}"
            f"{len(retried):>8}{phase.error_window():>9.2f}  {dict(outcomes) or '-'}"
        )
        if len(acked) != len(phase.writes):
            problems.append(f"{phase.name}: {len(phase.writes) - len(acked)} never acknowledged")
        if present != len(acked) or duplicates:
            problems.append(f"{phase.name}: {len(acked) - present} lost, {duplicates} duplicated")
        if any(rows.get(w.key, 0) != 1 for w in retried):
            problems.append(f"{phase.name}: a retried key did not make exactly one row")
        unexpected = {o: n for o, n in outcomes.items() if not o.startswith(RETRYABLE)}
        if unexpected:
            problems.append(f"{phase.name}: answers that do not say 'retry': {unexpected}")
        if not outcomes:
            problems.append(f"{phase.name}: the fault was never felt (the suite tests nothing)")
    report += [f"  {line}" for line in restarts]
    with capsys.disabled():
        print("\n".join(report))
    assert problems == [], "\n".join(problems) + "\n" + api.log_tail()
