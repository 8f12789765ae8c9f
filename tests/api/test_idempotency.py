"""Idempotency-Key on POST: replay without a second effect, through faults,
and only to the live principal who stored the answer."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine

from spotter import clock
from spotter.jobs.maintenance import PURGES
from tests.api.helpers import API, PASSWORD, Account, register, sql_statements

_days = itertools.count(1)


def _weighing() -> dict[str, Any]:
    """A body weight for a day no other test in this module uses."""
    day = clock.today() - dt.timedelta(days=next(_days))
    return {"date": day.isoformat(), "weight": 70.5}


def _key(label: str) -> dict[str, str]:
    return {"Idempotency-Key": f"{label}-{uuid.uuid4()}"}


def _entries(engine: Engine, account: Account, day: str) -> int:
    with engine.connect() as db:
        count: int = db.execute(
            text("SELECT count(*) FROM body_weight_entries WHERE trainee_id = :t AND date = :d"),
            {"t": account.id, "d": day},
        ).scalar_one()
    return count


@contextmanager
def user_row_locked(engine: Engine, account: Account) -> Iterator[Connection]:
    """Holds the user's row, so a body-weight write (whose trigger updates the
    profile's weight) waits inside its transaction until the block ends."""
    with engine.connect() as db:
        transaction = db.begin()
        db.execute(text("SELECT 1 FROM users WHERE id = :u FOR UPDATE"), {"u": account.id})
        try:
            yield db
        finally:
            transaction.rollback()


async def waiting_backend(engine: Engine) -> int:
    """The server backend blocked on a lock (the request in flight)."""
    for _ in range(200):
        with engine.connect() as db:
            pid = db.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND application_name = 'spotter'"
                )
            ).scalar()
        if pid is not None:
            return int(pid)
        await asyncio.sleep(0.05)
    raise AssertionError("the request never reached the database")


async def test_the_same_key_and_body_replays_without_a_second_effect(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainee = await register(client)
    key, body = _key("weigh"), _weighing()
    first = await client.post(f"{API}/body-weight", json=body, headers={**trainee.headers, **key})
    again = await client.post(f"{API}/body-weight", json=body, headers={**trainee.headers, **key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["content-type"] == "application/json"
    assert _entries(owner_engine, trainee, body["date"]) == 1


async def test_the_same_key_with_another_body_is_422(client: httpx.AsyncClient) -> None:
    trainee = await register(client)
    key = _key("k")
    await client.post(f"{API}/body-weight", json=_weighing(), headers={**trainee.headers, **key})
    other = await client.post(
        f"{API}/body-weight", json=_weighing(), headers={**trainee.headers, **key}
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"


@contextmanager
def storing_answers_fails(engine: Engine, prefix: str) -> Iterator[None]:
    """A fault in the database while the answer of a key starting with
    `prefix` is stored, whichever statement stores it."""
    with engine.begin() as db:
        db.execute(
            text(
                "CREATE FUNCTION spotter_test_fail_store() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION 'storing the answer failed'; END $$"
            )
        )
        db.execute(
            text(
                "CREATE TRIGGER fail_store AFTER INSERT OR UPDATE ON idempotency_keys"
                f" FOR EACH ROW WHEN (NEW.status = 'completed' AND NEW.key LIKE '{prefix}%')"
                " EXECUTE FUNCTION spotter_test_fail_store()"
            )
        )
    try:
        yield
    finally:
        with engine.begin() as db:
            db.execute(text("DROP TRIGGER fail_store ON idempotency_keys"))
            db.execute(text("DROP FUNCTION spotter_test_fail_store()"))


async def test_a_write_commits_only_with_its_stored_answer(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    # A write committed while its answer was lost let a later retry write a
    # second row: now both commit together or neither does.
    trainee = await register(client)
    prefix = f"fail-store-{uuid.uuid4().hex[:8]}"
    key, body = {"Idempotency-Key": f"{prefix}-1"}, _weighing()
    headers = {**trainee.headers, **key}
    with storing_answers_fails(owner_engine, prefix):
        failed = await client.post(f"{API}/body-weight", json=body, headers=headers)
    assert failed.status_code == 500
    assert _entries(owner_engine, trainee, body["date"]) == 0
    retried = await client.post(f"{API}/body-weight", json=body, headers=headers)
    assert retried.status_code == 201
    assert _entries(owner_engine, trainee, body["date"]) == 1


async def test_a_request_still_in_flight_is_409_then_its_answer_replays(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainee = await register(client)
    key, body = _key("busy"), _weighing()
    headers = {**trainee.headers, **key}
    with user_row_locked(owner_engine, trainee):
        first = asyncio.create_task(client.post(f"{API}/body-weight", json=body, headers=headers))
        await waiting_backend(owner_engine)
        busy = await client.post(f"{API}/body-weight", json=body, headers=headers)
        assert busy.status_code == 409
        assert busy.headers["retry-after"] == "1"
    assert (await first).status_code == 201
    replay = await client.post(f"{API}/body-weight", json=body, headers=headers)
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert _entries(owner_engine, trainee, body["date"]) == 1


async def test_a_request_killed_mid_way_releases_its_key_and_writes_nothing(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainee = await register(client)
    key, body = _key("killed"), _weighing()
    headers = {**trainee.headers, **key}
    with user_row_locked(owner_engine, trainee) as db:
        first = asyncio.create_task(client.post(f"{API}/body-weight", json=body, headers=headers))
        pid = await waiting_backend(owner_engine)
        db.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        died = await first
    # The client is told to retry, not that the request was wrong...
    assert died.status_code == 503
    assert int(died.headers["retry-after"]) > 0
    assert _entries(owner_engine, trainee, body["date"]) == 0
    # ...and the retry runs at once: no key left "in flight".
    retried = await client.post(f"{API}/body-weight", json=body, headers=headers)
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers
    assert _entries(owner_engine, trainee, body["date"]) == 1


async def test_keys_answer_for_seven_days_and_survive_the_purge(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    # The web app's offline queue may resend a workout days later.
    trainee = await register(client)
    key, body = _key("offline"), _weighing()
    headers = {**trainee.headers, **key}
    first = await client.post(f"{API}/body-weight", json=body, headers=headers)
    assert first.status_code == 201
    with owner_engine.begin() as db:
        kept_for = db.execute(
            text("SELECT expires_at - created_at FROM idempotency_keys WHERE key = :k"),
            {"k": key["Idempotency-Key"]},
        ).scalar_one()
        db.execute(
            text(
                "UPDATE idempotency_keys SET created_at = created_at - interval '6 days 23 hours',"
                " expires_at = expires_at - interval '6 days 23 hours' WHERE key = :k"
            ),
            {"k": key["Idempotency-Key"]},
        )
        db.execute(text(PURGES["idempotency_keys"]))
    assert kept_for >= dt.timedelta(days=7)
    late = await client.post(f"{API}/body-weight", json=body, headers=headers)
    assert late.status_code == 201
    assert late.headers["idempotent-replayed"] == "true"
    assert _entries(owner_engine, trainee, body["date"]) == 1


async def test_an_expired_key_runs_the_request_again(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainee = await register(client)
    key = _key("old")
    first = await client.post(
        f"{API}/body-weight", json=_weighing(), headers={**trainee.headers, **key}
    )
    assert first.status_code == 201
    with owner_engine.begin() as db:
        db.execute(
            text(
                "UPDATE idempotency_keys SET expires_at = now() - interval '1 second'"
                " WHERE user_id = :u"
            ),
            {"u": trainee.id},
        )
    fresh = await client.post(
        f"{API}/body-weight", json=_weighing(), headers={**trainee.headers, **key}
    )
    assert fresh.status_code == 201
    assert fresh.json()["id"] != first.json()["id"]


async def test_no_replay_after_sign_out_but_after_signing_in_again(
    client: httpx.AsyncClient,
) -> None:
    trainee = await register(client)
    key, body = _key("signed-out"), _weighing()
    first = await client.post(f"{API}/body-weight", json=body, headers={**trainee.headers, **key})
    assert first.status_code == 201
    out = await client.post(f"{API}/auth/logout", headers=trainee.headers)
    assert out.status_code == 204
    revoked = await client.post(f"{API}/body-weight", json=body, headers={**trainee.headers, **key})
    assert revoked.status_code == 401
    assert "idempotent-replayed" not in revoked.headers
    assert str(first.json()["id"]) not in revoked.text
    login = await client.post(
        f"{API}/auth/login", json={"email": trainee.email, "password": PASSWORD}
    )
    again = {"Authorization": f"Bearer {login.json()['accessToken']}", **key}
    replayed = await client.post(f"{API}/body-weight", json=body, headers=again)
    assert replayed.status_code == 201
    assert replayed.json() == first.json()


async def test_no_replay_to_a_deactivated_user(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainee = await register(client)
    key, body = _key("deactivated"), _weighing()
    headers = {**trainee.headers, **key}
    assert (await client.post(f"{API}/body-weight", json=body, headers=headers)).status_code == 201
    with owner_engine.begin() as db:
        db.execute(text("UPDATE users SET is_active = false WHERE id = :u"), {"u": trainee.id})
    refused = await client.post(f"{API}/body-weight", json=body, headers=headers)
    assert refused.status_code == 401
    assert "idempotent-replayed" not in refused.headers


async def test_keys_are_per_user_and_anonymous_posts_are_not_stored(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    one, other = await register(client), await register(client)
    key, body = _key("shared"), _weighing()
    mine = await client.post(f"{API}/body-weight", json=body, headers={**one.headers, **key})
    theirs = await client.post(f"{API}/body-weight", json=body, headers={**other.headers, **key})
    assert mine.status_code == theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]
    assert "idempotent-replayed" not in theirs.headers
    login_key = _key("login")
    first = await client.post(
        f"{API}/auth/login", json={"email": one.email, "password": PASSWORD}, headers=login_key
    )
    second = await client.post(
        f"{API}/auth/login", json={"email": one.email, "password": PASSWORD}, headers=login_key
    )
    assert first.json()["refreshToken"] != second.json()["refreshToken"]
    with owner_engine.connect() as db:
        stored = db.execute(
            text("SELECT count(*) FROM idempotency_keys WHERE key = :k"),
            {"k": login_key["Idempotency-Key"]},
        ).scalar_one()
    assert stored == 0


async def test_a_refusal_is_not_stored_so_a_retry_runs_again(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainee = await register(client)
    key = _key("refused")
    bad = {"date": _weighing()["date"], "weight": -1}
    refused = await client.post(f"{API}/body-weight", json=bad, headers={**trainee.headers, **key})
    assert refused.status_code == 422
    with owner_engine.connect() as db:
        stored = db.execute(
            text("SELECT count(*) FROM idempotency_keys WHERE key = :k"),
            {"k": key["Idempotency-Key"]},
        ).scalar_one()
    assert stored == 0


async def test_a_bad_key_is_422(client: httpx.AsyncClient) -> None:
    trainee = await register(client)
    response = await client.post(
        f"{API}/body-weight",
        json=_weighing(),
        headers={**trainee.headers, "Idempotency-Key": "has spaces"},
    )
    assert response.status_code == 422


async def test_a_keyed_post_authenticates_once(client: httpx.AsyncClient, app: Any) -> None:
    # The middleware's check (session live, the account's role) serves the
    # route too: they share one transaction.
    trainee = await register(client)
    with sql_statements(app) as statements:
        created = await client.post(
            f"{API}/body-weight", json=_weighing(), headers={**trainee.headers, **_key("once")}
        )
    assert created.status_code == 201
    assert sum("authenticate_request" in s for s in statements) == 1
