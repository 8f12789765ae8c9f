"""Who may open or change what through the web pages: the pages that take an
id answer 404 for anything that is not the viewer's (or their trainee's), as
the API does. A guard fails when a page with an id has no case here."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi.routing import iter_route_contexts

from tests.api.helpers import API, ApiPersonas, create_api_personas
from tests.web.http_helpers import csrf_of, sign_in

PERSONAS = ("trainer_a", "trainer_b", "trainee_a1", "trainee_a2", "trainee_b1", "outsider")


@dataclass
class Browsers:
    personas: ApiPersonas
    clients: dict[str, httpx.AsyncClient]
    api: httpx.AsyncClient


@pytest_asyncio.fixture(scope="module")
async def browsers(client: httpx.AsyncClient, app: Any) -> AsyncIterator[Browsers]:
    personas = await create_api_personas(client)
    clients: dict[str, httpx.AsyncClient] = {}
    for name in PERSONAS:
        web = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://spotter.test"
        )
        await sign_in(web, personas.all()[name])
        clients[name] = web
    yield Browsers(personas, clients, client)
    for web in clients.values():
        await web.aclose()


async def _created(response: Awaitable[httpx.Response]) -> str:
    answer = await response
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


# These personas are this module's own; a day each keeps their sessions from
# overlapping (a random day collided now and then).
_NEXT_DAY = itertools.count(20)


async def a_session_of_a1(world: Browsers) -> str:
    day = dt.date.today() + dt.timedelta(days=next(_NEXT_DAY))
    return await _created(
        world.api.post(
            f"{API}/schedules",
            json={
                "traineeId": str(world.personas.trainee_a1.id),
                "title": "Matrix",
                "date": day.isoformat(),
                "startTime": "05:00",
                "endTime": "05:30",
            },
            headers=world.personas.trainer_a.headers,
        )
    )


async def a_card_of_a1(world: Browsers) -> str:
    return await _created(
        world.api.post(
            f"{API}/session-cards",
            json={
                "traineeId": str(world.personas.trainee_a1.id),
                "date": dt.date.today().isoformat(),
                "summary": "Matrix card",
            },
            headers=world.personas.trainer_a.headers,
        )
    )


async def a_workout_of_a1(world: Browsers) -> str:
    return await _created(
        world.api.post(
            f"{API}/workouts",
            json={
                "traineeId": str(world.personas.trainee_a1.id),
                "date": dt.date.today().isoformat(),
                "duration": 30,
                "exercises": [],
            },
            headers=world.personas.trainee_a1.headers,
        )
    )


async def a_notification_of_a1(world: Browsers) -> str:
    await a_session_of_a1(world)  # the trainee hears of it
    listed = await world.api.get(
        f"{API}/notifications?limit=1", headers=world.personas.trainee_a1.headers
    )
    return str(listed.json()["items"][0]["id"])


@dataclass(frozen=True)
class Case:
    method: str
    route: str
    make: Callable[[Browsers], Awaitable[str]]
    # persona -> status; a persona left out is not pinned here.
    expected: dict[str, int]


OWNER_AND_TRAINER = {"trainee_a1": 200, "trainer_a": 200}
NOBODY_ELSE = {name: 404 for name in ("trainer_b", "trainee_a2", "trainee_b1", "outsider")}
CASES = [
    Case("GET", "/cards/{card_id}", a_card_of_a1, {**OWNER_AND_TRAINER, **NOBODY_ELSE}),
    # History is helper E2's page; its owner and strangers are pinned here.
    Case("GET", "/history/{workout_id}", a_workout_of_a1, {"trainee_a1": 200, **NOBODY_ELSE}),
    Case(
        "POST",
        "/sessions/{schedule_id}/confirm",
        a_session_of_a1,
        {"trainee_a1": 303, "trainer_a": 303, **NOBODY_ELSE},
    ),
    Case(
        "POST",
        "/sessions/{schedule_id}/cancel",
        a_session_of_a1,
        {"trainee_a1": 303, "trainer_a": 303, **NOBODY_ELSE},
    ),
    Case(
        "POST",
        "/notifications/{notification_id}/read",
        a_notification_of_a1,
        {"trainee_a1": 303, "trainer_a": 404, **NOBODY_ELSE},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.route}")
@pytest.mark.parametrize("persona", PERSONAS)
async def test_page_answers_each_persona_as_expected(
    browsers: Browsers, case: Case, persona: str
) -> None:
    if persona not in case.expected:
        pytest.skip("not pinned for this persona")
    resource = await case.make(browsers)
    path = case.route.split("{")[0] + resource + case.route.split("}")[1]
    web = browsers.clients[persona]
    if case.method == "GET":
        response = await web.get(path)
    else:
        token = csrf_of(await web.get("/settings"))
        response = await web.post(path, data={"csrf_token": token})
    assert response.status_code == case.expected[persona], response.text[:500]


def test_every_page_that_takes_an_id_has_a_case(app: Any) -> None:
    pages = {
        (method, route.path_format)
        for route in iter_route_contexts(app.routes)
        if "{" in (route.path_format or "")
        and not (route.path_format or "").startswith(("/api/", "/static"))
        for method in route.methods or ()
        if method != "HEAD"
    }
    assert ("GET", "/cards/{card_id}") in pages  # the walk sees the web routes
    assert pages == {(c.method, c.route) for c in CASES}
