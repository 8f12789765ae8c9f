"""Rate limits: counted atomically, per user or IP and per group, in
PostgreSQL's api_rate_limits table or in Redis.

Counting tests use hour-long windows so that a run never straddles a window
boundary (a fixed window resets at each boundary)."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any, cast

import httpx
import pytest
import redis
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.rate_limits.limiter import MAX_BATCH
from tests.api.helpers import API, PASSWORD, register, running_app, unique_email

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


BACKENDS = [
    pytest.param({}, id="postgres"),
    pytest.param(
        {"redis_url": REDIS_URL},
        id="redis",
        marks=pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379"),
    ),
]


@pytest.fixture(autouse=True)
def _fresh_redis() -> None:
    if _redis_available():
        redis.Redis.from_url(REDIS_URL).flushdb()


def _ip() -> str:
    """A distinct client address per test, so windows never collide."""
    raw = uuid.uuid4().int
    return f"10.{raw % 250}.{(raw >> 8) % 250}.{(raw >> 16) % 250 + 1}"


async def _login(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post(f"{API}/auth/login", json={"email": email, "password": "wrong pw"})


@pytest.mark.parametrize("backend", BACKENDS)
async def test_login_over_the_limit_is_429_with_headers(
    database_url: URL, backend: dict[str, Any]
) -> None:
    async with running_app(database_url, client_ip=_ip(), rate_limit_login="3/hour", **backend) as (
        _,
        client,
    ):
        codes = [(await _login(client, unique_email())).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        limited = await _login(client, unique_email())
    assert limited.headers["content-type"] == "application/problem+json"
    retry_after = int(limited.headers["retry-after"])
    assert 1 <= retry_after <= 3600
    assert limited.headers["ratelimit-policy"] == '"login";q=3;w=3600'
    assert re.fullmatch(r'"login";r=0;t=\d+', limited.headers["ratelimit"])


async def test_login_is_limited_per_email_across_addresses(database_url: URL) -> None:
    email = unique_email()
    codes = []
    for _ in range(4):
        async with running_app(database_url, client_ip=_ip(), rate_limit_login="3/hour") as (
            _,
            client,
        ):
            codes.append((await _login(client, email)).status_code)
    assert codes == [401, 401, 401, 429]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_register_and_refresh_have_their_own_limits(
    database_url: URL, backend: dict[str, Any]
) -> None:
    async with running_app(
        database_url,
        client_ip=_ip(),
        rate_limit_register="2/hour",
        rate_limit_refresh="2/hour",
        **backend,
    ) as (_, client):
        made = [
            await client.post(
                f"{API}/auth/register",
                json={"email": unique_email(), "password": PASSWORD, "name": "R"},
            )
            for _ in range(3)
        ]
        assert [r.status_code for r in made] == [201, 201, 429]
        assert made[2].headers["ratelimit-policy"] == '"register";q=2;w=3600'
        token = made[0].json()["refreshToken"]
        first = await client.post(f"{API}/auth/refresh", json={"refreshToken": token})
        second = await client.post(
            f"{API}/auth/refresh", json={"refreshToken": first.json()["refreshToken"]}
        )
        third = await client.post(
            f"{API}/auth/refresh", json={"refreshToken": second.json()["refreshToken"]}
        )
    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 429]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_concurrent_requests_never_exceed_the_limit(
    database_url: URL, backend: dict[str, Any]
) -> None:
    async with running_app(database_url, client_ip=_ip(), **backend) as (_, client):
        account = await register(client)
    async with running_app(
        database_url, client_ip=_ip(), rate_limit_default="10/hour", **backend
    ) as (_, client):
        responses = await asyncio.gather(
            *(client.get(f"{API}/me", headers=account.headers) for _ in range(25))
        )
    codes = [r.status_code for r in responses]
    assert codes.count(200) == 10
    assert codes.count(429) == 15


async def test_signed_in_callers_are_counted_per_user_not_per_address(
    database_url: URL, owner_engine: Engine
) -> None:
    async with running_app(database_url, client_ip=_ip()) as (_, client):
        account = await register(client)
    for _ in range(2):
        async with running_app(database_url, client_ip=_ip()) as (_, client):
            assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 200
    with owner_engine.connect() as db:
        rows = db.execute(
            text(
                "SELECT ip_address, requests_count FROM api_rate_limits"
                " WHERE user_id = :u AND endpoint = 'default'"
            ),
            {"u": account.id},
        ).all()
    assert len(rows) == 1
    assert rows[0].ip_address is None
    assert rows[0].requests_count == 2


async def test_successful_responses_carry_ratelimit_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/roster/invitations")
    assert response.status_code == 401
    account = await register(client)
    ok = await client.get(f"{API}/me", headers=account.headers)
    assert ok.headers["ratelimit-policy"].startswith('"default";q=100000;w=60')
    assert ok.headers["ratelimit"].startswith('"default";r=')


async def test_limits_can_be_switched_off(database_url: URL) -> None:
    async with running_app(
        database_url, client_ip=_ip(), rate_limit_enabled=False, rate_limit_login="1/minute"
    ) as (_, client):
        codes = [(await _login(client, unique_email())).status_code for _ in range(3)]
    assert codes == [401, 401, 401]


def _stored_count(backend: dict[str, Any], owner_engine: Engine, user_id: uuid.UUID) -> int:
    """The shared counter of the user's default group in the current window."""
    if backend:
        store = redis.Redis.from_url(REDIS_URL)
        names = cast(list[bytes], store.keys(f"spotter:rate:default:{user_id}:*"))
        return sum(int(cast(bytes, store.get(name))) for name in names)
    with owner_engine.connect() as db:
        return int(
            db.execute(
                text(
                    "SELECT COALESCE(sum(requests_count), 0) FROM api_rate_limits"
                    " WHERE user_id = :u AND endpoint = 'default'"
                ),
                {"u": user_id},
            ).scalar_one()
        )


@pytest.mark.parametrize("backend", BACKENDS)
async def test_limits_hold_across_two_app_instances_sharing_the_store(
    database_url: URL, backend: dict[str, Any]
) -> None:
    async with running_app(database_url, client_ip=_ip(), **backend) as (_, client):
        account = await register(client)
    limits = {"rate_limit_default": "30/hour", **backend}
    async with (
        running_app(database_url, client_ip=_ip(), **limits) as (_, first),
        running_app(database_url, client_ip=_ip(), **limits) as (_, second),
    ):
        codes = []
        for _ in range(25):
            for client in (first, second):
                codes.append((await client.get(f"{API}/me", headers=account.headers)).status_code)
        together = await asyncio.gather(
            *(c.get(f"{API}/me", headers=account.headers) for c in (first, second) * 5)
        )
    assert codes.count(200) == 30
    assert codes.count(429) == 20
    assert {r.status_code for r in together} == {429}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_store_is_claimed_in_batches_and_unused_slots_given_back(
    database_url: URL, owner_engine: Engine, backend: dict[str, Any]
) -> None:
    """Twenty requests under a generous limit cost one claim on the shared
    store, not twenty hits; at shutdown the unused slots go back."""
    async with running_app(database_url, client_ip=_ip(), **backend) as (_, client):
        account = await register(client)
    async with running_app(database_url, client_ip=_ip(), **backend) as (_, client):
        for _ in range(20):
            assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 200
        assert _stored_count(backend, owner_engine, account.id) == MAX_BATCH  # one claim
    assert _stored_count(backend, owner_engine, account.id) == 20
