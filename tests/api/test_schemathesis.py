"""Property-based testing of the whole OpenAPI document with schemathesis:
no 5xx, and every response matches what the document declares.

The app runs behind a real uvicorn server on 127.0.0.1, signed in as a
trainer with a linked trainee, so most operations reach their real logic.
Beyond the document, `schemathesis_hooks` bends generated cases the ways that
once gave 500s: NUL bytes in strings and keys, years 0001 and 9999, zoned and
numeric times, booleans for integers and the reverse.
"""

from __future__ import annotations

import asyncio
import copy
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy.engine import URL

from spotter import schema
from spotter.app import create_app
from tests.api import schemathesis_hooks
from tests.api.helpers import link, register
from tests.conftest import REPO, create_database, drop_database, make_settings

# Operations that end the caller's own session or hold a stream open.
EXCLUDED = {
    ("POST", "/api/v1/auth/logout"),
    ("DELETE", "/api/v1/auth/sessions/{session_id}"),  # the id is in GET /auth/sessions
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
def auth_headers(live_server: str, fuzz_database: URL) -> dict[str, str]:
    async def sign_up() -> str:
        async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
            trainer = await register(client, "trainer", name="Coach Fuzz")
            trainee = await register(client, name="Trainee Fuzz")
            # The verification email is read from this database: the server is not in-process.
            await link(client, trainer, trainee, database_url=fuzz_database)
            return trainer.access_token

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
    # By operation id: --exclude-by takes one JSON pointer comparison, so the
    # "method and path" expression this used matched nothing, and the fuzzer
    # signed itself out early on.
    document = httpx.get(f"{live_server}/openapi.json", timeout=30).json()
    for method, path in sorted(EXCLUDED):
        command += [
            "--exclude-operation-id",
            document["paths"][path][method.lower()]["operationId"],
        ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": schemathesis_hooks.__name__,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=1200, check=False, cwd=REPO, env=env
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
    # Signed in to the end: otherwise most operations only ever answered 401.
    me = httpx.get(f"{live_server}/api/v1/me", headers=auth_headers, timeout=30)
    assert me.status_code == 200, me.text


class _Case:
    """The parts of a schemathesis case the hooks bend."""

    def __init__(self, **containers: Any) -> None:
        self.body = containers.get("body")
        self.query = containers.get("query", {})
        self.path_parameters = containers.get("path_parameters", {})


@pytest.mark.parametrize(
    ("kind", "given", "bent"),
    [
        ("nul in a string", {"body": {"notes": "ab"}}, {"notes": "a\x00b"}),
        ("nul in a key", {"body": {"notes": "ab"}}, {"no\x00tes": "ab"}),
        ("extreme date", {"body": {"date": "2026-11-30"}}, {"date": "0001-01-01"}),
        ("zoned or numeric time", {"body": {"startTime": "09:00"}}, {"startTime": "10:00+07:00"}),
        ("boolean for an integer", {"body": {"sets": [{"reps": 5}]}}, {"sets": [{"reps": True}]}),
        ("integer for a boolean", {"body": {"isPublic": True}}, {"isPublic": 1}),
    ],
)
def test_the_fuzzer_bends_cases_the_ways_that_once_gave_500s(
    kind: str, given: dict[str, Any], bent: dict[str, Any]
) -> None:
    case = _Case(**given)
    original = copy.deepcopy(case.body)
    assert schemathesis_hooks.bend(case, kind, 0).body == bent
    assert given["body"] == original  # bent on a copy: the next draw starts afresh


def test_the_fuzzer_bends_query_and_path_parameters_too() -> None:
    case = _Case(query={"from": "2026-01-01"}, path_parameters={"day": "2026-01-02"})
    bent = [schemathesis_hooks.bend(_Case(**vars(case)), "extreme date", n) for n in (0, 1)]
    assert bent[0].query == {"from": "0001-01-01"}
    assert bent[1].path_parameters == {"day": "9999-12-31"}
