"""With the database unreachable, the API answers 503 with Retry-After,
never a 500: the client should retry, nothing it sent was wrong."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.app import create_app
from tests.api.helpers import API, register
from tests.api.test_idempotency import user_row_locked, waiting_backend
from tests.conftest import make_settings


def closed_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest_asyncio.fixture
async def unreachable(database_url: URL) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    url = database_url.set(host="127.0.0.1", port=closed_loopback_port())
    app = create_app(make_settings(), database_url=url)
    token = app.state.tokens.issue_access(uuid.uuid4(), "trainee", uuid.uuid4())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://spotter.test") as c:
            yield c, token


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/auth/login", {"email": "a@example.com", "password": "x" * 10}),
        ("GET", "/api/v1/me", None),
        ("GET", "/api/v1/workouts", None),
    ],
)
async def test_an_unreachable_database_answers_503_with_retry_after(
    unreachable: tuple[httpx.AsyncClient, str],
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    client, token = unreachable
    response = await client.request(
        method, path, json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["status"] == 503


async def test_a_request_whose_connection_is_killed_mid_way_answers_503(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    # The statement fails, and so does the rollback on the dead connection:
    # the answer is still "retry later", never a 500 or a dropped connection.
    trainee = await register(client)
    with user_row_locked(owner_engine, trainee) as db:
        pending = asyncio.create_task(
            client.patch(f"{API}/me", json={"name": "Renamed"}, headers=trainee.headers)
        )
        pid = await waiting_backend(owner_engine)
        db.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        response = await pending
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    # The pool replaces the dead connection: the next request just works.
    assert (await client.get(f"{API}/me", headers=trainee.headers)).status_code == 200


async def test_an_idempotent_post_answers_503_too(
    unreachable: tuple[httpx.AsyncClient, str],
) -> None:
    # The idempotency middleware's own transaction fails first here.
    client, token = unreachable
    response = await client.post(
        "/api/v1/body-weight",
        json={"date": "2026-01-01", "weight": 70},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "offline-1"},
    )
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) > 0
