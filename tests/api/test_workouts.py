"""Logging workouts: validation per type, summary, schedules, records, filters."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.domain import TODAY, book, linked_pair, log_workout, squat
from tests.api.helpers import API, link, register

RUN = {
    "name": "Treadmill Run",
    "type": "cardio",
    "sets": [{"setNumber": 1, "distance": 5.2, "duration": 27.5, "pace": 5.29, "calories": 416}],
}
YOGA = {
    "name": "Yoga Flow",
    "type": "flexibility",
    "sets": [{"setNumber": 1, "duration": 30, "holdTime": 60}],
}


async def test_the_summary_follows_the_design(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    response = await log_workout(client, pair, [squat(100, 8, sets=2), RUN, YOGA], rating=5)
    assert response.status_code == 201, response.text
    assert response.json()["summary"] == {
        "totalSets": 4,
        "totalReps": 16,
        "totalWeight": 1600,
        "totalDistance": 5.2,
        "totalDuration": 57.5,
        "totalCalories": 416,
        "exerciseCount": 3,
        "typeBreakdown": {"weight_training": 1, "cardio": 1, "flexibility": 1},
    }


BAD = [
    (
        [{"name": "Squat", "type": "weight_training", "sets": [{"setNumber": 1, "weight": 50}]}],
        "reps",
    ),
    (
        [{"name": "Run", "type": "cardio", "sets": [{"setNumber": 1, "calories": 100}]}],
        "duration or a distance",
    ),
    ([{"name": "Stretch", "type": "flexibility", "sets": [{"setNumber": 1}]}], "hold time"),
    ([squat(-5, 5)], "greater than or equal"),
    ([squat(5, 5) | {"type": "swimming"}], "type"),
    ([squat(5, 5, sets=51)], "at most 50"),
    ([squat(5, 5)] * 51, "at most 50"),
    ([{"name": "Squat", "type": "weight_training", "sets": []}], "at least 1"),
]


@pytest.mark.parametrize(("exercises", "message"), BAD)
async def test_bad_exercises_are_422(
    client: httpx.AsyncClient, exercises: list[dict[str, Any]], message: str
) -> None:
    pair = await linked_pair(client)
    response = await log_workout(client, pair, exercises)
    assert response.status_code == 422
    assert message in response.text
    assert response.json()["errors"][0]["field"].startswith("body.exercises")


@pytest.mark.parametrize(
    "extra",
    [{"rating": 6}, {"rating": 0}, {"duration": -1}, {"duration": 1441}, {"mood": "x" * 51}],
)
async def test_bad_workout_fields_are_422(client: httpx.AsyncClient, extra: dict[str, Any]) -> None:
    pair = await linked_pair(client)
    body = {
        "traineeId": str(pair.trainee.id),
        "date": TODAY.isoformat(),
        "duration": 60,
        "exercises": [squat(50, 5)],
        **extra,
    }
    response = await client.post(f"{API}/workouts", json=body, headers=pair.trainer.headers)
    assert response.status_code == 422


async def test_a_trainee_logs_their_own_with_their_trainer(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    response = await log_workout(client, pair, [RUN], by_trainee=True)
    assert response.status_code == 201
    assert response.json()["trainerId"] == str(pair.trainer.id)
    second_trainer = await register(client, "trainer")
    await link(client, second_trainer, pair.trainee)
    ambiguous = await log_workout(client, pair, [RUN], by_trainee=True)
    assert ambiguous.status_code == 422
    assert ambiguous.json()["errors"][0]["field"] == "body.trainerId"
    named = await log_workout(
        client, pair, [RUN], by_trainee=True, trainerId=str(second_trainer.id)
    )
    assert named.status_code == 201


async def test_others_cannot_log_for_a_trainee(client: httpx.AsyncClient) -> None:
    pair, other = await linked_pair(client), await linked_pair(client)
    body = {
        "traineeId": str(pair.trainee.id),
        "date": TODAY.isoformat(),
        "duration": 10,
        "exercises": [RUN],
    }
    for who in (other.trainer, other.trainee):
        response = await client.post(f"{API}/workouts", json=body, headers=who.headers)
        assert response.status_code == 404


async def test_linking_a_confirmed_schedule_completes_it(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair)
    await client.post(
        f"{API}/schedules/{schedule['id']}/status",
        json={"status": "confirmed"},
        headers=pair.trainee.headers,
    )
    response = await log_workout(client, pair, [RUN], scheduleId=schedule["id"])
    assert response.status_code == 201
    assert response.json()["scheduleId"] == schedule["id"]
    after = await client.get(f"{API}/schedules/{schedule['id']}", headers=pair.trainer.headers)
    assert after.json()["status"] == "completed"
    other = await linked_pair(client)
    foreign = await book(client, other)
    wrong = await log_workout(client, pair, [RUN], scheduleId=foreign["id"])
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "body.scheduleId"


async def test_personal_records_raise_achievement_notifications(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    first = await log_workout(client, pair, [squat(100, 5)], day=TODAY - dt.timedelta(days=7))
    assert first.json()["personalRecords"] == []
    better = await log_workout(
        client, pair, [squat(105, 5), squat(100, 8, name="Barbell Back Squat")]
    )
    kinds = sorted(r["kind"] for r in better.json()["personalRecords"])
    assert kinds == ["estimated_1rm", "heaviest_weight", "most_reps"]
    heaviest = next(r for r in better.json()["personalRecords"] if r["kind"] == "heaviest_weight")
    assert (heaviest["value"], heaviest["previous"]) == (105, 100)
    with owner_engine.connect() as db:
        count = db.execute(
            text(
                "SELECT count(*) FROM notifications WHERE user_id = :u"
                " AND type = 'achievement_unlocked'"
            ),
            {"u": pair.trainee.id},
        ).scalar_one()
    assert count == 3
    same = await log_workout(client, pair, [squat(90, 5)])
    assert same.json()["personalRecords"] == []


async def test_filters_by_date_type_and_exercise_with_keyset_pages(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    for offset in range(5):
        day = TODAY - dt.timedelta(days=offset)
        exercises = [squat(60, 10)] if offset % 2 == 0 else [RUN]
        assert (await log_workout(client, pair, exercises, day=day)).status_code == 201
    params: dict[str, Any] = {"traineeId": str(pair.trainee.id), "limit": 2}
    seen: list[str] = []
    cursor = None
    while True:
        page = (
            await client.get(
                f"{API}/workouts",
                params={**params, **({"cursor": cursor} if cursor else {})},
                headers=pair.trainer.headers,
            )
        ).json()
        seen += [w["date"] for w in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == 5
    cardio = (
        await client.get(f"{API}/workouts", params={"type": "cardio"}, headers=pair.trainee.headers)
    ).json()["items"]
    assert len(cardio) == 2
    squats = (
        await client.get(
            f"{API}/workouts",
            params={"exercise": "Barbell Back Squat"},
            headers=pair.trainee.headers,
        )
    ).json()["items"]
    assert len(squats) == 3
    window = (
        await client.get(
            f"{API}/workouts",
            params={"from": (TODAY - dt.timedelta(days=1)).isoformat(), "to": TODAY.isoformat()},
            headers=pair.trainee.headers,
        )
    ).json()["items"]
    assert len(window) == 2


async def test_updating_recomputes_and_deleting_removes(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    workout = (await log_workout(client, pair, [squat(100, 5)])).json()
    updated = await client.patch(
        f"{API}/workouts/{workout['id']}",
        json={"exercises": [squat(50, 10, sets=3)], "rating": 4},
        headers=pair.trainer.headers,
    )
    assert updated.json()["summary"]["totalWeight"] == 1500
    moved = await client.patch(
        f"{API}/workouts/{workout['id']}",
        json={"date": (TODAY - dt.timedelta(days=40)).isoformat()},
        headers=pair.trainee.headers,
    )
    assert moved.status_code == 200
    other = await linked_pair(client)
    assert (
        await client.delete(f"{API}/workouts/{workout['id']}", headers=other.trainer.headers)
    ).status_code == 404
    assert (
        await client.delete(f"{API}/workouts/{workout['id']}", headers=pair.trainer.headers)
    ).status_code == 204
    assert (
        await client.get(f"{API}/workouts/{workout['id']}", headers=pair.trainee.headers)
    ).status_code == 404
    assert (
        await client.get(f"{API}/workouts/{uuid.uuid4()}", headers=pair.trainee.headers)
    ).status_code == 404
