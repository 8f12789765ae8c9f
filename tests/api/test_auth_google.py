"""Google sign-in, verified against a JWKS served by a local HTTP server."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import jwt
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from tests.api.helpers import API, PASSWORD, register, running_app, unique_email, verify_email
from tests.api.jwks_server import Jwks, SigningKey, jwks_server

CLIENT_ID = "spotter-web-client"


@pytest.fixture(scope="module")
def jwks() -> Iterator[Jwks]:
    with jwks_server() as server:
        yield server


@pytest_asyncio.fixture(scope="module")
async def google_client(database_url: URL, jwks: Jwks) -> AsyncIterator[httpx.AsyncClient]:
    async with running_app(
        database_url,
        google_client_ids=f"other-client, {CLIENT_ID}",
        google_jwks_url=jwks.url,
        google_jwks_cooldown_seconds=0,
    ) as (_, client):
        yield client


async def _sign_in(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(f"{API}/auth/google", json={"idToken": token})


async def test_first_sign_in_creates_the_user_with_google_id(
    google_client: httpx.AsyncClient, jwks: Jwks, owner_engine: Engine
) -> None:
    email = unique_email("google")
    response = await _sign_in(google_client, jwks.mint(sub="sub-new", email=email))
    assert response.status_code == 200, response.text
    assert response.json()["user"]["email"] == email
    # Google said the address is theirs.
    assert response.json()["user"]["emailVerifiedAt"] is not None
    with owner_engine.connect() as db:
        google_id = db.execute(
            text("SELECT google_id FROM users WHERE email = :e"), {"e": email}
        ).scalar_one()
    assert google_id == "sub-new"
    again = await _sign_in(google_client, jwks.mint(sub="sub-new", email=email))
    assert again.json()["user"]["id"] == response.json()["user"]["id"]


async def test_an_existing_account_with_that_verified_email_gets_linked(
    google_client: httpx.AsyncClient, jwks: Jwks, owner_engine: Engine
) -> None:
    account = await register(google_client, "trainer")
    await verify_email(google_client, account)
    response = await _sign_in(google_client, jwks.mint(sub="sub-link", email=account.email))
    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(account.id)
    assert response.json()["user"]["role"] == "trainer"
    with owner_engine.connect() as db:
        row = db.execute(
            text("SELECT google_id, password_hash FROM users WHERE id = :u"), {"u": account.id}
        ).one()
    assert row.google_id == "sub-link"
    # Linked as it was: the owner's password and other sign-ins stay.
    assert row.password_hash is not None
    assert (await google_client.get(f"{API}/me", headers=account.headers)).status_code == 200


async def test_an_unverified_account_with_that_email_is_taken_over(
    google_client: httpx.AsyncClient, jwks: Jwks, owner_engine: Engine
) -> None:
    # Someone registered the address before its owner (account pre-hijacking),
    # and set up a webhook and a calendar feed to keep reading its data.
    squatter = await register(google_client)
    feed = await google_client.post(f"{API}/schedules/calendar-token", headers=squatter.headers)
    assert feed.status_code in (200, 201), feed.text
    with owner_engine.begin() as db:
        assert db.execute(
            text("SELECT ical_token_hash IS NOT NULL FROM users WHERE id = :u"), {"u": squatter.id}
        ).scalar_one()
        db.execute(
            text(
                "INSERT INTO webhooks (user_id, url, events, secret)"
                " VALUES (:u, 'https://attacker.example/hook', '{schedule.created}', 's')"
            ),
            {"u": squatter.id},
        )
    owner = await _sign_in(google_client, jwks.mint(sub="sub-owner", email=squatter.email))
    assert owner.status_code == 200, owner.text
    assert owner.json()["user"]["id"] == str(squatter.id)
    assert owner.json()["user"]["emailVerifiedAt"] is not None
    # The squatter's password, sessions, webhook and feed are gone.
    password = await google_client.post(
        f"{API}/auth/login", json={"email": squatter.email, "password": PASSWORD}
    )
    assert password.status_code == 401
    assert (await google_client.get(f"{API}/me", headers=squatter.headers)).status_code == 401
    refresh = await google_client.post(
        f"{API}/auth/refresh", json={"refreshToken": squatter.refresh_token}
    )
    assert refresh.status_code == 401
    with owner_engine.connect() as db:
        row = db.execute(
            text(
                "SELECT password_hash, ical_token_hash,"
                " (SELECT count(*) FROM webhooks WHERE user_id = u.id) AS hooks,"
                " (SELECT count(*) FROM audit_logs a WHERE a.user_id = u.id"
                "   AND a.action = 'GOOGLE_TAKEOVER') AS takeovers"
                " FROM users u WHERE u.id = :u"
            ),
            {"u": squatter.id},
        ).one()
    assert (row.password_hash, row.ical_token_hash, row.hooks, row.takeovers) == (None, None, 0, 1)
    # The owner's own Google sign-in works.
    me = await google_client.get(
        f"{API}/me", headers={"Authorization": f"Bearer {owner.json()['accessToken']}"}
    )
    assert me.status_code == 200


async def test_a_rotated_google_key_is_fetched_on_its_unknown_kid(
    google_client: httpx.AsyncClient, jwks: Jwks
) -> None:
    await _sign_in(google_client, jwks.mint(sub="warm-cache", email=unique_email()))
    fetched = len(jwks.requests)
    new_key = SigningKey("key-2")
    jwks.keys.append(new_key)
    response = await _sign_in(google_client, jwks.mint(new_key, sub="s2", email=unique_email()))
    assert response.status_code == 200
    assert len(jwks.requests) == fetched + 1


def _hs256(jwks: Jwks) -> str:
    claims = jwt.decode(jwks.mint(), options={"verify_signature": False})
    return jwt.encode(
        claims, "shared-secret-of-at-least-32-bytes!!", algorithm="HS256", headers={"kid": "key-1"}
    )


def _alg_none(jwks: Jwks) -> str:
    claims = jwt.decode(jwks.mint(), options={"verify_signature": False})
    return jwt.encode(claims, None, algorithm="none", headers={"kid": "key-1"})  # type: ignore[arg-type]


BAD_TOKENS: dict[str, Any] = {
    "wrong audience": lambda j: j.mint(aud="someone-else"),
    "wrong issuer": lambda j: j.mint(iss="https://evil.example"),
    "expired": lambda j: j.mint(exp=int(time.time()) - 60, iat=int(time.time()) - 700),
    "unknown kid": lambda j: j.mint(SigningKey("never-published")),
    "alg none": _alg_none,
    "HS256": _hs256,
    "unverified email": lambda j: j.mint(email_verified=False),
    "garbage": lambda j: "not.a.token",
}


@pytest.mark.parametrize("case", sorted(BAD_TOKENS))
async def test_bad_google_tokens_are_401(
    google_client: httpx.AsyncClient, jwks: Jwks, case: str
) -> None:
    response = await _sign_in(google_client, BAD_TOKENS[case](jwks))
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def test_without_client_ids_google_sign_in_is_not_enabled(
    client: httpx.AsyncClient, jwks: Jwks
) -> None:
    response = await _sign_in(client, jwks.mint())
    assert response.status_code == 404
