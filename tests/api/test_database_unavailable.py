"""With the database unreachable, the API answers 503 with Retry-After,
never a 500: the client should retry, nothing it sent was wrong."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from sqlalchemy.engine import URL

from spotter.app import create_app
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
