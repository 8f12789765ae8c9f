"""Who may open or change what through the web pages: the pages that take an
id answer 404 for anything that is not the viewer's (or their trainee's), as
the API does. A guard fails when a page with an id has no case here."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi.routing import iter_route_contexts

from spotter import clock
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
    day = clock.today() + dt.timedelta(days=next(_NEXT_DAY))
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
                "date": clock.today().isoformat(),
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
                "date": clock.today().isoformat(),
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


async def trainee_a1(world: Browsers) -> str:
    return str(world.personas.trainee_a1.id)


async def _made_by_a(world: Browsers, path: str, body: dict[str, Any]) -> str:
    return await _created(
        world.api.post(f"{API}{path}", json=body, headers=world.personas.trainer_a.headers)
    )


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


async def an_invitation_of_a(world: Browsers) -> str:
    email = f"invited-{uuid.uuid4().hex[:8]}@example.com"
    return await _made_by_a(world, "/roster/invitations", {"email": email})


async def a_webhook_of_a(world: Browsers) -> str:
    body = {"url": "https://hooks.example.com/spotter", "events": ["workout.logged"]}
    return await _made_by_a(world, "/webhooks", body)


async def an_exercise_of_a(world: Browsers) -> str:
    body = {"name": _unique("move"), "type": "weight_training", "category": "legs"}
    return await _made_by_a(world, "/exercises", body)


async def an_exercise_template_of_a(world: Browsers) -> str:
    body = {"name": _unique("template"), "exercises": [{"name": "Squat"}]}
    return await _made_by_a(world, "/exercise-templates", body)


async def a_program_of_a(world: Browsers) -> str:
    plan = [{"week": 1, "days": [{"day": "monday", "exercises": [{"name": "Squat"}]}]}]
    body = {"name": _unique("program"), "durationWeeks": 4, "weeklyPlan": plan}
    return await _made_by_a(world, "/program-templates", body)


async def an_audit_entry_of_a(world: Browsers) -> str:
    await a_session_of_a1(world)
    listed = await world.api.get(
        f"{API}/audit-logs?limit=1", headers=world.personas.trainer_a.headers
    )
    return str(listed.json()["items"][0]["id"])


@dataclass(frozen=True)
class Case:
    method: str
    route: str
    make: Callable[[Browsers], Awaitable[str]]
    # persona -> status; a persona left out is not pinned here.
    expected: dict[str, int]


# The trainer's pages: the owner opens them; another trainer and a stranger
# get 404 (a trainee of someone else may be turned away earlier, with 403 or
# a redirect, so trainees are pinned where the answer is certain).
A_ONLY = {"trainer_a": 200, "trainer_b": 404, "outsider": 404}
STRANGERS = {"trainer_b": 404, "outsider": 404}
# Pages only trainers use turn a trainee away before looking at the id:
# with 403 (the roster) or back to their own pages (programs, exercises).
REFUSED, SENT_AWAY = {"outsider": 403}, {"outsider": 303}
TRAINER_CASES = [
    Case("GET", "/trainees/{trainee_id}", trainee_a1, {**A_ONLY, "trainee_a2": 404}),
    Case("GET", "/roster/trainees/{trainee_id}/end", trainee_a1, {**A_ONLY, **REFUSED}),
    Case("POST", "/roster/trainees/{trainee_id}/end", trainee_a1, {**STRANGERS, **REFUSED}),
    Case("GET", "/export/body-weight/{trainee_id}.csv", trainee_a1, {**A_ONLY}),
    Case("POST", "/roster/invitations/{invitation_id}/resend", an_invitation_of_a, STRANGERS),
    Case("POST", "/roster/invitations/{invitation_id}/withdraw", an_invitation_of_a, STRANGERS),
    Case("POST", "/today/sessions/{schedule_id}/{action}", a_session_of_a1, STRANGERS),
    Case("GET", "/calendar/sessions/{schedule_id}", a_session_of_a1, {**A_ONLY}),
    Case("POST", "/calendar/sessions/{schedule_id}", a_session_of_a1, STRANGERS),
    Case("POST", "/calendar/sessions/{schedule_id}/status", a_session_of_a1, STRANGERS),
    Case("GET", "/cards/{card_id}/edit", a_card_of_a1, {**A_ONLY, "trainee_a1": 404}),
    Case("POST", "/cards/{card_id}/edit", a_card_of_a1, {"trainee_a1": 404, **STRANGERS}),
    Case("GET", "/programs/{program_id}", a_program_of_a, {**A_ONLY}),
    Case("GET", "/programs/{program_id}/edit", a_program_of_a, {**A_ONLY, **SENT_AWAY}),
    Case("POST", "/programs/{program_id}/edit", a_program_of_a, {**STRANGERS, **SENT_AWAY}),
    Case("POST", "/programs/{program_id}/assign", a_program_of_a, STRANGERS),
    Case("GET", "/exercises/{exercise_id}/edit", an_exercise_of_a, {**A_ONLY, **SENT_AWAY}),
    Case("POST", "/exercises/{exercise_id}/edit", an_exercise_of_a, {**STRANGERS, **SENT_AWAY}),
    Case("GET", "/exercises/{exercise_id}/archive", an_exercise_of_a, {**A_ONLY, **SENT_AWAY}),
    Case("POST", "/exercises/{exercise_id}/archive", an_exercise_of_a, {**STRANGERS, **SENT_AWAY}),
    Case("POST", "/exercises/{exercise_id}/restore", an_exercise_of_a, {**STRANGERS, **SENT_AWAY}),
    Case(
        "GET",
        "/exercises/templates/{template_id}/edit",
        an_exercise_template_of_a,
        {**A_ONLY, **SENT_AWAY},
    ),
    Case(
        "POST",
        "/exercises/templates/{template_id}/edit",
        an_exercise_template_of_a,
        {**STRANGERS, **SENT_AWAY},
    ),
    Case(
        "GET",
        "/exercises/templates/{template_id}/delete",
        an_exercise_template_of_a,
        {**A_ONLY, **SENT_AWAY},
    ),
    Case(
        "POST",
        "/exercises/templates/{template_id}/delete",
        an_exercise_template_of_a,
        {**STRANGERS, **SENT_AWAY},
    ),
    Case("GET", "/audit/{entry_id}/revert", an_audit_entry_of_a, {**A_ONLY}),
    Case("POST", "/audit/{entry_id}/revert", an_audit_entry_of_a, STRANGERS),
    Case("GET", "/webhooks/{webhook_id}", a_webhook_of_a, {**A_ONLY, "trainee_a1": 404}),
    Case("POST", "/webhooks/{webhook_id}", a_webhook_of_a, STRANGERS),
    Case("GET", "/webhooks/{webhook_id}/delete", a_webhook_of_a, {**A_ONLY}),
    Case("POST", "/webhooks/{webhook_id}/delete", a_webhook_of_a, STRANGERS),
    Case("POST", "/webhooks/{webhook_id}/test", a_webhook_of_a, STRANGERS),
]
OWNER_AND_TRAINER = {"trainee_a1": 200, "trainer_a": 200}
NOBODY_ELSE = {name: 404 for name in ("trainer_b", "trainee_a2", "trainee_b1", "outsider")}
CASES = [
    Case("GET", "/cards/{card_id}", a_card_of_a1, {**OWNER_AND_TRAINER, **NOBODY_ELSE}),
    # History is helper E2's page; its owner and strangers are pinned here.
    Case("GET", "/history/{workout_id}", a_workout_of_a1, {"trainee_a1": 200, **NOBODY_ELSE}),
    Case(
        "POST",
        "/sessions/{schedule_id}/{action}",
        a_session_of_a1,
        {"trainee_a1": 303, "trainer_a": 303, **NOBODY_ELSE},
    ),
    Case(
        "POST",
        "/notifications/{notification_id}/read",
        a_notification_of_a1,
        {"trainee_a1": 303, "trainer_a": 404, **NOBODY_ELSE},
    ),
    *TRAINER_CASES,
]


# Only the personas a case pins: the others are not asked.
PINNED = [
    pytest.param(case, persona, id=f"{persona}-{case.method} {case.route}")
    for case in CASES
    for persona in PERSONAS
    if persona in case.expected
]


@pytest.mark.parametrize(("case", "persona"), PINNED)
async def test_page_answers_each_persona_as_expected(
    browsers: Browsers, case: Case, persona: str
) -> None:
    resource = await case.make(browsers)
    # The first placeholder is the resource; a second one is the action.
    path = re.sub(r"\{[^}]+\}", resource, case.route, count=1).replace("{action}", "confirm")
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
