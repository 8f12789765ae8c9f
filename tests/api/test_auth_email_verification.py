"""Verifying an email address with a single-use, expiring link."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.helpers import API, emailed_token, register, verify_email


async def _verify(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(f"{API}/auth/verify-email", json={"token": token})


def _token_field_refused(response: httpx.Response) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["body.token"]


async def test_a_new_account_is_unverified_until_its_link_is_opened(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    me = (await client.get(f"{API}/me", headers=account.headers)).json()
    assert me["emailVerifiedAt"] is None
    requested = await client.post(f"{API}/auth/verify-email/request", headers=account.headers)
    assert requested.status_code == 202
    token = await emailed_token(client, account.email, "verify_email")
    # Anonymous: the link may open on a device that is not signed in.
    verified = await _verify(client, token)
    assert verified.status_code == 200
    assert verified.json()["id"] == str(account.id)
    assert verified.json()["emailVerifiedAt"] is not None
    me = (await client.get(f"{API}/me", headers=account.headers)).json()
    assert me["emailVerifiedAt"] == verified.json()["emailVerifiedAt"]
    with owner_engine.connect() as db:
        events = db.execute(
            text(
                "SELECT new_values FROM audit_logs WHERE action = 'EMAIL_VERIFIED' AND user_id = :u"
            ),
            {"u": account.id},
        ).scalars()
        assert list(events) == [{"method": "email_link"}]


async def test_the_link_points_at_the_verify_page_and_only_its_hash_is_stored(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/verify-email/request", headers=account.headers)
    token = await emailed_token(client, account.email, "verify_email")
    with owner_engine.connect() as db:
        stored = db.execute(
            text(
                "SELECT token_hash, expires_at - created_at AS lifetime FROM account_tokens"
                " WHERE user_id = :u AND purpose = 'verify_email'"
            ),
            {"u": account.id},
        ).one()
        jobs = db.execute(
            text("SELECT args::text FROM procrastinate.procrastinate_jobs WHERE args->>'to' = :e"),
            {"e": account.email},
        ).scalars()
        assert all(token not in args for args in jobs)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.lifetime.total_seconds() == 24 * 3600


async def test_a_link_works_once(client: httpx.AsyncClient) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/verify-email/request", headers=account.headers)
    token = await emailed_token(client, account.email, "verify_email")
    assert (await _verify(client, token)).status_code == 200
    _token_field_refused(await _verify(client, token))


async def test_an_expired_link_is_refused(client: httpx.AsyncClient, owner_engine: Engine) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/verify-email/request", headers=account.headers)
    token = await emailed_token(client, account.email, "verify_email")
    with owner_engine.begin() as db:
        db.execute(
            text(
                "UPDATE account_tokens SET expires_at = now() - interval '1 second'"
                " WHERE user_id = :u"
            ),
            {"u": account.id},
        )
    _token_field_refused(await _verify(client, token))
    me = (await client.get(f"{API}/me", headers=account.headers)).json()
    assert me["emailVerifiedAt"] is None


@pytest.mark.parametrize("token", ["x" * 43, "not a token at all!", "short"])
async def test_a_made_up_token_is_refused_naming_the_field(
    client: httpx.AsyncClient, token: str
) -> None:
    _token_field_refused(await _verify(client, token))


async def test_a_password_reset_link_does_not_verify(client: httpx.AsyncClient) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/password-reset", json={"email": account.email})
    token = await emailed_token(client, account.email, "password_reset")
    _token_field_refused(await _verify(client, token))


async def test_asking_again_once_verified_is_a_conflict(client: httpx.AsyncClient) -> None:
    account = await register(client)
    await verify_email(client, account)
    again = await client.post(f"{API}/auth/verify-email/request", headers=account.headers)
    assert again.status_code == 409


async def test_asking_for_a_link_needs_a_sign_in(client: httpx.AsyncClient) -> None:
    assert (await client.post(f"{API}/auth/verify-email/request")).status_code == 401
