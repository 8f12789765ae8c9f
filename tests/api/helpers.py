"""Accounts and personas made through the API itself."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.engine import URL

API = "/api/v1"
PASSWORD = "a-long-enough passphrase 42"


@dataclass
class Account:
    id: uuid.UUID
    email: str
    role: str
    access_token: str
    refresh_token: str
    name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    verified: bool = False

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def unique_email(label: str = "user") -> str:
    return f"{label}.{uuid.uuid4().hex[:10]}@example.test"


async def register(
    client: httpx.AsyncClient,
    role: str = "trainee",
    *,
    email: str | None = None,
    name: str | None = None,
    password: str = PASSWORD,
) -> Account:
    email = email or unique_email(role)
    name = name or f"Test {role.title()}"
    response = await client.post(
        f"{API}/auth/register",
        json={"email": email, "password": password, "name": name, "role": role},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Account(
        id=uuid.UUID(body["user"]["id"]),
        email=body["user"]["email"],
        role=role,
        access_token=body["accessToken"],
        refresh_token=body["refreshToken"],
        name=name,
    )


def _database_of(client: httpx.AsyncClient) -> URL:
    """The database of the app behind an in-process client (the owner's URL:
    the app's connections log in with it, then drop to spotter_app)."""
    app = getattr(client._transport, "app", None)
    assert app is not None, "a client of a real server: pass database_url"
    url: URL = app.state.database.engine.url
    return url


async def emailed_token(
    client: httpx.AsyncClient, to: str, kind: str, database_url: URL | None = None
) -> str:
    """The token in the link of the newest `kind` email queued for `to`, as
    its reader would find it: the worker's own code (jobs.emails.compose)
    renders the queued job and mints the token, only no SMTP server is
    involved. Each call mints a new token, as each sending does."""
    from spotter.db.urls import libpq_dsn
    from spotter.jobs.emails import compose

    url = database_url or _database_of(client)
    async with await psycopg.AsyncConnection.connect(libpq_dsn(url)) as conn:
        cursor = await conn.execute(
            "SELECT args FROM procrastinate.procrastinate_jobs WHERE task_name = 'emails.send'"
            " AND args->>'to' = %s AND args->>'kind' = %s ORDER BY id DESC LIMIT 1",
            (to, kind),
        )
        row = await cursor.fetchone()
        assert row is not None, f"no {kind} email was queued for {to}"
        email = await compose(conn, "http://spotter.test", row[0])
    found = re.search(r"\?token=([A-Za-z0-9_-]+)", email.text)
    assert found is not None, email.text
    return found.group(1)


async def verify_email(
    client: httpx.AsyncClient, account: Account, database_url: URL | None = None
) -> None:
    """Verify the account's address as its owner does: ask for the email,
    open its link, post its token."""
    requested = await client.post(f"{API}/auth/verify-email/request", headers=account.headers)
    assert requested.status_code == 202, requested.text
    token = await emailed_token(client, account.email, "verify_email", database_url)
    verified = await client.post(f"{API}/auth/verify-email", json={"token": token})
    assert verified.status_code == 200, verified.text
    account.verified = True


async def link(
    client: httpx.AsyncClient,
    trainer: Account,
    trainee: Account,
    database_url: URL | None = None,
) -> str:
    """Invite and accept; accepting needs a verified address, so the trainee
    verifies theirs first (once)."""
    if not trainee.verified:
        await verify_email(client, trainee, database_url)
    invited = await client.post(
        f"{API}/roster/invitations", json={"email": trainee.email}, headers=trainer.headers
    )
    assert invited.status_code == 201, invited.text
    invitation_id: str = invited.json()["id"]
    accepted = await client.post(
        f"{API}/roster/invitations/{invitation_id}/accept", headers=trainee.headers
    )
    assert accepted.status_code == 200, accepted.text
    return invitation_id


@dataclass
class ApiPersonas:
    trainer_a: Account
    trainer_b: Account
    trainee_a1: Account
    trainee_a2: Account
    trainee_b1: Account
    outsider: Account

    def all(self) -> dict[str, Account]:
        return {
            "trainer_a": self.trainer_a,
            "trainer_b": self.trainer_b,
            "trainee_a1": self.trainee_a1,
            "trainee_a2": self.trainee_a2,
            "trainee_b1": self.trainee_b1,
            "outsider": self.outsider,
        }


async def create_api_personas(client: httpx.AsyncClient) -> ApiPersonas:
    personas = ApiPersonas(
        trainer_a=await register(client, "trainer", name="Trainer A"),
        trainer_b=await register(client, "trainer", name="Trainer B"),
        trainee_a1=await register(client, name="Trainee A1"),
        trainee_a2=await register(client, name="Trainee A2"),
        trainee_b1=await register(client, name="Trainee B1"),
        outsider=await register(client, name="Outsider"),
    )
    await link(client, personas.trainer_a, personas.trainee_a1)
    await link(client, personas.trainer_a, personas.trainee_a2)
    await link(client, personas.trainer_b, personas.trainee_b1)
    return personas


@asynccontextmanager
async def running_app(
    database_url: URL, client_ip: str = "127.0.0.1", **overrides: Any
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """A separate app with its own settings (tight limits, other keys...)."""
    from spotter.app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings(**overrides), database_url=database_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(client_ip, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://spotter.test") as c:
            yield app, c


# The rate limiter claims a new lease of counts when a minute's window turns,
# on the app's engine but in a transaction of its own: not the request's work.
_LEASE_CLAIMS = ("claim_rate_limit(", "release_rate_limit(")


@contextmanager
def sql_statements(app_or_client: FastAPI | httpx.AsyncClient) -> Iterator[list[str]]:
    """The SQL the app sends for requests while the block runs (the rate
    limiter's lease claims left out, which come when a minute turns)."""
    app: Any = app_or_client
    if isinstance(app_or_client, httpx.AsyncClient):
        app = app_or_client._transport.app  # type: ignore[attr-defined]
    engine = app.state.database.engine.sync_engine
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not any(claim in statement for claim in _LEASE_CLAIMS):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
