"""The trainer's roster with its figures (adherence, last workout, next
session) in one query, and resending or withdrawing an invitation."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.domain import TODAY, Pair, book, linked_pair, log_workout, squat
from tests.api.helpers import API, Account, link, register, sql_statements, unique_email


async def _entries(client: httpx.AsyncClient, trainer: Account) -> dict[str, dict[str, Any]]:
    response = await client.get(f"{API}/roster/trainees", headers=trainer.headers)
    assert response.status_code == 200, response.text
    return {item["person"]["id"]: item for item in response.json()["items"]}


async def _set_status(client: httpx.AsyncClient, pair: Pair, schedule_id: str, status: str) -> None:
    response = await client.post(
        f"{API}/schedules/{schedule_id}/status",
        json={"status": status},
        headers=pair.trainer.headers,
    )
    assert response.status_code == 200, response.text


def _move(owner_engine: Engine, schedule_id: str, day: dt.date) -> None:
    with owner_engine.begin() as db:
        db.execute(
            text("UPDATE schedules SET date = :d WHERE id = :s"), {"d": day, "s": schedule_id}
        )


async def test_adherence_is_the_same_rate_as_the_stats(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    made = [await book(client, pair) for _ in range(4)]
    await _set_status(client, pair, made[0]["id"], "confirmed")
    await _set_status(client, pair, made[0]["id"], "completed")
    await _set_status(client, pair, made[1]["id"], "cancelled")
    for n, schedule in enumerate(made):  # into the last 30 days; two stay pending: missed
        _move(owner_engine, schedule["id"], TODAY - dt.timedelta(days=n + 1))
    entry = (await _entries(client, pair.trainer))[str(pair.trainee.id)]
    stats = (
        await client.get(f"{API}/stats/trainees/{pair.trainee.id}", headers=pair.trainer.headers)
    ).json()
    assert entry["adherence"] == stats["adherence"]["rate"] == 0.25


async def test_no_session_in_30_days_has_no_adherence(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    entry = (await _entries(client, pair.trainer))[str(pair.trainee.id)]
    assert (entry["adherence"], entry["lastWorkoutDate"], entry["nextSession"]) == (None,) * 3


async def test_last_workout_date_is_live_between_view_refreshes(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    earlier = TODAY - dt.timedelta(days=5)
    assert (await log_workout(client, pair, [squat(60, 5)], day=earlier)).status_code == 201
    with owner_engine.connect() as db:
        db.execution_options(isolation_level="AUTOCOMMIT").execute(
            text("REFRESH MATERIALIZED VIEW CONCURRENTLY trainee_stats")
        )
    entry = (await _entries(client, pair.trainer))[str(pair.trainee.id)]
    assert entry["lastWorkoutDate"] == earlier.isoformat()
    # Logged after the refresh: the view does not know it yet, the roster does.
    assert (await log_workout(client, pair, [squat(62.5, 5)], by_trainee=True)).status_code == 201
    entry = (await _entries(client, pair.trainer))[str(pair.trainee.id)]
    assert entry["lastWorkoutDate"] == TODAY.isoformat()


async def test_next_session_is_the_next_open_one_with_me(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    past = await book(client, pair, title="Yesterday")
    _move(owner_engine, past["id"], TODAY - dt.timedelta(days=1))
    sooner = await book(client, pair, title="Sooner")
    later = await book(client, pair, title="Later")
    entry = (await _entries(client, pair.trainer))[str(pair.trainee.id)]
    assert entry["nextSession"] == {
        "id": sooner["id"],
        "date": sooner["date"],
        "startTime": sooner["startTime"],
        "endTime": sooner["endTime"],
        "status": "pending",
        "title": "Sooner",
    }
    await _set_status(client, pair, sooner["id"], "cancelled")
    await _set_status(client, pair, later["id"], "confirmed")
    entry = (await _entries(client, pair.trainer))[str(pair.trainee.id)]
    assert (entry["nextSession"]["id"], entry["nextSession"]["status"]) == (
        later["id"],
        "confirmed",
    )


async def test_the_figures_of_every_trainee_come_from_one_statement(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    await book(client, pair)
    with sql_statements(client) as one_trainee:
        assert len(await _entries(client, pair.trainer)) == 1
    for _ in range(4):
        other = await register(client, name="Another trainee")
        await link(client, pair.trainer, other)
        await log_workout(client, Pair(pair.trainer, other), [squat(40, 8)])
    with sql_statements(client) as five_trainees:
        assert len(await _entries(client, pair.trainer)) == 5
    assert len(five_trainees) == len(one_trainee)
    figures = [sql for sql in five_trainees if "schedules" in sql or "workouts" in sql]
    assert len(figures) == 1, figures


async def test_a_trainer_sees_only_their_own_trainees(client: httpx.AsyncClient) -> None:
    pair_a, pair_b = await linked_pair(client), await linked_pair(client)
    await book(client, pair_a)
    seen_by_b = await _entries(client, pair_b.trainer)
    assert list(seen_by_b) == [str(pair_b.trainee.id)]
    assert seen_by_b[str(pair_b.trainee.id)]["nextSession"] is None
    refused = await client.get(f"{API}/roster/trainees", headers=pair_a.trainee.headers)
    assert refused.status_code == 403


async def test_pagination_keeps_its_keyset(client: httpx.AsyncClient) -> None:
    trainer = await register(client, "trainer")
    trainees = [await register(client) for _ in range(3)]
    for trainee in trainees:
        await link(client, trainer, trainee)
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (
            await client.get(f"{API}/roster/trainees", params=params, headers=trainer.headers)
        ).json()
        seen += [item["person"]["id"] for item in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == [str(t.id) for t in trainees]


# -- Resend and withdraw ------------------------------------------------------


def _invitation_emails(owner_engine: Engine, to: str) -> int:
    with owner_engine.connect() as db:
        return int(
            db.execute(
                text(
                    "SELECT count(*) FROM procrastinate.procrastinate_jobs"
                    " WHERE task_name = 'emails.send' AND args->>'to' = :to"
                    " AND args->>'kind' = 'invitation'"
                ),
                {"to": to},
            ).scalar_one()
        )


async def _invite(client: httpx.AsyncClient, trainer: Account, email: str) -> str:
    response = await client.post(
        f"{API}/roster/invitations", json={"email": email}, headers=trainer.headers
    )
    assert response.status_code == 201, response.text
    invitation_id: str = response.json()["id"]
    return invitation_id


async def _not_at_a_minute_boundary() -> None:
    """The limit counts fixed one-minute windows: two calls straddling a
    window's end would both pass."""
    if time.time() % 60 > 57:
        await asyncio.sleep(60 - time.time() % 60 + 0.1)


async def test_resend_queues_the_email_again_once_a_minute(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainer = await register(client, "trainer", name="Coach Ploy")
    email = unique_email("invited")
    invitation = await _invite(client, trainer, email)
    assert _invitation_emails(owner_engine, email) == 1
    await _not_at_a_minute_boundary()
    resent = await client.post(
        f"{API}/roster/invitations/{invitation}/resend", headers=trainer.headers
    )
    assert resent.status_code == 200, resent.text
    assert resent.json()["status"] == "pending"
    assert _invitation_emails(owner_engine, email) == 2
    again = await client.post(
        f"{API}/roster/invitations/{invitation}/resend", headers=trainer.headers
    )
    assert again.status_code == 429
    assert again.headers["content-type"] == "application/problem+json"
    assert "Retry-After" in again.headers
    assert _invitation_emails(owner_engine, email) == 2


async def test_another_trainers_invitation_is_not_found(client: httpx.AsyncClient) -> None:
    mine, theirs = await register(client, "trainer"), await register(client, "trainer")
    invitation = await _invite(client, theirs, unique_email())
    for action in ("resend", "withdraw"):
        response = await client.post(
            f"{API}/roster/invitations/{invitation}/{action}", headers=mine.headers
        )
        assert response.status_code == 404, (action, response.text)
        unknown = await client.post(
            f"{API}/roster/invitations/{uuid.uuid4()}/{action}", headers=mine.headers
        )
        assert unknown.status_code == 404
    # Refused without a trace: the owner's own resend is not rate limited by it.
    own = await client.post(f"{API}/roster/invitations/{invitation}/resend", headers=theirs.headers)
    assert own.status_code == 200, own.text


async def test_an_accepted_invitation_cannot_be_resent_or_withdrawn(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    invitations = (
        await client.get(f"{API}/roster/invitations", headers=pair.trainer.headers)
    ).json()
    accepted = invitations["items"][0]["id"]
    for action in ("resend", "withdraw"):
        response = await client.post(
            f"{API}/roster/invitations/{accepted}/{action}", headers=pair.trainer.headers
        )
        assert response.status_code == 409, (action, response.text)
        assert response.headers["content-type"] == "application/problem+json"


async def test_withdraw_ends_the_invitation_and_is_audited(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    invitation = await _invite(client, trainer, trainee.email)
    refused = await client.post(
        f"{API}/roster/invitations/{invitation}/withdraw", headers=trainee.headers
    )
    assert refused.status_code == 403
    withdrawn = await client.post(
        f"{API}/roster/invitations/{invitation}/withdraw", headers=trainer.headers
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "ended"
    assert withdrawn.json()["endedAt"] is not None
    # The invited trainee can no longer accept it.
    accept = await client.post(
        f"{API}/roster/invitations/{invitation}/accept", headers=trainee.headers
    )
    assert accept.status_code in (403, 409)
    again = await client.post(
        f"{API}/roster/invitations/{invitation}/withdraw", headers=trainer.headers
    )
    assert again.status_code == 409
    with owner_engine.connect() as db:
        audited = db.execute(
            text(
                "SELECT old_values->>'status', new_values->>'status' FROM audit_logs"
                " WHERE resource_id = :id AND action = 'UPDATE'"
            ),
            {"id": invitation},
        ).all()
    assert [tuple(row) for row in audited] == [("pending", "ended")]
