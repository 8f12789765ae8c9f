"""Idempotency-Key on POST: replay without a second effect."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.domain import linked_pair, next_slot
from tests.api.helpers import API, PASSWORD, register


def _booking(trainee_id: object) -> dict[str, str]:
    day, start, end = next_slot()
    return {
        "traineeId": str(trainee_id),
        "title": "Once",
        "date": day,
        "startTime": start,
        "endTime": end,
    }


async def test_the_same_key_and_body_replays_without_a_second_effect(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    key = {"Idempotency-Key": f"book-{uuid.uuid4()}"}
    body = _booking(pair.trainee.id)
    first = await client.post(
        f"{API}/schedules", json=body, headers={**pair.trainer.headers, **key}
    )
    again = await client.post(
        f"{API}/schedules", json=body, headers={**pair.trainer.headers, **key}
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["content-type"] == "application/json"
    with owner_engine.connect() as db:
        count = db.execute(
            text("SELECT count(*) FROM schedules WHERE trainee_id = :t"), {"t": pair.trainee.id}
        ).scalar_one()
    assert count == 1


async def test_the_same_key_with_another_body_is_422(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    await client.post(
        f"{API}/schedules", json=_booking(pair.trainee.id), headers={**pair.trainer.headers, **key}
    )
    other = await client.post(
        f"{API}/schedules", json=_booking(pair.trainee.id), headers={**pair.trainer.headers, **key}
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"


async def test_a_request_still_in_flight_is_409(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client, "trainer")
    key = f"busy-{uuid.uuid4()}"
    body = b'{"email": "someone@example.test"}'
    import hashlib

    digest = hashlib.sha256(b"\n".join([b"/api/v1/roster/invitations", b"", body])).hexdigest()
    with owner_engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO idempotency_keys (user_id, key, request_method, request_path,"
                " request_hash) VALUES (:u, :k, 'POST', '/api/v1/roster/invitations', :h)"
            ),
            {"u": account.id, "k": key, "h": digest},
        )
    response = await client.post(
        f"{API}/roster/invitations",
        content=body,
        headers={**account.headers, "Idempotency-Key": key, "Content-Type": "application/json"},
    )
    assert response.status_code == 409
    assert response.headers["retry-after"] == "1"


async def test_keys_expire_after_a_day(client: httpx.AsyncClient, owner_engine: Engine) -> None:
    pair = await linked_pair(client)
    key = {"Idempotency-Key": f"old-{uuid.uuid4()}"}
    first = await client.post(
        f"{API}/schedules", json=_booking(pair.trainee.id), headers={**pair.trainer.headers, **key}
    )
    assert first.status_code == 201
    with owner_engine.begin() as db:
        db.execute(
            text(
                "UPDATE idempotency_keys SET expires_at = now() - interval '1 second'"
                " WHERE user_id = :u"
            ),
            {"u": pair.trainer.id},
        )
    fresh = await client.post(
        f"{API}/schedules", json=_booking(pair.trainee.id), headers={**pair.trainer.headers, **key}
    )
    assert fresh.status_code == 201
    assert fresh.json()["id"] != first.json()["id"]


async def test_keys_are_per_user_and_anonymous_posts_are_not_stored(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    key = {"Idempotency-Key": f"login-{uuid.uuid4()}"}
    one = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": PASSWORD}, headers=key
    )
    two = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": PASSWORD}, headers=key
    )
    assert one.json()["refreshToken"] != two.json()["refreshToken"]
    with owner_engine.connect() as db:
        stored = db.execute(
            text("SELECT count(*) FROM idempotency_keys WHERE key = :k"),
            {"k": key["Idempotency-Key"]},
        ).scalar_one()
    assert stored == 0


async def test_a_bad_key_is_422(client: httpx.AsyncClient) -> None:
    account = await register(client, "trainer")
    response = await client.post(
        f"{API}/roster/invitations",
        json={"email": "x@example.test"},
        headers={**account.headers, "Idempotency-Key": "has spaces"},
    )
    assert response.status_code == 422
