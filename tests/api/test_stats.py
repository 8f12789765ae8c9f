"""Statistics: the view plus live rows, progress per ISO week, adherence."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.domain import TODAY, book, linked_pair, log_workout, squat
from tests.api.helpers import API


async def test_totals_combine_the_view_and_what_happened_since(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    await log_workout(client, pair, [squat(100, 5)], rating=4)
    with owner_engine.connect() as db:
        db.execution_options(isolation_level="AUTOCOMMIT").execute(
            text("REFRESH MATERIALIZED VIEW CONCURRENTLY trainee_stats")
        )
    await log_workout(client, pair, [squat(50, 10, sets=2)], rating=2)
    stats = (
        await client.get(f"{API}/stats/trainees/{pair.trainee.id}", headers=pair.trainer.headers)
    ).json()
    assert stats["refreshedAt"] is not None
    assert stats["totalWorkouts"] == 2
    assert stats["totalWeightLifted"] == 100 * 5 + 50 * 10 * 2
    assert stats["avgRating"] == 3
    assert stats["lastWorkoutDate"] == TODAY.isoformat()
    assert (
        await client.get(f"{API}/stats/trainees/{pair.trainee.id}", headers=pair.trainee.headers)
    ).status_code == 200
    other = await linked_pair(client)
    assert (
        await client.get(f"{API}/stats/trainees/{pair.trainee.id}", headers=other.trainer.headers)
    ).status_code == 404


async def test_adherence_is_completed_over_completed_cancelled_and_missed(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    made = [await book(client, pair) for _ in range(4)]
    h = pair.trainer.headers
    await client.post(
        f"{API}/schedules/{made[0]['id']}/status", json={"status": "confirmed"}, headers=h
    )
    await client.post(
        f"{API}/schedules/{made[0]['id']}/status", json={"status": "completed"}, headers=h
    )
    await client.post(
        f"{API}/schedules/{made[1]['id']}/status", json={"status": "cancelled"}, headers=h
    )
    # Move all four into the past 30 days; one stays pending: missed.
    with owner_engine.begin() as db:
        for n, schedule in enumerate(made):
            db.execute(
                text("UPDATE schedules SET date = :d WHERE id = :s"),
                {"d": TODAY - dt.timedelta(days=n + 1), "s": schedule["id"]},
            )
    stats = (await client.get(f"{API}/stats/trainees/{pair.trainee.id}", headers=h)).json()
    adherence = stats["adherence"]
    assert (adherence["completed"], adherence["cancelled"], adherence["missed"]) == (1, 1, 2)
    assert adherence["rate"] == 0.25


async def test_progress_per_iso_week(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    last_week = monday - dt.timedelta(days=7)
    await log_workout(client, pair, [squat(100, 5, sets=3)], day=last_week)
    await log_workout(client, pair, [squat(105, 3), squat(90, 10)], day=monday)
    response = await client.get(
        f"{API}/stats/trainees/{pair.trainee.id}/progress",
        params={"exercise": "barbell back squat", "weeks": 4},
        headers=pair.trainee.headers,
    )
    assert response.status_code == 200
    weeks = response.json()["weeks"]
    assert [w["weekStart"] for w in weeks] == [last_week.isoformat(), monday.isoformat()]
    first, second = weeks
    iso = last_week.isocalendar()
    assert first["week"] == f"{iso.year}-W{iso.week:02d}"
    assert (first["bestWeight"], first["bestWeightReps"], first["sets"]) == (100, 5, 3)
    assert first["volume"] == 1500
    assert first["estimatedOneRepMax"] == round(100 * (1 + 5 / 30), 2)
    assert (second["bestWeight"], second["bestWeightReps"]) == (105, 3)
    assert second["estimatedOneRepMax"] == 120.0  # 90 x 10 beats 105 x 3
    assert second["volume"] == 105 * 3 + 90 * 10
