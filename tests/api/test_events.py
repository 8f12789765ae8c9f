"""Each event of DESIGN.md's list is written once per change, where it happens."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.domain import TODAY, book, linked_pair, log_workout, squat
from tests.api.helpers import API


def _events(engine: Engine, user_id: object) -> Counter[str]:
    with engine.connect() as db:
        rows = db.execute(
            text("SELECT event_type FROM event_outbox WHERE :u = ANY(audience)"), {"u": user_id}
        )
        return Counter(row[0] for row in rows)


async def test_each_change_emits_its_event_once(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    t, h = pair.trainer.headers, pair.trainee.headers
    schedule = await book(client, pair)
    await client.patch(f"{API}/schedules/{schedule['id']}", json={"title": "Renamed"}, headers=t)
    await client.post(
        f"{API}/schedules/{schedule['id']}/status", json={"status": "cancelled"}, headers=h
    )
    await log_workout(client, pair, [squat(50, 5)], day=TODAY - dt.timedelta(days=3))
    await log_workout(client, pair, [squat(60, 5)])  # a record: heaviest and 1RM
    await client.post(
        f"{API}/session-cards",
        json={"traineeId": str(pair.trainee.id), "date": TODAY.isoformat(), "summary": "Good"},
        headers=t,
    )
    await client.post(
        f"{API}/body-weight", json={"date": TODAY.isoformat(), "weight": 70}, headers=h
    )
    template = (
        await client.post(
            f"{API}/program-templates",
            json={
                "name": "P",
                "durationWeeks": 1,
                "weeklyPlan": [
                    {"week": 1, "days": [{"day": "monday", "exercises": [{"name": "Squat"}]}]}
                ],
            },
            headers=t,
        )
    ).json()
    await client.post(
        f"{API}/program-templates/{template['id']}/assign",
        json={"traineeId": str(pair.trainee.id), "startDate": TODAY.isoformat()},
        headers=t,
    )
    assert _events(owner_engine, pair.trainee.id) == Counter(
        {
            "schedule.created": 1,
            "schedule.updated": 1,
            "schedule.cancelled": 1,
            "workout.logged": 2,
            "achievement.unlocked": 2,
            "session_card.created": 1,
            "body_weight.logged": 1,
            "trainee_program.assigned": 1,
        }
    )


async def test_a_refused_change_emits_nothing(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair)
    overlap = await client.post(
        f"{API}/schedules",
        json={
            "traineeId": str(pair.trainee.id),
            "title": "x",
            "date": schedule["date"],
            "startTime": schedule["startTime"],
            "endTime": schedule["endTime"],
        },
        headers=pair.trainer.headers,
    )
    assert overlap.status_code == 409
    assert _events(owner_engine, pair.trainee.id) == Counter({"schedule.created": 1})
