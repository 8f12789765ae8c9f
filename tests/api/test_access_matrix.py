"""Every route that takes an id, called by every persona.

Other people's objects answer 404 (never 403): a caller cannot tell whether
they exist. A role that may never call a route answers 403, and a caller
without a token 401.

This file holds the machinery and the identity and roster routes;
test_access_matrix_domains.py holds the training routes and the guard that
fails when the app has an id-taking route neither file calls.

A case names the app's route template, a factory that makes the object the
call is about (owned by trainer A or the trainees A1/A2 of A) and returns the
path parameters, and the status each persona must get. A successful call
that changes or deletes its object gets a new object (`fresh`); one that
changes who is linked to whom runs with a trainer A, A1 and A2 of its own
(`isolate`), so that no call changes what the next one sees.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import pytest
import pytest_asyncio

from tests.api.helpers import API, PASSWORD, Account, ApiPersonas, link, register

PERSONAS = [
    "anonymous",
    "trainer_a",
    "trainer_b",
    "trainee_a1",
    "trainee_a2",
    "trainee_b1",
    "outsider",
]

Params = dict[str, str]
Factory = Callable[["World"], Awaitable[Params]]
"""Makes the object a call is about; returns the route's path parameters."""
Payload = Callable[["World"], dict[str, Any]]


@dataclass
class World:
    """The personas, and the objects made for them so far (one per factory)."""

    client: httpx.AsyncClient
    personas: ApiPersonas
    made: dict[Factory, Params] = field(default_factory=dict)

    async def with_own_team_a(self) -> World:
        """New trainer A, A1 and A2 (linked); trainer B, B1 and the outsider as here."""
        client = self.client
        trainer_a = await register(client, "trainer", name="Trainer A")
        trainee_a1 = await register(client, name="Trainee A1")
        trainee_a2 = await register(client, name="Trainee A2")
        await link(client, trainer_a, trainee_a1)
        await link(client, trainer_a, trainee_a2)
        team = replace(
            self.personas, trainer_a=trainer_a, trainee_a1=trainee_a1, trainee_a2=trainee_a2
        )
        return World(client, team)

    async def shared(self, factory: Factory) -> Params:
        if factory not in self.made:
            self.made[factory] = await factory(self)
        return self.made[factory]

    def account(self, persona: str) -> Account:
        return self.personas.all()[persona]

    async def call(
        self,
        who: Account,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        expect: int = 200,
    ) -> Any:
        """A setup request that must succeed; its JSON body."""
        response = await self.client.request(
            method, path, json=json, params=params, headers=who.headers
        )
        assert response.status_code == expect, (method, path, response.text)
        return response.json() if response.content else None


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    route: str
    """The app's path template, as its route table spells it."""
    expected: dict[str, int]
    target: Factory | None = None
    body: Payload | None = None
    query: Payload | None = None
    fresh: bool = False
    """A successful call changes or deletes its object: it gets a new one.
    Refused calls leave the object as it was, so they share one."""
    isolate: bool = False
    """A successful call changes the roster: it runs with a trainer A, A1 and
    A2 of its own."""
    gaps: dict[str, str] = field(default_factory=dict)
    """persona -> why the code disagrees with the rule today (strict xfail)."""


def expect(default: int, **codes: int) -> dict[str, int]:
    """Anonymous 401; the personas named get their code, the others `default`."""
    unknown = set(codes) - set(PERSONAS)
    assert not unknown, unknown
    return {p: 401 if p == "anonymous" else codes.get(p, default) for p in PERSONAS}


def everyone(code: int) -> dict[str, int]:
    return expect(code)


def by_role(trainers: int, trainees: int) -> dict[str, int]:
    return expect(trainees, trainer_a=trainers, trainer_b=trainers)


def matrix(cases: list[Case]) -> list[Any]:
    """(case, persona) parameters; a known gap is a strict xfail."""
    params = []
    for case in cases:
        assert set(case.expected) == set(PERSONAS), case.name
        for persona in PERSONAS:
            marks = []
            if persona in case.gaps:
                marks.append(pytest.mark.xfail(strict=True, reason=case.gaps[persona]))
            params.append(pytest.param(case, persona, id=f"{case.name}-{persona}", marks=marks))
    return params


async def run_case(world: World, case: Case, persona: str) -> None:
    expected = case.expected[persona]
    succeeds = expected < 300
    if case.isolate and succeeds:
        world = await world.with_own_team_a()
    path_params: Params = {}
    if case.target is not None:
        fresh = case.fresh and succeeds
        path_params = await (case.target(world) if fresh else world.shared(case.target))
    path = case.route.format_map(path_params)
    assert "{" not in path, (case.name, path)
    headers = {} if persona == "anonymous" else world.account(persona).headers
    response = await world.client.request(
        case.method,
        path,
        json=case.body(world) if case.body else None,
        params=case.query(world) if case.query else None,
        headers=headers,
    )
    assert response.status_code == expected, (case.name, persona, response.text)
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"


# -- identity and roster ------------------------------------------------------


async def a1_other_session(w: World) -> Params:
    """A second sign-in of A1 (signing it out leaves A1's token working)."""
    a1 = w.personas.trainee_a1
    tokens = await w.client.post(
        f"{API}/auth/login", json={"email": a1.email, "password": PASSWORD}
    )
    assert tokens.status_code == 200, tokens.text
    other = Account(a1.id, a1.email, a1.role, tokens.json()["accessToken"], "")
    sessions = await w.call(other, "GET", f"{API}/auth/sessions")
    return {"session_id": next(s["id"] for s in sessions["items"] if s["current"])}


async def invitation_to_a1(w: World) -> Params:
    """A pending invitation to A1 from a trainer who is no persona."""
    coach = await register(w.client, "trainer", name="Trainer C")
    invited = await w.call(
        coach,
        "POST",
        f"{API}/roster/invitations",
        json={"email": w.personas.trainee_a1.email},
        expect=201,
    )
    return {"invitation_id": invited["id"]}


async def invitation_from_a(w: World) -> Params:
    """Trainer A's pending invitation to an address with no account."""
    invited = await w.call(
        w.personas.trainer_a, "POST", f"{API}/roster/invitations", json=new_email(w), expect=201
    )
    return {"invitation_id": invited["id"]}


async def unknown_invitation(w: World) -> Params:
    return {"invitation_id": str(uuid.uuid4())}


async def trainee_a1_id(w: World) -> Params:
    return {"trainee_id": str(w.personas.trainee_a1.id)}


async def trainer_a_id(w: World) -> Params:
    return {"trainer_id": str(w.personas.trainer_a.id)}


def new_email(w: World) -> dict[str, Any]:
    return {"email": f"matrix.{uuid.uuid4().hex[:8]}@example.test"}


CASES = [
    Case("my profile", "GET", f"{API}/me", everyone(200)),
    Case("my settings", "GET", f"{API}/me/settings", everyone(200)),
    Case("my export", "GET", f"{API}/me/export", everyone(200)),
    Case("my sessions", "GET", f"{API}/auth/sessions", everyone(200)),
    Case("my invitations", "GET", f"{API}/roster/invitations", everyone(200)),
    Case("my trainees", "GET", f"{API}/roster/trainees", by_role(200, 403)),
    Case("my trainers", "GET", f"{API}/roster/trainers", by_role(403, 200)),
    Case("invite", "POST", f"{API}/roster/invitations", by_role(201, 403), body=new_email),
    Case(
        "sign out A1's other device",
        "DELETE",
        f"{API}/auth/sessions/{{session_id}}",
        expect(404, trainee_a1=204),
        target=a1_other_session,
        fresh=True,
    ),
    Case(
        "accept an invitation to A1",
        "POST",
        f"{API}/roster/invitations/{{invitation_id}}/accept",
        # A1 accepting links A1 to another trainer: in a world of its own.
        expect(404, trainer_a=403, trainer_b=403, trainee_a1=200),
        target=invitation_to_a1,
        isolate=True,
    ),
    Case(
        "decline an invitation to A1",
        "POST",
        f"{API}/roster/invitations/{{invitation_id}}/decline",
        expect(404, trainer_a=403, trainer_b=403, trainee_a1=200),
        target=invitation_to_a1,
        fresh=True,
    ),
    Case(
        "resend A's invitation",
        "POST",
        f"{API}/roster/invitations/{{invitation_id}}/resend",
        expect(403, trainer_a=200, trainer_b=404),
        target=invitation_from_a,
        fresh=True,
    ),
    Case(
        "withdraw A's invitation",
        "POST",
        f"{API}/roster/invitations/{{invitation_id}}/withdraw",
        expect(403, trainer_a=200, trainer_b=404),
        target=invitation_from_a,
        fresh=True,
    ),
    Case(
        "decline an unknown invitation",
        "POST",
        f"{API}/roster/invitations/{{invitation_id}}/decline",
        by_role(403, 404),
        target=unknown_invitation,
    ),
    Case(
        "trainer ends the link with A1",
        "DELETE",
        f"{API}/roster/trainees/{{trainee_id}}",
        expect(403, trainer_a=204, trainer_b=404),
        target=trainee_a1_id,
        isolate=True,
    ),
    Case(
        "trainee ends the link with trainer A",
        "DELETE",
        f"{API}/roster/trainers/{{trainer_id}}",
        expect(404, trainer_a=403, trainer_b=403, trainee_a1=204, trainee_a2=204),
        target=trainer_a_id,
        isolate=True,
    ),
]


@pytest_asyncio.fixture(scope="module")
async def world(client: httpx.AsyncClient, personas: ApiPersonas) -> World:
    return World(client, personas)


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
async def test_route_answers_each_persona_as_expected(
    world: World, case: Case, persona: str
) -> None:
    await run_case(world, case, persona)
