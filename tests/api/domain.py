"""Shortcuts for domain tests: a linked pair, and common payloads."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.engine import URL

from spotter import clock
from tests.api.helpers import API, Account, link, register

TODAY = clock.today()
_slots = itertools.count()


@dataclass
class Pair:
    trainer: Account
    trainee: Account


async def linked_pair(
    client: httpx.AsyncClient,
    *,
    language: str = "th",
    height: float | None = 175,
    database_url: URL | None = None,
) -> Pair:
    """`database_url` for a client of a real server (link() reads the emailed
    verification link from the database)."""
    trainer = await register(client, "trainer", name="Coach Test")
    trainee = await register(client, name="Trainee Test")
    await link(client, trainer, trainee, database_url)
    if language != "th":
        await client.patch(
            f"{API}/me/settings", json={"language": language}, headers=trainee.headers
        )
    if height is not None:
        await client.patch(f"{API}/me", json={"height": height}, headers=trainee.headers)
    return Pair(trainer, trainee)


def next_slot(days_ahead: int = 3) -> tuple[str, str, str]:
    """A (date, start, end) no other test uses, so bookings never collide."""
    n = next(_slots)
    day = TODAY + dt.timedelta(days=days_ahead + n // 10)
    hour = 6 + n % 10
    return day.isoformat(), f"{hour:02d}:00", f"{hour:02d}:45"


async def book(
    client: httpx.AsyncClient,
    pair: Pair,
    *,
    day: str | None = None,
    start: str | None = None,
    end: str | None = None,
    title: str = "Strength",
) -> dict[str, Any]:
    slot = next_slot()
    response = await client.post(
        f"{API}/schedules",
        json={
            "traineeId": str(pair.trainee.id),
            "title": title,
            "date": day or slot[0],
            "startTime": start or slot[1],
            "endTime": end or slot[2],
        },
        headers=pair.trainer.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def squat(
    weight: float, reps: int, sets: int = 1, name: str = "Barbell Back Squat"
) -> dict[str, Any]:
    return {
        "name": name,
        "type": "weight_training",
        "sets": [{"setNumber": n, "weight": weight, "reps": reps} for n in range(1, sets + 1)],
    }


async def log_workout(
    client: httpx.AsyncClient,
    pair: Pair,
    exercises: list[dict[str, Any]],
    *,
    day: dt.date | None = None,
    by_trainee: bool = False,
    **extra: Any,
) -> httpx.Response:
    who = pair.trainee if by_trainee else pair.trainer
    return await client.post(
        f"{API}/workouts",
        json={
            "traineeId": str(pair.trainee.id),
            "date": (day or TODAY).isoformat(),
            "duration": 60,
            "exercises": exercises,
            **extra,
        },
        headers=who.headers,
    )
