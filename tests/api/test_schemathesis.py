"""Property-based testing of the whole OpenAPI document with schemathesis:
no 5xx, and every response matches what the document declares.

The app runs behind a real uvicorn server on 127.0.0.1, signed in as a
trainer with a linked trainee, so most operations reach their real logic.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy.engine import URL

from spotter import schema
from spotter.app import create_app
from tests.api.domain import linked_pair
from tests.conftest import create_database, drop_database, make_settings

# Operations that end the caller's own session or hold a stream open.
EXCLUDED = {
    ("POST", "/api/v1/auth/logout"),
    ("DELETE", "/api/v1/me"),
    ("GET", "/api/v1/notifications/stream"),
}
EXAMPLES = int(os.environ.get("SPOTTER_FUZZ_EXAMPLES", "12"))
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def fuzz_database(server_url: URL) -> Iterator[URL]:
    """A database of its own: the webhooks and jobs the fuzzer creates never
    meet a worker of another test."""
    url = create_database(server_url, prefix="spotter_fuzz")
    schema.upgrade(url)
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def live_server(fuzz_database: URL) -> Iterator[str]:
    port = _free_port()
    app = create_app(make_settings(), database_url=fuzz_database)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def auth_headers(live_server: str) -> dict[str, str]:
    async def sign_up() -> str:
        async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
            pair = await linked_pair(client)
            return pair.trainer.access_token

    return {"Authorization": f"Bearer {asyncio.run(sign_up())}"}


def test_the_api_honours_its_openapi_document(
    live_server: str, auth_headers: dict[str, str], tmp_path: Path
) -> None:
    """schemathesis' own runner: positive and negative examples for every
    operation; checks for server errors and schema conformance."""
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{live_server}/openapi.json",
        "--header",
        f"Authorization:{auth_headers['Authorization']}",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        "2026",
        "--phases",
        "examples,coverage,fuzzing",
        "--checks",
        CHECKS,
        "--request-timeout",
        "20",
        # One worker: with two threads, Hypothesis parsing lambda sources at
        # the same time trips CPython 3.11's "AST constructor recursion depth
        # mismatch" SystemError, a crash of the fuzzer, not of the API.
        "--workers",
        "1",
        "--no-color",
        "--report-dir",
        str(tmp_path),
    ]
    for method, path in sorted(EXCLUDED):
        command += ["--exclude-by", f'method == "{method}" and path == "{path}"']
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200, check=False)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
