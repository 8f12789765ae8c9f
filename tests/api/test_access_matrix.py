"""Every identity-and-access route, called by every persona.

Other people's objects answer 404 (never 403): a caller cannot tell whether
they exist. A role that may never call a route answers 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from tests.api.helpers import API, ApiPersonas

PERSONAS = [
    "anonymous",
    "trainer_a",
    "trainer_b",
    "trainee_a1",
    "trainee_a2",
    "trainee_b1",
    "outsider",
]


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: Callable[[ApiPersonas], str]
    expected: dict[str, int]
    body: dict[str, object] | None = None


def everyone(code: int) -> dict[str, int]:
    return {p: (401 if p == "anonymous" else code) for p in PERSONAS}


def by_role(trainers: int, trainees: int) -> dict[str, int]:
    return {
        p: 401 if p == "anonymous" else trainers if p.startswith("trainer") else trainees
        for p in PERSONAS
    }


def a1_session(p: ApiPersonas) -> str:
    return str(p.trainee_a1.extra["session_id"])


CASES = [
    Case("my profile", "GET", lambda p: f"{API}/me", everyone(200)),
    Case("my settings", "GET", lambda p: f"{API}/me/settings", everyone(200)),
    Case("my export", "GET", lambda p: f"{API}/me/export", everyone(200)),
    Case("my sessions", "GET", lambda p: f"{API}/auth/sessions", everyone(200)),
    Case("my invitations", "GET", lambda p: f"{API}/roster/invitations", everyone(200)),
    Case("my trainees", "GET", lambda p: f"{API}/roster/trainees", by_role(200, 403)),
    Case("my trainers", "GET", lambda p: f"{API}/roster/trainers", by_role(403, 200)),
    Case(
        "invite",
        "POST",
        lambda p: f"{API}/roster/invitations",
        by_role(201, 403),
        body={"email": "matrix.invitee@example.test"},
    ),
    Case(
        "accept A1's invitation",
        "POST",
        lambda p: f"{API}/roster/invitations/{p.trainee_a1.extra['invitation_id']}/accept",
        # A1 already accepted: 409 for A1; invisible to other trainees.
        {**by_role(403, 404), "trainee_a1": 409},
    ),
    Case(
        "end A1's link",
        "DELETE",
        lambda p: f"{API}/roster/trainees/{p.trainee_a1.id}",
        # Only trainer A has A1; the request is not repeated for trainer A
        # because it would change the personas (see test below).
        {**by_role(404, 403), "trainer_a": 204},
    ),
    Case(
        "sign out A1's session",
        "DELETE",
        lambda p: f"{API}/auth/sessions/{a1_session(p)}",
        {**everyone(404)},
    ),
    Case(
        "unknown invitation",
        "POST",
        lambda p: f"{API}/roster/invitations/{uuid.uuid4()}/decline",
        by_role(403, 404),
    ),
]


@pytest.fixture(scope="module")
async def matrix_personas(personas: ApiPersonas, client: httpx.AsyncClient) -> ApiPersonas:
    sessions = await client.get(f"{API}/auth/sessions", headers=personas.trainee_a1.headers)
    personas.trainee_a1.extra["session_id"] = sessions.json()[0]["id"]
    invitations = await client.get(f"{API}/roster/invitations", headers=personas.trainee_a1.headers)
    personas.trainee_a1.extra["invitation_id"] = invitations.json()["items"][0]["id"]
    return personas


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
async def test_route_answers_each_persona_as_expected(
    client: httpx.AsyncClient, matrix_personas: ApiPersonas, case: Case, persona: str
) -> None:
    expected = case.expected[persona]
    if case.name == "end A1's link" and persona == "trainer_a":
        pytest.skip(
            "ending a link mutates the personas; test_roster.py::test_either_side_can_end_the_link"
        )
    body: dict[str, object] | None = case.body
    if case.name == "invite" and expected == 201:
        body = {"email": f"matrix.{uuid.uuid4().hex[:8]}@example.test"}
    headers = {} if persona == "anonymous" else matrix_personas.all()[persona].headers
    if case.name == "sign out A1's session" and persona == "trainee_a1":
        pytest.skip(
            "signing out mutates the personas;"
            " test_auth_tokens.py::test_sessions_list_and_sign_out_of_one_device"
        )
    response = await client.request(
        case.method, case.path(matrix_personas), json=body, headers=headers
    )
    assert response.status_code == expected, (case.name, persona, response.text)
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"
