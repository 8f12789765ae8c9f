"""`spotter serve` and `spotter worker` as real processes, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy.engine import URL


def _env(database_url: URL, **settings: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=database_url.render_as_string(hide_password=False))
    env.update({f"SPOTTER_{key.upper()}": value for key, value in settings.items()})
    return env


@contextmanager
def spotter_process(
    args: list[str], database_url: URL, log: Path, **settings: str
) -> Iterator[subprocess.Popen[str]]:
    # Output goes to a file: an unread pipe would block the process.
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "spotter.cli", *args],
            env=_env(database_url, **settings),
            stdout=handle,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def api_process(database_url: URL, log: Path, **settings: str) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with spotter_process(["serve", "--port", str(port)], database_url, log, **settings) as proc:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield base
