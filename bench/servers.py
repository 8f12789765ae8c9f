"""The processes a benchmark talks to: the real Spotter server and the two
floors, each on a free loopback port, logs to files (a full pipe would
stall a server)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-key-0123456789abcdef0123456789abcdef"  # noqa: S105  (bench only)


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_ready(name: str, port: int, path: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}; see its log")
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer on port {port}")


@contextmanager
def _process(
    name: str, argv: list[str], env: dict[str, str], logs: Path, ready_path: str, port: int
) -> Iterator[Server]:
    log = (logs / f"{name}.log").open("wb")
    process = subprocess.Popen(argv, env={**os.environ, **env}, stdout=log, stderr=log, cwd=REPO)
    try:
        _wait_ready(name, port, ready_path, process)
        yield Server(name, port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _uvicorn(factory: str, port: int) -> list[str]:
    # The same server settings `spotter serve` uses: uvloop and httptools
    # when installed, no access log line (Spotter logs its own).
    return [
        str(BIN / "uvicorn"),
        "--factory",
        factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]


# Rate limiting on, with a limit no run reaches: every request is counted
# (through the limiter's leases) and none is refused.
UNREACHED_LIMIT = "100000000/minute"


@contextmanager
def spotter_server(
    database_url: str, logs: Path, rate_limits: str | None = None
) -> Iterator[Server]:
    """`spotter serve`: one worker, production log mode, rate limiting off,
    or on with its counters in `rate_limits` ("postgres" or a Redis URL)."""
    port = free_port()
    env = {
        "DATABASE_URL": database_url,
        "SPOTTER_ENV": "production",
        "SPOTTER_RATE_LIMIT_ENABLED": "false",
        "SPOTTER_SECRET_KEY": SECRET,
        "SPOTTER_DATA_DIR": str(logs / "spotter-data"),
    }
    if rate_limits is not None:
        env["SPOTTER_RATE_LIMIT_ENABLED"] = "true"
        env["SPOTTER_RATE_LIMIT_DEFAULT"] = UNREACHED_LIMIT
        if rate_limits != "postgres":
            env["SPOTTER_REDIS_URL"] = rate_limits
    name = f"spotter-rate-limited-{port}" if rate_limits else "spotter"
    argv = [str(BIN / "spotter"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with _process(name, argv, env, logs, "/healthz", port) as server:
        yield server


@contextmanager
def floors(database_url: str, logs: Path) -> Iterator[tuple[Server, Server]]:
    with ExitStack() as stack:
        framework_port, database_port = free_port(), free_port()
        framework = stack.enter_context(
            _process(
                "framework-floor",
                _uvicorn("bench.floors:framework_app", framework_port),
                {},
                logs,
                "/ready",
                framework_port,
            )
        )
        database = stack.enter_context(
            _process(
                "database-floor",
                _uvicorn("bench.floors:database_app", database_port),
                {"BENCH_DATABASE_URL": database_url},
                logs,
                "/docs-none",
                database_port,
            )
        )
        yield framework, database
