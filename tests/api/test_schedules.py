"""Booking sessions: derived duration, overlaps, transitions, notifications, iCal."""

from __future__ import annotations

import datetime as dt
import uuid

import httpx
import icalendar
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.domain import book, linked_pair, next_slot
from tests.api.helpers import API, register


def _notifications(engine: Engine, user_id: uuid.UUID, resource: str) -> list[tuple[str, str, str]]:
    with engine.connect() as db:
        rows = db.execute(
            text(
                "SELECT type, title, message FROM notifications WHERE user_id = :u"
                " AND resource_id = :r ORDER BY created_at"
            ),
            {"u": user_id, "r": resource},
        )
        return [(r.type, r.title, r.message) for r in rows]


async def test_booking_derives_duration_and_notifies_in_thai(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    day, _, _ = next_slot()
    schedule = await book(client, pair, day=day, start="18:15", end="19:45", title="Leg day")
    assert schedule["duration"] == 90
    assert schedule["status"] == "pending"
    assert (schedule["startTime"], schedule["endTime"]) == ("18:15", "19:45")
    assert _notifications(owner_engine, pair.trainee.id, schedule["id"]) == [
        ("schedule_created", "นัดหมายใหม่", f"คุณมีนัดฝึกใหม่: Leg day วันที่ {day}")
    ]


async def test_an_english_speaking_trainee_hears_in_english(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client, language="en")
    schedule = await book(client, pair, title="Cardio")
    kinds = _notifications(owner_engine, pair.trainee.id, schedule["id"])
    assert kinds[0][1] == "New appointment"


async def test_only_linked_trainees_can_be_booked(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    stranger = await register(client)
    day, start, end = next_slot()
    response = await client.post(
        f"{API}/schedules",
        json={
            "traineeId": str(stranger.id),
            "title": "x",
            "date": day,
            "startTime": start,
            "endTime": end,
        },
        headers=pair.trainer.headers,
    )
    assert response.status_code == 404
    by_trainee = await client.post(
        f"{API}/schedules",
        json={
            "traineeId": str(pair.trainee.id),
            "title": "x",
            "date": day,
            "startTime": start,
            "endTime": end,
        },
        headers=pair.trainee.headers,
    )
    assert by_trainee.status_code == 403


async def test_an_overlap_is_409_naming_the_conflicting_session(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    day, _, _ = next_slot()
    first = await book(client, pair, day=day, start="10:00", end="11:00")
    response = await client.post(
        f"{API}/schedules",
        json={
            "traineeId": str(pair.trainee.id),
            "title": "Again",
            "date": day,
            "startTime": "10:30",
            "endTime": "11:30",
        },
        headers=pair.trainer.headers,
    )
    assert response.status_code == 409
    assert response.json()["conflictingScheduleId"] == first["id"]
    assert first["id"] in response.json()["detail"]
    back_to_back = await book(client, pair, day=day, start="11:00", end="12:00")
    assert back_to_back["status"] == "pending"


async def test_end_before_start_is_422_naming_the_field(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    day, _, _ = next_slot()
    response = await client.post(
        f"{API}/schedules",
        json={
            "traineeId": str(pair.trainee.id),
            "title": "x",
            "date": day,
            "startTime": "11:00",
            "endTime": "10:00",
        },
        headers=pair.trainer.headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.endTime"


async def _status(
    client: httpx.AsyncClient, who: dict[str, str], schedule_id: str, status: str
) -> httpx.Response:
    return await client.post(
        f"{API}/schedules/{schedule_id}/status", json={"status": status}, headers=who
    )


async def test_status_transitions(client: httpx.AsyncClient, owner_engine: Engine) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair)
    trainee, trainer = pair.trainee.headers, pair.trainer.headers
    assert (await _status(client, trainee, schedule["id"], "completed")).status_code == 403
    confirmed = await _status(client, trainee, schedule["id"], "confirmed")
    assert confirmed.json()["status"] == "confirmed"
    assert (await _status(client, trainer, schedule["id"], "pending")).status_code == 409
    assert (await _status(client, trainer, schedule["id"], "completed")).json()[
        "status"
    ] == "completed"
    assert (await _status(client, trainer, schedule["id"], "cancelled")).status_code == 409
    trainer_heard = _notifications(owner_engine, pair.trainer.id, schedule["id"])
    assert [kind for kind, _, _ in trainer_heard] == ["schedule_updated"]
    assert "ยืนยัน" in trainer_heard[0][1]


async def test_cancelling_notifies_the_other_side(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client, language="en")
    schedule = await book(client, pair, title="Mobility")
    cancelled = await _status(client, pair.trainer.headers, schedule["id"], "cancelled")
    assert cancelled.json()["status"] == "cancelled"
    heard = _notifications(owner_engine, pair.trainee.id, schedule["id"])
    assert heard[-1][0] == "schedule_cancelled"
    assert heard[-1][1] == "Appointment cancelled"


async def test_updating_a_session_notifies_the_trainee(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair)
    changed = await client.patch(
        f"{API}/schedules/{schedule['id']}",
        json={"location": "Room 2", "endTime": schedule["startTime"]},
        headers=pair.trainer.headers,
    )
    assert changed.status_code == 422
    changed = await client.patch(
        f"{API}/schedules/{schedule['id']}",
        json={"location": "Room 2"},
        headers=pair.trainer.headers,
    )
    assert changed.json()["location"] == "Room 2"
    assert (
        _notifications(owner_engine, pair.trainee.id, schedule["id"])[-1][0] == "schedule_updated"
    )
    by_trainee = await client.patch(
        f"{API}/schedules/{schedule['id']}", json={"location": "Home"}, headers=pair.trainee.headers
    )
    assert by_trainee.status_code == 403


async def test_lists_filter_by_date_status_and_trainee_with_keyset_pages(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    made = [await book(client, pair) for _ in range(5)]
    await _status(client, pair.trainee.headers, made[0]["id"], "confirmed")
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"traineeId": str(pair.trainee.id), "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (
            await client.get(f"{API}/schedules", params=params, headers=pair.trainer.headers)
        ).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(s["id"] for s in made)
    confirmed = (
        await client.get(
            f"{API}/schedules", params={"status": "confirmed"}, headers=pair.trainee.headers
        )
    ).json()
    assert [s["id"] for s in confirmed["items"]] == [made[0]["id"]]
    day = made[1]["date"]
    one_day = (
        await client.get(
            f"{API}/schedules", params={"from": day, "to": day}, headers=pair.trainee.headers
        )
    ).json()
    assert {s["date"] for s in one_day["items"]} == {day}
    backwards = await client.get(
        f"{API}/schedules",
        params={"from": "2026-02-02", "to": "2026-01-01"},
        headers=pair.trainee.headers,
    )
    assert backwards.status_code == 422


async def test_the_ical_feed_is_valid_and_its_token_rotates(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair, title="Feed me")
    issued = await client.post(f"{API}/schedules/calendar-token", headers=pair.trainee.headers)
    assert issued.status_code == 200
    feed_url = issued.json()["feedUrl"]
    assert issued.json()["token"] in feed_url
    feed = await client.get(feed_url)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    event = events[f"{schedule['id']}@spotter.test"]
    assert str(event["summary"]) == "Coach Test · Feed me"  # the trainee's feed names the trainer
    start = event.decoded("dtstart")
    assert start.date() == dt.date.fromisoformat(schedule["date"])
    assert start.strftime("%H:%M") == schedule["startTime"]
    assert str(start.tzinfo) == "Asia/Bangkok"
    assert str(event["status"]) == "TENTATIVE"
    rotated = await client.post(f"{API}/schedules/calendar-token", headers=pair.trainee.headers)
    assert (await client.get(feed_url)).status_code == 401
    assert (await client.get(rotated.json()["feedUrl"])).status_code == 200


@pytest.mark.parametrize("token", ["short", "x" * 40])
async def test_a_bad_feed_token_is_refused(client: httpx.AsyncClient, token: str) -> None:
    response = await client.get(f"{API}/schedules.ics", params={"token": token})
    assert response.status_code in (401, 422)


async def test_deleting_a_session_is_for_its_trainer(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair)
    assert (
        await client.delete(f"{API}/schedules/{schedule['id']}", headers=pair.trainee.headers)
    ).status_code == 403
    other = await linked_pair(client)
    assert (
        await client.delete(f"{API}/schedules/{schedule['id']}", headers=other.trainer.headers)
    ).status_code == 404
    assert (
        await client.delete(f"{API}/schedules/{schedule['id']}", headers=pair.trainer.headers)
    ).status_code == 204
    assert (
        await client.get(f"{API}/schedules/{schedule['id']}", headers=pair.trainee.headers)
    ).status_code == 404
