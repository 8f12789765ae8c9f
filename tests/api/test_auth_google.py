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

from tests.api.helpers import API, register, running_app, unique_email
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
    response = await _sign_in(google_client, jwks.mint(sub="sub-link", email=account.email))
    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(account.id)
    assert response.json()["user"]["role"] == "trainer"
    with owner_engine.connect() as db:
        google_id = db.execute(
            text("SELECT google_id FROM users WHERE id = :u"), {"u": account.id}
        ).scalar_one()
    assert google_id == "sub-link"


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
