"""The people and data the browser tests use, made through the real API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.engine import URL

from spotter import clock
from tests.api.helpers import API, Account, ApiPersonas, link, register

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass
class World:
    """Personas (trainer A with trainees A1 and A2, trainer B with B1, an
    outsider), and for trainee A1: upcoming sessions with trainer A, an
    active program with a workout planned for today, and a session card."""

    personas: ApiPersonas
    sessions: list[dict[str, Any]] = field(default_factory=list)
    program: dict[str, Any] = field(default_factory=dict)
    card: dict[str, Any] = field(default_factory=dict)


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


async def book(
    client: httpx.AsyncClient,
    trainer: Account,
    trainee: Account,
    title: str,
    day: dt.date,
    start: str,
    end: str,
) -> dict[str, Any]:
    return _ok(
        await client.post(
            f"{API}/schedules",
            json={
                "traineeId": str(trainee.id),
                "title": title,
                "date": day.isoformat(),
                "startTime": start,
                "endTime": end,
                "location": "Spotter Gym",
            },
            headers=trainer.headers,
        )
    )


async def make_personas(client: httpx.AsyncClient, database_url: URL) -> ApiPersonas:
    """tests.api.helpers.create_api_personas, for a client of a real server
    (which needs the database's URL to read the emailed links)."""
    personas = ApiPersonas(
        trainer_a=await register(client, "trainer", name="Trainer A"),
        trainer_b=await register(client, "trainer", name="Trainer B"),
        trainee_a1=await register(client, name="Trainee A1"),
        trainee_a2=await register(client, name="Trainee A2"),
        trainee_b1=await register(client, name="Trainee B1"),
        outsider=await register(client, name="Outsider"),
    )
    await link(client, personas.trainer_a, personas.trainee_a1, database_url)
    await link(client, personas.trainer_a, personas.trainee_a2, database_url)
    await link(client, personas.trainer_b, personas.trainee_b1, database_url)
    return personas


async def build_world(client: httpx.AsyncClient, database_url: URL) -> World:
    personas = await make_personas(client, database_url)
    trainer, trainee = personas.trainer_a, personas.trainee_a1
    today = clock.today()
    world = World(personas)
    world.sessions = [
        await book(
            client, trainer, trainee, "Leg day", today + dt.timedelta(days=1), "09:00", "10:00"
        ),
        await book(
            client, trainer, trainee, "Upper body", today + dt.timedelta(days=3), "18:00", "19:00"
        ),
    ]
    template = _ok(
        await client.post(
            f"{API}/program-templates",
            json={
                "name": "Strength basics",
                "durationWeeks": 4,
                "weeklyPlan": [
                    {
                        "week": week,
                        "days": [
                            {
                                "day": WEEKDAYS[today.weekday()],
                                "exercises": [
                                    {
                                        "name": "Barbell Back Squat",
                                        "targetSets": 3,
                                        "targetReps": 5,
                                        "targetWeight": 60,
                                    },
                                    {
                                        "name": "Bench Press",
                                        "targetSets": 3,
                                        "targetReps": 5,
                                        "targetWeight": 40,
                                    },
                                ],
                            }
                        ],
                    }
                    for week in range(1, 5)
                ],
            },
            headers=trainer.headers,
        )
    )
    world.program = _ok(
        await client.post(
            f"{API}/program-templates/{template['id']}/assign",
            json={"traineeId": str(trainee.id), "startDate": today.isoformat()},
            headers=trainer.headers,
        )
    )
    world.card = _ok(
        await client.post(
            f"{API}/session-cards",
            json={
                "traineeId": str(trainee.id),
                "date": (today - dt.timedelta(days=2)).isoformat(),
                "summary": "Great squat depth today; keep the bar path straight.",
                "achievements": ["Squat 60 kg for 5"],
                "nextSessionGoals": ["Bench 45 kg"],
                "rating": 4,
            },
            headers=trainer.headers,
        )
    )
    return world


async def set_language(client: httpx.AsyncClient, account: Account, language: str) -> None:
    response = await client.patch(
        f"{API}/me/settings", json={"language": language}, headers=account.headers
    )
    assert response.status_code == 200, response.text


async def fresh_refresh_token(client: httpx.AsyncClient, account: Account, password: str) -> str:
    """A sign-in of its own (a new token family) for one browser context."""
    body = _ok(
        await client.post(f"{API}/auth/login", json={"email": account.email, "password": password})
    )
    token: str = body["refreshToken"]
    return token
