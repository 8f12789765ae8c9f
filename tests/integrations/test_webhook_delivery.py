"""Webhook deliveries through the worker, to a real local receiver that
verifies Standard Webhooks signatures with the reference library."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.jobs.app import create_job_app
from tests.api.domain import Pair, book, linked_pair, log_workout, squat
from tests.api.helpers import API
from tests.conftest import make_settings
from tests.integrations.conftest import drain
from tests.integrations.peers import Receiver

ALL_EVENTS = [
    "schedule.created",
    "schedule.updated",
    "schedule.cancelled",
    "workout.logged",
    "session_card.created",
    "body_weight.logged",
    "achievement.unlocked",
    "trainee_program.assigned",
]


def worker(database_url: URL, **overrides: Any) -> Any:
    return create_job_app(
        database_url,
        make_settings(
            webhook_allow_hosts="127.0.0.1", webhook_retry_schedule="0.1s,0.1s,0.1s", **overrides
        ),
    )


@pytest.fixture
async def allow_local(database_url: URL) -> Any:
    """The API must accept http://127.0.0.1 receivers for these tests."""
    from tests.api.helpers import running_app

    async with running_app(database_url, webhook_allow_hosts="127.0.0.1") as (_, client):
        yield client


async def _subscribe(
    client: httpx.AsyncClient, pair: Pair, receiver: Receiver, events: list[str] | None = None
) -> dict[str, Any]:
    response = await client.post(
        f"{API}/webhooks",
        json={"url": receiver.url, "events": events or ALL_EVENTS},
        headers=pair.trainer.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    receiver.secret = body["secret"]
    return body


async def test_a_booking_reaches_the_receiver_signed(
    allow_local: httpx.AsyncClient, receiver: Receiver, database_url: URL
) -> None:
    client = allow_local
    pair = await linked_pair(client)
    hook = await _subscribe(client, pair, receiver)
    assert hook["secret"].startswith("whsec_")
    listed = (await client.get(f"{API}/webhooks/{hook['id']}", headers=pair.trainer.headers)).json()
    assert "secret" not in listed
    schedule = await book(client, pair)
    app = worker(database_url)
    async with app.open_async():
        await drain(app, lambda: receiver.verified())
    event = receiver.verified()[0]
    assert event.payload["type"] == "schedule.created"
    assert event.payload["data"]["id"] == schedule["id"]
    deliveries = (
        await client.get(f"{API}/webhooks/{hook['id']}/deliveries", headers=pair.trainer.headers)
    ).json()["items"]
    assert [(d["status"], d["responseCode"], d["attempt"]) for d in deliveries] == [
        ("succeeded", 200, 1)
    ]


async def test_retries_keep_one_webhook_id_until_it_succeeds(
    allow_local: httpx.AsyncClient, receiver: Receiver, database_url: URL
) -> None:
    client = allow_local
    pair = await linked_pair(client)
    hook = await _subscribe(client, pair, receiver, ["workout.logged"])
    receiver.script = [500, 503]
    await log_workout(client, pair, [squat(40, 8)])
    app = worker(database_url)
    async with app.open_async():
        await drain(app, lambda: any(r.status == 200 for r in receiver.received))
    assert [r.status for r in receiver.received] == [500, 503, 200]
    assert len({r.webhook_id for r in receiver.received}) == 1
    assert all(r.verified for r in receiver.received)
    attempts = (
        await client.get(f"{API}/webhooks/{hook['id']}/deliveries", headers=pair.trainer.headers)
    ).json()["items"]
    assert sorted((d["attempt"], d["status"]) for d in attempts) == [
        (1, "failed"),
        (2, "failed"),
        (3, "succeeded"),
    ]
    assert all(d["nextAttemptAt"] for d in attempts if d["status"] == "failed")


async def test_410_disables_the_endpoint(
    allow_local: httpx.AsyncClient, receiver: Receiver, database_url: URL
) -> None:
    client = allow_local
    pair = await linked_pair(client)
    hook = await _subscribe(client, pair, receiver, ["schedule.created"])
    receiver.script = [410]
    await book(client, pair)
    app = worker(database_url)
    async with app.open_async():
        await drain(app, lambda: receiver.received)
    after = (await client.get(f"{API}/webhooks/{hook['id']}", headers=pair.trainer.headers)).json()
    assert after["isActive"] is False
    assert "410" in after["disabledReason"]
    await book(client, pair)
    async with app.open_async():
        await app.run_worker_async(wait=False, install_signal_handlers=False)
    assert len(receiver.received) == 1


async def test_failures_in_a_row_disable_it_and_tell_the_owner(
    allow_local: httpx.AsyncClient, receiver: Receiver, database_url: URL, owner_engine: Engine
) -> None:
    client = allow_local
    pair = await linked_pair(client)
    hook = await _subscribe(client, pair, receiver, ["schedule.created"])
    receiver.script = [500] * 10
    await book(client, pair)
    app = worker(database_url, webhook_disable_after=3)
    async with app.open_async():
        await drain(app, lambda: len(receiver.received) >= 3)
        await app.run_worker_async(wait=False, install_signal_handlers=False)
    after = (await client.get(f"{API}/webhooks/{hook['id']}", headers=pair.trainer.headers)).json()
    assert after["isActive"] is False
    assert after["consecutiveFailures"] == 3
    with owner_engine.connect() as db:
        told = db.execute(
            text(
                "SELECT count(*) FROM notifications WHERE user_id = :u"
                " AND type = 'webhook_disabled'"
            ),
            {"u": pair.trainer.id},
        ).scalar()
    assert told == 1
    enabled = await client.patch(
        f"{API}/webhooks/{hook['id']}", json={"isActive": True}, headers=pair.trainer.headers
    )
    assert enabled.json()["consecutiveFailures"] == 0


async def test_a_ping_and_event_filters(
    allow_local: httpx.AsyncClient, receiver: Receiver, database_url: URL
) -> None:
    client = allow_local
    pair = await linked_pair(client)
    hook = await _subscribe(client, pair, receiver, ["body_weight.logged"])
    await book(client, pair)  # not subscribed
    ping = await client.post(f"{API}/webhooks/{hook['id']}/test", headers=pair.trainer.headers)
    assert ping.status_code == 202
    app = worker(database_url)
    async with app.open_async():
        await drain(app, lambda: receiver.verified())
    assert [r.payload["type"] for r in receiver.verified()] == ["webhook.ping"]


@pytest.mark.parametrize(
    "body",
    [
        {"url": "https://hooks.example.com/x", "events": ["nope"]},
        {"url": "https://hooks.example.com/x", "events": []},
    ],
)
async def test_unknown_events_are_422(allow_local: httpx.AsyncClient, body: dict[str, Any]) -> None:
    pair = await linked_pair(allow_local)
    response = await allow_local.post(f"{API}/webhooks", json=body, headers=pair.trainer.headers)
    assert response.status_code == 422


def test_an_event_written_in_a_rolled_back_transaction_leaves_no_job(owner_engine: Engine) -> None:
    with owner_engine.connect() as db:
        before = db.execute(
            text("SELECT count(*) FROM procrastinate.procrastinate_jobs")
        ).scalar_one()
        db.commit()
        transaction = db.begin()
        db.execute(
            text(
                "INSERT INTO event_outbox (event_type, payload, audience)"
                " VALUES ('workout.logged', '{}', '{}')"
            )
        )
        during = db.execute(text("SELECT count(*) FROM procrastinate.procrastinate_jobs")).scalar()
        transaction.rollback()
        after = db.execute(text("SELECT count(*) FROM procrastinate.procrastinate_jobs")).scalar()
    assert during == before + 1
    assert after == before
