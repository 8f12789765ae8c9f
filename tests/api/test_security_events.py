"""Security events go to audit_logs in UTC with address and user agent,
never with tokens or passwords."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.helpers import API, PASSWORD, register, unique_email


async def test_sign_in_events_are_audited_without_secrets(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    agent = {"User-Agent": "AuditTest/1.0"}
    account = await register(client)
    await client.post(
        f"{API}/auth/login",
        json={"email": account.email, "password": "wrong password!"},
        headers=agent,
    )
    good = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": PASSWORD}, headers=agent
    )
    headers = {**agent, "Authorization": f"Bearer {good.json()['accessToken']}"}
    await client.patch(f"{API}/me", json={"name": "Renamed"}, headers=headers)
    await client.post(f"{API}/auth/logout", headers=headers)
    with owner_engine.connect() as db:
        rows = db.execute(
            text(
                "SELECT action, user_id, user_email, host(ip_address) AS ip, user_agent,"
                " created_at, old_values::text AS old, new_values::text AS new"
                " FROM audit_logs WHERE user_email = :e OR user_id = :u ORDER BY created_at"
            ),
            {"e": account.email, "u": account.id},
        ).all()
    actions = [row.action for row in rows]
    assert actions == ["REGISTER", "LOGIN_FAILED", "LOGIN", "UPDATE", "LOGOUT"]
    failed = rows[1]
    assert failed.user_id is None
    assert failed.user_email == account.email
    for row in rows[1:]:
        assert row.ip == "127.0.0.1"
        assert row.user_agent == "AuditTest/1.0"
        assert row.created_at.utcoffset() == dt.timedelta(0)
    everything = " ".join(f"{row.old} {row.new}" for row in rows)
    for secret in (
        PASSWORD,
        "wrong password!",
        good.json()["accessToken"],
        good.json()["refreshToken"],
        account.refresh_token,
    ):
        assert secret not in everything
    assert rows[3].old is not None
    assert "Renamed" in rows[3].new


async def test_an_unknown_email_failed_sign_in_is_audited(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    email = unique_email("nobody")
    await client.post(f"{API}/auth/login", json={"email": email, "password": "whatever 123"})
    with owner_engine.connect() as db:
        count = db.execute(
            text(
                "SELECT count(*) FROM audit_logs WHERE user_email = :e AND action = 'LOGIN_FAILED'"
            ),
            {"e": email},
        ).scalar_one()
    assert count == 1
