"""/me: profile, settings, export and account deletion."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from spotter import clock
from tests.api.helpers import API, link, register


async def test_patch_me_changes_allowed_fields(client: httpx.AsyncClient) -> None:
    account = await register(client)
    response = await client.patch(
        f"{API}/me",
        json={
            "name": "Nok",
            "height": 172.5,
            "weight": 64.2,
            "gender": "female",
            "dateOfBirth": "1995-04-01",
            "phone": "+66 81 234 5678",
            "avatar": "https://cdn.example.test/nok.png",
        },
        headers=account.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["height"], body["weight"]) == ("Nok", 172.5, 64.2)
    assert body["dateOfBirth"] == "1995-04-01"
    assert (await client.get(f"{API}/me", headers=account.headers)).json() == body


TOMORROW = (clock.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"height": 49}, "body.height"),
        ({"height": 261}, "body.height"),
        ({"weight": 19.9}, "body.weight"),
        ({"weight": 401}, "body.weight"),
        ({"dateOfBirth": TOMORROW}, "body.dateOfBirth"),
        ({"gender": "robot"}, "body.gender"),
        ({"phone": "call me"}, "body.phone"),
        ({"avatar": "http://insecure.example.test/a.png"}, "body.avatar"),
        ({"role": "trainer"}, "body.role"),
        ({"email": "new@example.test"}, "body.email"),
        ({"googleId": "123"}, "body.googleId"),
        ({"isActive": False}, "body.isActive"),
        ({"passwordHash": "x"}, "body.passwordHash"),
    ],
)
async def test_patch_me_refuses_bad_or_server_owned_fields(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    account = await register(client)
    response = await client.patch(f"{API}/me", json=body, headers=account.headers)
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}
    me = (await client.get(f"{API}/me", headers=account.headers)).json()
    assert me["role"] == "trainee"


async def test_settings_default_to_thai_and_change_validated(client: httpx.AsyncClient) -> None:
    account = await register(client)
    settings = (await client.get(f"{API}/me/settings", headers=account.headers)).json()
    assert settings["language"] == "th"
    assert settings["notificationSettings"] == {"email": True, "push": True, "sms": False}
    changed = await client.patch(
        f"{API}/me/settings",
        json={
            "language": "en",
            "theme": "dark",
            "weightUnit": "lbs",
            "notificationSettings": {"email": False, "push": True, "sms": False},
        },
        headers=account.headers,
    )
    assert changed.status_code == 200
    assert changed.json()["language"] == "en"
    assert changed.json()["notificationSettings"]["email"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"language": "fr"}, "body.language"),
        ({"theme": "neon"}, "body.theme"),
        ({"distanceUnit": "furlongs"}, "body.distanceUnit"),
        ({"notificationSettings": {"email": "yes please"}}, "body.notificationSettings.email"),
        ({"notificationSettings": {"pigeon": True}}, "body.notificationSettings.pigeon"),
        (
            {"privacySettings": {"profileVisibility": "everyone"}},
            "body.privacySettings.profileVisibility",
        ),
    ],
)
async def test_bad_settings_are_422_naming_the_field(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    account = await register(client)
    response = await client.patch(f"{API}/me/settings", json=body, headers=account.headers)
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}


async def test_export_holds_my_data_and_no_secrets(client: httpx.AsyncClient) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    await link(client, trainer, trainee)
    other = await register(client)
    export = await client.get(f"{API}/me/export", headers=trainee.headers)
    assert export.status_code == 200
    assert "attachment" in export.headers["content-disposition"]
    data = export.json()
    assert data["profile"]["id"] == str(trainee.id)
    assert data["settings"][0]["language"] == "th"
    assert len(data["rosterLinks"]) == 1
    assert data["sessions"]
    assert all("refresh_token" not in s and "access_token" not in s for s in data["sessions"])
    assert trainee.refresh_token not in export.text
    assert str(other.id) not in export.text
    assert "password_hash" not in export.text
    assert "passwordHash" not in export.text


def _keys_and_timestamps(value: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(path, key, value) of every key of every object, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from _keys_and_timestamps(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys_and_timestamps(item, f"{path}[{index}]")


TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?")


async def test_export_is_camel_case_throughout_with_utc_z_timestamps(
    client: httpx.AsyncClient,
) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    await link(client, trainer, trainee)
    await client.put(
        f"{API}/body-weight/{clock.today().isoformat()}",
        json={"weight": 70.5},
        headers=trainee.headers,
    )
    data = (await client.get(f"{API}/me/export", headers=trainee.headers)).json()
    found = list(_keys_and_timestamps(data))
    snake = [(path, key) for path, key, _ in found if "_" in key]
    assert snake == []
    stamps = [v for _, _, v in found if isinstance(v, str) and TIMESTAMP.match(v)]
    assert len(stamps) > 10
    assert all(v.endswith("Z") for v in stamps), [v for v in stamps if not v.endswith("Z")]
    assert data["exportedAt"].endswith("Z")
    assert data["rosterLinks"][0]["acceptedAt"].endswith("Z")
    assert {"userId", "ipAddress", "expiresAt"} <= set(data["sessions"][0])
    # Audit entries of my own changes keep their column names, camelCased too.
    assert any("newValues" in entry for entry in data["auditLogs"])


async def test_delete_me_removes_the_account_but_the_audit_keeps_the_email(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    await link(client, trainer, trainee)
    response = await client.delete(f"{API}/me", headers=trainee.headers)
    assert response.status_code == 204
    assert (await client.get(f"{API}/me", headers=trainee.headers)).status_code == 401
    with owner_engine.connect() as db:
        gone = db.execute(text("SELECT count(*) FROM users WHERE id = :u"), {"u": trainee.id})
        assert gone.scalar_one() == 0
        links = db.execute(
            text("SELECT count(*) FROM trainer_trainees WHERE trainee_id = :u"), {"u": trainee.id}
        )
        assert links.scalar_one() == 0
        audit = db.execute(
            text(
                "SELECT user_id, user_email FROM audit_logs WHERE action = 'DELETE'"
                " AND resource_id = :u"
            ),
            {"u": trainee.id},
        ).one()
    assert audit.user_id is None
    assert audit.user_email == trainee.email
    roster = (await client.get(f"{API}/roster/trainees", headers=trainer.headers)).json()
    assert roster["items"] == []


async def test_export_shows_no_one_elses_address_or_browser(client: httpx.AsyncClient) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    await link(client, trainer, trainee)
    day = (clock.today() + dt.timedelta(days=3)).isoformat()
    booked = await client.post(
        f"{API}/schedules",
        json={
            "traineeId": str(trainee.id),
            "title": "Legs",
            "date": day,
            "startTime": "10:00",
            "endTime": "11:00",
        },
        headers={**trainer.headers, "User-Agent": "trainer-phone/1.0"},
    )
    assert booked.status_code == 201
    entries = (await client.get(f"{API}/me/export", headers=trainee.headers)).json()["auditLogs"]
    by_trainer = [e for e in entries if e["userId"] == str(trainer.id)]
    mine = [e for e in entries if e["userId"] == str(trainee.id)]
    assert by_trainer
    assert mine
    assert all(e["ipAddress"] is None and e["userAgent"] is None for e in by_trainer)
    assert "trainer-phone" not in str(entries)
    assert any(e["userAgent"] for e in mine)
