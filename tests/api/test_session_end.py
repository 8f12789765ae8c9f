"""A sign-in ends everywhere at once: open notification streams close
within moments of sign-out, revocation (a password change), deactivation or
the access token's expiry, in whichever API process they are open; and the
role is the account's, never the token's claim."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import jwt
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.app import create_app
from tests.api.helpers import API, Account, register
from tests.conftest import make_settings

# Generous for a shared machine; the stream normally closes in milliseconds.
CLOSES_WITHIN = 5.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@asynccontextmanager
async def served(database_url: URL) -> AsyncIterator[tuple[FastAPI, str]]:
    """The real app behind uvicorn on 127.0.0.1, in this event loop."""
    port = _free_port()
    app = create_app(make_settings(), database_url=database_url)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  (uvicorn exposes a flag, not an event)
        await asyncio.sleep(0.05)
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def stream_closes_after(
    base_url: str, token: str, end_the_session: Callable[[], Awaitable[Any]]
) -> float:
    """Opens a stream, ends the session, and answers how many seconds the
    stream took to close (failing if it stays open)."""
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=30) as listener,
        listener.stream(
            "GET", f"{API}/notifications/stream", params={"accessToken": token}
        ) as stream,
    ):
        assert stream.status_code == 200
        lines = stream.aiter_lines()
        assert await anext(lines) == "retry: 5000"
        await end_the_session()
        started = asyncio.get_running_loop().time()

        async def until_closed() -> None:
            async for _ in lines:
                pass

        await asyncio.wait_for(until_closed(), timeout=CLOSES_WITHIN)
        return asyncio.get_running_loop().time() - started


@pytest.fixture
async def two_processes(database_url: URL) -> AsyncIterator[tuple[str, str]]:
    """Two API processes' worth of apps: the stream in one, the change in the other."""
    async with served(database_url) as (_, first), served(database_url) as (_, second):
        yield first, second


async def _account(base_url: str) -> Account:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as api:
        return await register(api)


async def test_sign_out_in_another_process_closes_the_stream(
    two_processes: tuple[str, str],
) -> None:
    stream_host, api_host = two_processes
    account = await _account(api_host)

    async def sign_out() -> None:
        async with httpx.AsyncClient(base_url=api_host, timeout=30) as api:
            out = await api.post(f"{API}/auth/logout", headers=account.headers)
            assert out.status_code == 204

    assert await stream_closes_after(stream_host, account.access_token, sign_out) < CLOSES_WITHIN


async def test_revoking_the_session_closes_the_stream(
    two_processes: tuple[str, str], owner_engine: Engine
) -> None:
    # What a password change does to the other sign-ins: their refresh
    # families are revoked in the database.
    stream_host, api_host = two_processes
    account = await _account(api_host)

    async def revoke() -> None:
        with owner_engine.begin() as db:
            db.execute(
                text("UPDATE user_sessions SET revoked_at = now() WHERE user_id = :u"),
                {"u": account.id},
            )

    assert await stream_closes_after(stream_host, account.access_token, revoke) < CLOSES_WITHIN


async def test_deactivation_closes_the_stream(
    two_processes: tuple[str, str], owner_engine: Engine
) -> None:
    stream_host, api_host = two_processes
    account = await _account(api_host)

    async def deactivate() -> None:
        with owner_engine.begin() as db:
            db.execute(text("UPDATE users SET is_active = false WHERE id = :u"), {"u": account.id})

    assert await stream_closes_after(stream_host, account.access_token, deactivate) < CLOSES_WITHIN


async def test_a_stream_closes_when_its_access_token_expires(database_url: URL) -> None:
    async with served(database_url) as (app, host):
        account = await _account(host)
        claims = jwt.decode(account.access_token, options={"verify_signature": False})
        tokens = app.state.tokens
        # Issued long enough ago that it expires two seconds from now.
        issued = dt.datetime.now(dt.UTC) - tokens.access_ttl + dt.timedelta(seconds=2)
        short_lived = tokens.issue_access(account.id, "trainee", uuid.UUID(claims["sid"]), issued)

        async def nothing() -> None:
            return None

        took = await stream_closes_after(host, short_lived, nothing)
    assert took < CLOSES_WITHIN


async def test_a_revoked_token_cannot_open_a_stream(client: httpx.AsyncClient) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/logout", headers=account.headers)
    response = await client.get(
        f"{API}/notifications/stream", params={"accessToken": account.access_token}
    )
    assert response.status_code == 401


async def test_the_role_is_the_accounts_not_the_tokens(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainer = await register(client, "trainer")
    exercise = {
        "name": f"Demoted Press {uuid.uuid4().hex[:6]}",
        "type": "weight_training",
        "category": "chest",
    }
    with owner_engine.begin() as db:
        db.execute(text("UPDATE users SET role = 'trainee' WHERE id = :u"), {"u": trainer.id})
    # The token still says "trainer"; the account does not.
    refused = await client.post(f"{API}/exercises", json=exercise, headers=trainer.headers)
    assert refused.status_code == 403
    keyed = await client.post(
        f"{API}/exercises",
        json=exercise,
        headers={**trainer.headers, "Idempotency-Key": f"demoted-{uuid.uuid4()}"},
    )
    assert keyed.status_code == 403
    me = await client.get(f"{API}/me", headers=trainer.headers)
    assert me.status_code == 200
    assert me.json()["role"] == "trainee"


async def test_a_live_stream_survives_its_rechecks_and_keeps_delivering(
    database_url: URL, owner_engine: Engine
) -> None:
    # A change that does not end the sign-in (here: the account's role) makes
    # the stream re-check, and it stays open with the account's new role.
    async with served(database_url) as (_, host):
        account = await _account(host)

        def notify(title: str) -> None:
            with owner_engine.begin() as db:
                db.execute(
                    text(
                        "INSERT INTO notifications (user_id, type, title, message)"
                        " VALUES (:u, 'security_alert', :t, 'm')"
                    ),
                    {"u": account.id, "t": title},
                )

        async with (
            httpx.AsyncClient(base_url=host, timeout=30) as listener,
            listener.stream(
                "GET", f"{API}/notifications/stream", params={"accessToken": account.access_token}
            ) as stream,
        ):
            lines = stream.aiter_lines()
            assert await anext(lines) == "retry: 5000"

            async def next_title() -> str:
                async for line in lines:
                    if line.startswith("data: "):
                        return str(json.loads(line[6:])["title"])
                raise AssertionError("the stream ended")

            notify("before")
            assert await asyncio.wait_for(next_title(), CLOSES_WITHIN) == "before"
            with owner_engine.begin() as db:
                db.execute(
                    text("UPDATE users SET role = 'trainer' WHERE id = :u"), {"u": account.id}
                )
            notify("after")
            assert await asyncio.wait_for(next_title(), CLOSES_WITHIN) == "after"
