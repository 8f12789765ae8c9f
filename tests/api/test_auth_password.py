"""Registration and sign-in with email and password."""

from __future__ import annotations

import argon2
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from tests.api.helpers import API, PASSWORD, register, running_app, unique_email


async def test_register_signs_in_and_defaults_to_trainee(client: httpx.AsyncClient) -> None:
    email = unique_email()
    response = await client.post(
        f"{API}/auth/register", json={"email": email, "password": PASSWORD, "name": "Nok"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["tokenType"] == "bearer"
    assert body["expiresIn"] == 900
    assert body["user"]["role"] == "trainee"
    assert body["user"]["email"] == email
    me = await client.get(f"{API}/me", headers={"Authorization": f"Bearer {body['accessToken']}"})
    assert me.json()["email"] == email


async def test_emails_are_trimmed_and_case_insensitive(client: httpx.AsyncClient) -> None:
    email = unique_email()
    first = await register(client, email=f"  {email.upper()} ")
    assert first.email == email
    taken = await client.post(
        f"{API}/auth/register",
        json={"email": email.title(), "password": PASSWORD, "name": "Again"},
    )
    assert taken.status_code == 409
    assert taken.headers["content-type"] == "application/problem+json"
    login = await client.post(
        f"{API}/auth/login", json={"email": f" {email.upper()}", "password": PASSWORD}
    )
    assert login.status_code == 200


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "8"),
        ("x" * 129, "128"),
        ("password123", "too common"),
        ("qwertyuiop", "too common"),
    ],
)
async def test_weak_passwords_are_refused_naming_the_field(
    client: httpx.AsyncClient, password: str, reason: str
) -> None:
    response = await client.post(
        f"{API}/auth/register",
        json={"email": unique_email(), "password": password, "name": "Weak"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "body.password"
    assert reason in response.text


async def test_a_trainer_can_sign_up_when_allowed(client: httpx.AsyncClient) -> None:
    trainer = await register(client, "trainer")
    me = await client.get(f"{API}/me", headers=trainer.headers)
    assert me.json()["role"] == "trainer"


async def test_trainer_signup_can_be_switched_off(database_url: URL) -> None:
    async with running_app(database_url, allow_trainer_signup=False) as (_, client):
        refused = await client.post(
            f"{API}/auth/register",
            json={"email": unique_email(), "password": PASSWORD, "name": "T", "role": "trainer"},
        )
        assert refused.status_code == 403
        allowed = await client.post(
            f"{API}/auth/register",
            json={"email": unique_email(), "password": PASSWORD, "name": "T", "role": "trainee"},
        )
        assert allowed.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "password": PASSWORD, "name": "X"},
        {"email": "a@b.test", "password": PASSWORD, "name": ""},
        {"email": "a@b.test", "password": PASSWORD, "name": "X", "role": "admin"},
        {"email": "a@b.test", "password": PASSWORD, "name": "X", "isActive": False},
    ],
)
async def test_bad_registrations_are_422(
    client: httpx.AsyncClient, body: dict[str, object]
) -> None:
    response = await client.post(f"{API}/auth/register", json=body)
    assert response.status_code == 422
    assert response.json()["errors"]


async def test_login_with_a_wrong_password_or_unknown_email_is_401(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    wrong = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": "not the password"}
    )
    unknown = await client.post(
        f"{API}/auth/login", json={"email": unique_email(), "password": PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


async def test_login_records_last_login(client: httpx.AsyncClient, owner_engine: Engine) -> None:
    account = await register(client)
    with owner_engine.begin() as db:
        db.execute(text("UPDATE users SET last_login = NULL WHERE id = :u"), {"u": account.id})
    await client.post(f"{API}/auth/login", json={"email": account.email, "password": PASSWORD})
    with owner_engine.connect() as db:
        last = db.execute(text("SELECT last_login FROM users WHERE id = :u"), {"u": account.id})
        assert last.scalar_one() is not None


async def test_an_unknown_email_costs_one_argon2_verification_like_a_known_one(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Equal work either way is what keeps the timing equal (bench/ measures it)."""
    account = await register(client)
    calls: list[str] = []
    real_verify = argon2.PasswordHasher.verify

    def counting_verify(self: argon2.PasswordHasher, hash: str, password: str) -> bool:
        calls.append(hash[:10])
        return real_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counting_verify)
    await client.post(f"{API}/auth/login", json={"email": account.email, "password": "wrong one"})
    known = len(calls)
    await client.post(f"{API}/auth/login", json={"email": unique_email(), "password": "wrong one"})
    assert known == 1
    assert len(calls) - known == 1


async def test_a_deactivated_user_loses_every_session_at_once(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    second = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    with owner_engine.begin() as db:
        db.execute(text("UPDATE users SET is_active = false WHERE id = :u"), {"u": account.id})
    assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 401
    other = {"Authorization": f"Bearer {second.json()['accessToken']}"}
    assert (await client.get(f"{API}/me", headers=other)).status_code == 401
    refreshed = await client.post(
        f"{API}/auth/refresh", json={"refreshToken": account.refresh_token}
    )
    assert refreshed.status_code == 401
    login = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    assert login.status_code == 401
