"""Changing a password, and resetting a forgotten one by email."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from tests.api.helpers import (
    API,
    PASSWORD,
    Account,
    emailed_token,
    register,
    running_app,
    unique_email,
)

NEW_PASSWORD = "an entirely new passphrase 7"


async def _login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(f"{API}/auth/login", json={"email": email, "password": password})


def _bearer(tokens: httpx.Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.json()['accessToken']}"}


def _audited(engine: Engine, user_id: object, action: str) -> int:
    with engine.connect() as db:
        count: int = db.execute(
            text("SELECT count(*) FROM audit_logs WHERE subject_user_id = :u AND action = :a"),
            {"u": user_id, "a": action},
        ).scalar_one()
        return count


def _emails(engine: Engine, to: str, kind: str) -> int:
    with engine.connect() as db:
        count: int = db.execute(
            text(
                "SELECT count(*) FROM procrastinate.procrastinate_jobs"
                " WHERE task_name = 'emails.send' AND args->>'to' = :to AND args->>'kind' = :k"
            ),
            {"to": to, "k": kind},
        ).scalar_one()
        return count


def _fields(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"] == "application/problem+json"
    return [e["field"] for e in response.json()["errors"]]


async def _change(
    client: httpx.AsyncClient, account: Account, current: str, new: str
) -> httpx.Response:
    return await client.post(
        f"{API}/auth/password",
        json={"currentPassword": current, "newPassword": new},
        headers=account.headers,
    )


# -- change -------------------------------------------------------------------


async def test_changing_the_password_ends_every_other_sign_in(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    phone = await _login(client, account.email, PASSWORD)
    changed = await _change(client, account, PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 204, changed.text
    # The phone is signed out at once, refresh token included...
    assert (await client.get(f"{API}/me", headers=_bearer(phone))).status_code == 401
    refresh = await client.post(
        f"{API}/auth/refresh", json={"refreshToken": phone.json()["refreshToken"]}
    )
    assert refresh.status_code == 401
    # ...this sign-in goes on, and keeps refreshing.
    assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 200
    refresh = await client.post(f"{API}/auth/refresh", json={"refreshToken": account.refresh_token})
    assert refresh.status_code == 200
    assert (await _login(client, account.email, PASSWORD)).status_code == 401
    assert (await _login(client, account.email, NEW_PASSWORD)).status_code == 200
    assert _audited(owner_engine, account.id, "PASSWORD_CHANGED") == 1
    assert _emails(owner_engine, account.email, "password_changed") == 1


async def test_a_wrong_current_password_is_refused_and_audited(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    wrong = await _change(client, account, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 422
    assert _fields(wrong) == ["body.currentPassword"]
    assert _audited(owner_engine, account.id, "PASSWORD_CHANGE_FAILED") == 1
    assert (await _login(client, account.email, PASSWORD)).status_code == 200


async def test_a_weak_new_password_is_refused_naming_the_field(client: httpx.AsyncClient) -> None:
    account = await register(client)
    for weak in ("password123", "short"):
        response = await _change(client, account, PASSWORD, weak)
        assert response.status_code == 422
        assert _fields(response) == ["body.newPassword"]
    assert (await _login(client, account.email, PASSWORD)).status_code == 200


async def test_changing_the_password_needs_a_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"{API}/auth/password", json={"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
    )
    assert response.status_code == 401


# -- reset ----------------------------------------------------------------------


async def test_reset_answers_the_same_for_known_and_unknown_addresses(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    nobody = unique_email("nobody")
    known = await client.post(f"{API}/auth/password-reset", json={"email": account.email})
    unknown = await client.post(f"{API}/auth/password-reset", json={"email": nobody})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert _emails(owner_engine, account.email, "password_reset") == 1
    assert _emails(owner_engine, nobody, "password_reset") == 0


async def test_a_reset_link_sets_a_new_password_once_and_ends_every_sign_in(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/password-reset", json={"email": account.email})
    token = await emailed_token(client, account.email, "password_reset")
    with owner_engine.connect() as db:
        stored = db.execute(
            text(
                "SELECT token_hash, expires_at - created_at AS lifetime FROM account_tokens"
                " WHERE user_id = :u AND purpose = 'password_reset'"
            ),
            {"u": account.id},
        ).one()
    # Hashed at rest, good for one hour.
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.lifetime.total_seconds() == 3600
    confirm = {"token": token, "newPassword": NEW_PASSWORD}
    done = await client.post(f"{API}/auth/password-reset/confirm", json=confirm)
    assert done.status_code == 204, done.text
    assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 401
    assert (await _login(client, account.email, PASSWORD)).status_code == 401
    assert (await _login(client, account.email, NEW_PASSWORD)).status_code == 200
    again = await client.post(
        f"{API}/auth/password-reset/confirm", json={**confirm, "newPassword": "yet another one 99"}
    )
    assert again.status_code == 422
    assert _fields(again) == ["body.token"]
    assert _audited(owner_engine, account.id, "PASSWORD_RESET") == 1
    assert _emails(owner_engine, account.email, "password_changed") == 1


async def test_a_weak_password_leaves_the_reset_link_usable(client: httpx.AsyncClient) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/password-reset", json={"email": account.email})
    token = await emailed_token(client, account.email, "password_reset")
    weak = await client.post(
        f"{API}/auth/password-reset/confirm", json={"token": token, "newPassword": "password123"}
    )
    assert weak.status_code == 422
    assert _fields(weak) == ["body.newPassword"]
    done = await client.post(
        f"{API}/auth/password-reset/confirm", json={"token": token, "newPassword": NEW_PASSWORD}
    )
    assert done.status_code == 204


async def test_an_expired_reset_link_is_refused(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/password-reset", json={"email": account.email})
    token = await emailed_token(client, account.email, "password_reset")
    with owner_engine.begin() as db:
        db.execute(
            text(
                "UPDATE account_tokens SET expires_at = now() - interval '1 second'"
                " WHERE user_id = :u"
            ),
            {"u": account.id},
        )
    response = await client.post(
        f"{API}/auth/password-reset/confirm", json={"token": token, "newPassword": NEW_PASSWORD}
    )
    assert response.status_code == 422
    assert _fields(response) == ["body.token"]
    assert (await _login(client, account.email, PASSWORD)).status_code == 200


async def test_changing_the_password_voids_reset_links_already_sent(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/password-reset", json={"email": account.email})
    token = await emailed_token(client, account.email, "password_reset")
    assert (await _change(client, account, PASSWORD, NEW_PASSWORD)).status_code == 204
    late = await client.post(
        f"{API}/auth/password-reset/confirm",
        json={"token": token, "newPassword": "someone else 42"},
    )
    assert late.status_code == 422
    assert (await _login(client, account.email, NEW_PASSWORD)).status_code == 200


async def test_a_reset_proves_the_address_of_an_unverified_account(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    # Someone registered the owner's address first and left a webhook behind
    # (account pre-hijacking); the owner's reset takes the account back.
    squatted = await register(client)
    with owner_engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO webhooks (user_id, url, events, secret)"
                " VALUES (:u, 'https://attacker.example/hook', '{schedule.created}', 's')"
            ),
            {"u": squatted.id},
        )
    await client.post(f"{API}/auth/password-reset", json={"email": squatted.email})
    token = await emailed_token(client, squatted.email, "password_reset")
    await client.post(
        f"{API}/auth/password-reset/confirm", json={"token": token, "newPassword": NEW_PASSWORD}
    )
    signed_in = await _login(client, squatted.email, NEW_PASSWORD)
    assert signed_in.json()["user"]["emailVerifiedAt"] is not None
    with owner_engine.connect() as db:
        hooks = db.execute(
            text("SELECT count(*) FROM webhooks WHERE user_id = :u"), {"u": squatted.id}
        ).scalar_one()
    assert hooks == 0


async def test_reset_and_change_are_rate_limited_per_address_and_account(
    database_url: URL,
) -> None:
    async with running_app(database_url, rate_limit_password="2/hour") as (_, client):
        account = await register(client)
        answers: list[Any] = []
        for _ in range(3):
            reset = await client.post(f"{API}/auth/password-reset", json={"email": account.email})
            answers.append(reset.status_code)
        assert answers == [202, 202, 429]
        assert "Retry-After" in reset.headers
        answers = [
            (await _change(client, account, "wrong password", NEW_PASSWORD)).status_code
            for _ in range(3)
        ]
        assert answers == [422, 422, 429]
