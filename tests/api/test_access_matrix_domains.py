"""The access matrix of the training routes (see test_access_matrix.py), and
the guard that every route of the app that takes an id is in the matrix.

The objects belong to trainer A's team: a session A booked for A1, a workout
and a session card A wrote for A1, A1's body weight, A's own exercise, A's
templates, a program A assigned to A1, A1's notification, A's webhook and an
audit entry of A's change to A1's workout.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi.routing import iter_route_contexts

from spotter import clock
from tests.api.domain import Pair, book, squat
from tests.api.helpers import API, ApiPersonas
from tests.api.test_access_matrix import CASES as IDENTITY_CASES
from tests.api.test_access_matrix import (
    Case,
    Params,
    World,
    everyone,
    expect,
    matrix,
    run_case,
)

TODAY = clock.today()
_days_back = itertools.count(1)


def unique(label: str) -> str:
    return f"Matrix {label} {uuid.uuid4().hex[:8]}"


# -- the objects ----------------------------------------------------------------


async def schedule_of_a1(w: World) -> Params:
    booked = await book(w.client, Pair(w.personas.trainer_a, w.personas.trainee_a1))
    return {"schedule_id": booked["id"]}


async def workout_of_a1(w: World) -> Params:
    p = w.personas
    logged = await w.call(
        p.trainer_a,
        "POST",
        f"{API}/workouts",
        json={
            "traineeId": str(p.trainee_a1.id),
            "date": TODAY.isoformat(),
            "duration": 60,
            "exercises": [squat(60, 5)],
        },
        expect=201,
    )
    return {"workout_id": logged["id"]}


async def card_for_a1(w: World) -> Params:
    p = w.personas
    card = await w.call(
        p.trainer_a,
        "POST",
        f"{API}/session-cards",
        json={"traineeId": str(p.trainee_a1.id), "date": TODAY.isoformat(), "summary": "Solid."},
        expect=201,
    )
    return {"card_id": card["id"]}


async def body_weight_of_a1(w: World) -> Params:
    day = (TODAY - dt.timedelta(days=next(_days_back))).isoformat()
    await w.call(
        w.personas.trainee_a1,
        "POST",
        f"{API}/body-weight",
        json={"date": day, "weight": 70.5},
        expect=201,
    )
    return {"day": day}


async def exercise_of_a(w: World) -> Params:
    made = await w.call(
        w.personas.trainer_a,
        "POST",
        f"{API}/exercises",
        json={"name": unique("move"), "type": "weight_training", "category": "legs"},
        expect=201,
    )
    return {"exercise_id": made["id"]}


async def builtin_exercise(w: World) -> Params:
    listed = await w.call(
        w.personas.outsider, "GET", f"{API}/exercises", params={"limit": "20", "sort": "name"}
    )
    return {"exercise_id": next(e["id"] for e in listed["items"] if e["createdBy"] is None)}


async def _exercise_template(w: World, *, public: bool) -> Params:
    made = await w.call(
        w.personas.trainer_a,
        "POST",
        f"{API}/exercise-templates",
        json={"name": unique("template"), "exercises": [{"name": "Squat"}], "isPublic": public},
        expect=201,
    )
    return {"template_id": made["id"]}


async def exercise_template_of_a(w: World) -> Params:
    return await _exercise_template(w, public=False)


async def public_exercise_template_of_a(w: World) -> Params:
    return await _exercise_template(w, public=True)


async def _program_template(w: World, *, public: bool) -> Params:
    plan = [{"week": 1, "days": [{"day": "monday", "exercises": [{"name": "Squat"}]}]}]
    made = await w.call(
        w.personas.trainer_a,
        "POST",
        f"{API}/program-templates",
        json={
            "name": unique("program"),
            "durationWeeks": 4,
            "weeklyPlan": plan,
            "isPublic": public,
        },
        expect=201,
    )
    return {"template_id": made["id"]}


async def program_template_of_a(w: World) -> Params:
    """Private, not assigned to anyone."""
    return await _program_template(w, public=False)


async def public_program_template_of_a(w: World) -> Params:
    return await _program_template(w, public=True)


async def assign_to_a1(w: World, template_id: str) -> dict[str, Any]:
    assigned: dict[str, Any] = await w.call(
        w.personas.trainer_a,
        "POST",
        f"{API}/program-templates/{template_id}/assign",
        json=assign_body(w),
        expect=201,
    )
    return assigned


async def program_template_assigned_to_a1(w: World) -> Params:
    """Private; A1 reads it through the program A assigned."""
    template = await program_template_of_a(w)
    await assign_to_a1(w, template["template_id"])
    return template


async def program_of_a1(w: World) -> Params:
    template = await program_template_of_a(w)
    assigned = await assign_to_a1(w, template["template_id"])
    return {"program_id": assigned["id"]}


async def notification_of_a1(w: World) -> Params:
    await w.shared(schedule_of_a1)  # A1 hears of the booking
    listed = await w.call(w.personas.trainee_a1, "GET", f"{API}/notifications")
    return {"notification_id": listed["items"][0]["id"]}


async def _webhook(w: World, owner: str) -> Params:
    made = await w.call(
        w.account(owner),
        "POST",
        f"{API}/webhooks",
        json={"url": "https://hooks.example.com/spotter", "events": ["workout.logged"]},
        expect=201,
    )
    return {"webhook_id": made["id"]}


async def webhook_of_a(w: World) -> Params:
    return await _webhook(w, "trainer_a")


async def webhook_of_a1(w: World) -> Params:
    return await _webhook(w, "trainee_a1")


async def a_changed_a1s_workout(w: World) -> Params:
    """The audit entry of trainer A's change to A1's workout."""
    workout_id = (await workout_of_a1(w))["workout_id"]
    trainer = w.personas.trainer_a
    await w.call(trainer, "PATCH", f"{API}/workouts/{workout_id}", json={"notes": "Changed"})
    entries = await w.call(
        trainer,
        "GET",
        f"{API}/audit-logs",
        params={"resourceType": "workouts", "resourceId": workout_id},
    )
    return {"entry_id": next(e["id"] for e in entries["items"] if e["action"] == "UPDATE")}


async def trainee_a1(w: World) -> Params:
    return {"trainee_id": str(w.personas.trainee_a1.id)}


def assign_body(w: World) -> dict[str, Any]:
    return {"traineeId": str(w.personas.trainee_a1.id), "startDate": TODAY.isoformat()}


def of_a1(w: World) -> dict[str, Any]:
    return {"traineeId": str(w.personas.trainee_a1.id)}


def body(**values: Any) -> Any:
    return lambda w: values


# -- the matrix -------------------------------------------------------------------

# A1's trainer and A1 themselves; everyone else is told it does not exist.
A_AND_A1 = expect(404, trainer_a=200, trainee_a1=200)
# A trainer's own things: trainees may never call; trainer B is told it does not exist.
TRAINER_A_ONLY = expect(403, trainer_a=200, trainer_b=404)
DELETED_BY_TRAINER_A = expect(403, trainer_a=204, trainer_b=404)

S, W, C = f"{API}/schedules", f"{API}/workouts", f"{API}/session-cards"
BW, EX = f"{API}/body-weight", f"{API}/exercises"
ET, PT, TP = f"{API}/exercise-templates", f"{API}/program-templates", f"{API}/trainee-programs"
HOOK = f"{API}/webhooks/{{webhook_id}}"
STATS = f"{API}/stats/trainees/{{trainee_id}}"

CASES = [
    # schedules
    Case("A1's session", "GET", f"{S}/{{schedule_id}}", A_AND_A1, schedule_of_a1),
    Case(
        "edit A1's session",
        "PATCH",
        f"{S}/{{schedule_id}}",
        TRAINER_A_ONLY,
        schedule_of_a1,
        body=body(location="Matrix gym"),
    ),
    Case(
        "cancel A1's session",
        "POST",
        f"{S}/{{schedule_id}}/status",
        A_AND_A1,
        schedule_of_a1,
        body=body(status="cancelled"),
        fresh=True,
    ),
    Case(
        "delete A1's session",
        "DELETE",
        f"{S}/{{schedule_id}}",
        DELETED_BY_TRAINER_A,
        schedule_of_a1,
        fresh=True,
    ),
    # workouts
    Case("A1's workout", "GET", f"{W}/{{workout_id}}", A_AND_A1, workout_of_a1),
    Case(
        "edit A1's workout",
        "PATCH",
        f"{W}/{{workout_id}}",
        A_AND_A1,
        workout_of_a1,
        body=body(notes="Matrix"),
    ),
    Case(
        "delete A1's workout",
        "DELETE",
        f"{W}/{{workout_id}}",
        expect(404, trainer_a=204, trainee_a1=204),
        workout_of_a1,
        fresh=True,
    ),
    # session cards
    Case("A1's session card", "GET", f"{C}/{{card_id}}", A_AND_A1, card_for_a1),
    Case(
        "edit A1's session card",
        "PATCH",
        f"{C}/{{card_id}}",
        TRAINER_A_ONLY,
        card_for_a1,
        body=body(summary="Matrix"),
    ),
    Case(
        "delete A1's session card",
        "DELETE",
        f"{C}/{{card_id}}",
        DELETED_BY_TRAINER_A,
        card_for_a1,
        fresh=True,
    ),
    # body weight: the day is the id, the trainee a query parameter
    Case(
        "replace A1's body weight",
        "PUT",
        f"{BW}/{{day}}",
        A_AND_A1,
        body_weight_of_a1,
        body=body(weight=71),
        query=of_a1,
    ),
    Case(
        "delete A1's body weight",
        "DELETE",
        f"{BW}/{{day}}",
        expect(404, trainer_a=204, trainee_a1=204),
        body_weight_of_a1,
        query=of_a1,
        fresh=True,
    ),
    # exercises: A's own are read by A's trainees too
    Case(
        "A's exercise",
        "GET",
        f"{EX}/{{exercise_id}}",
        expect(404, trainer_a=200, trainee_a1=200, trainee_a2=200),
        exercise_of_a,
    ),
    Case(
        "edit A's exercise",
        "PATCH",
        f"{EX}/{{exercise_id}}",
        TRAINER_A_ONLY,
        exercise_of_a,
        body=body(description="Matrix"),
    ),
    Case(
        "archive A's exercise",
        "DELETE",
        f"{EX}/{{exercise_id}}",
        DELETED_BY_TRAINER_A,
        exercise_of_a,
        fresh=True,
    ),
    Case("a built-in exercise", "GET", f"{EX}/{{exercise_id}}", everyone(200), builtin_exercise),
    Case(
        "edit a built-in exercise",
        "PATCH",
        f"{EX}/{{exercise_id}}",
        everyone(403),
        builtin_exercise,
        body=body(description="Matrix"),
    ),
    Case(
        "archive a built-in exercise",
        "DELETE",
        f"{EX}/{{exercise_id}}",
        everyone(403),
        builtin_exercise,
    ),
    # exercise templates: trainees read none
    Case(
        "A's exercise template",
        "GET",
        f"{ET}/{{template_id}}",
        expect(404, trainer_a=200),
        exercise_template_of_a,
    ),
    Case(
        "A's public exercise template",
        "GET",
        f"{ET}/{{template_id}}",
        expect(404, trainer_a=200, trainer_b=200),
        public_exercise_template_of_a,
    ),
    Case(
        "edit A's exercise template",
        "PATCH",
        f"{ET}/{{template_id}}",
        TRAINER_A_ONLY,
        exercise_template_of_a,
        body=body(description="Matrix"),
    ),
    Case(
        "edit A's public exercise template",
        "PATCH",
        f"{ET}/{{template_id}}",
        TRAINER_A_ONLY,
        public_exercise_template_of_a,
        body=body(description="Matrix"),
    ),
    Case(
        "delete A's exercise template",
        "DELETE",
        f"{ET}/{{template_id}}",
        DELETED_BY_TRAINER_A,
        exercise_template_of_a,
        fresh=True,
    ),
    # program templates: a trainee reads those assigned to them
    Case(
        "A's program template",
        "GET",
        f"{PT}/{{template_id}}",
        expect(404, trainer_a=200),
        program_template_of_a,
    ),
    Case(
        "A's program template assigned to A1",
        "GET",
        f"{PT}/{{template_id}}",
        A_AND_A1,
        program_template_assigned_to_a1,
    ),
    Case(
        "A's public program template",
        "GET",
        f"{PT}/{{template_id}}",
        expect(404, trainer_a=200, trainer_b=200),
        public_program_template_of_a,
    ),
    Case(
        "edit A's program template",
        "PATCH",
        f"{PT}/{{template_id}}",
        TRAINER_A_ONLY,
        program_template_of_a,
        body=body(description="Matrix"),
    ),
    Case(
        "delete A's program template",
        "DELETE",
        f"{PT}/{{template_id}}",
        DELETED_BY_TRAINER_A,
        program_template_of_a,
        fresh=True,
    ),
    Case(
        "assign A's program template to A1",
        "POST",
        f"{PT}/{{template_id}}/assign",
        expect(403, trainer_a=201, trainer_b=404),
        program_template_of_a,
        body=assign_body,
    ),
    # trainee programs
    Case("A1's program", "GET", f"{TP}/{{program_id}}", A_AND_A1, program_of_a1),
    Case(
        "set the week of A1's program",
        "PATCH",
        f"{TP}/{{program_id}}",
        A_AND_A1,
        program_of_a1,
        body=body(currentWeek=1),
    ),
    # notifications
    Case(
        "mark A1's notification read",
        "POST",
        f"{API}/notifications/{{notification_id}}/read",
        expect(404, trainee_a1=200),
        notification_of_a1,
    ),
    # audit
    Case(
        "revert A's change to A1's workout",
        "POST",
        f"{API}/audit-logs/{{entry_id}}/revert",
        # A1 may read the entry but only its author may revert it.
        expect(404, trainer_a=200, trainee_a1=403),
        a_changed_a1s_workout,
        fresh=True,
    ),
    # statistics
    Case("A1's statistics", "GET", STATS, A_AND_A1, trainee_a1),
    Case(
        "A1's progress",
        "GET",
        f"{STATS}/progress",
        A_AND_A1,
        trainee_a1,
        query=body(exercise="Barbell Back Squat"),
    ),
    Case("A1's most trained", "GET", f"{STATS}/top-exercises", A_AND_A1, trainee_a1),
    # webhooks: only their owner, not even a trainee's trainer
    Case("A's webhook", "GET", HOOK, expect(404, trainer_a=200), webhook_of_a),
    Case("A1's webhook", "GET", HOOK, expect(404, trainee_a1=200), webhook_of_a1),
    Case(
        "edit A's webhook",
        "PATCH",
        HOOK,
        expect(404, trainer_a=200),
        webhook_of_a,
        body=body(description="Matrix"),
    ),
    Case(
        "delete A's webhook",
        "DELETE",
        HOOK,
        expect(404, trainer_a=204),
        webhook_of_a,
        fresh=True,
    ),
    Case(
        "deliveries of A's webhook",
        "GET",
        f"{HOOK}/deliveries",
        expect(404, trainer_a=200),
        webhook_of_a,
    ),
    Case("ping A's webhook", "POST", f"{HOOK}/test", expect(404, trainer_a=202), webhook_of_a),
]


@pytest_asyncio.fixture(scope="module")
async def world(client: httpx.AsyncClient, personas: ApiPersonas) -> World:
    return World(client, personas)


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
async def test_route_answers_each_persona_as_expected(
    world: World, case: Case, persona: str
) -> None:
    await run_case(world, case, persona)


def id_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path template) of every route with a path parameter: from the
    route table, and from the OpenAPI document in case the walk misses some."""
    found: set[tuple[str, str]] = set()
    for route in iter_route_contexts(app.routes):
        path = route.path_format or ""
        if not path.startswith("/api/"):
            continue  # web pages (cookie sign-in): tests/web/test_web_access.py
        found.update((m, path) for m in route.methods or () if m != "HEAD" and "{" in path)
    for path, operations in app.openapi()["paths"].items():
        if "{" in path:
            found.update((m.upper(), path) for m in operations if m != "parameters")
    return found


def test_the_matrix_calls_every_route_that_takes_an_id(app: Any) -> None:
    in_app = id_routes(app)
    assert ("GET", f"{S}/{{schedule_id}}") in in_app  # the walk found the API's routes
    covered = {(c.method, c.route) for c in [*IDENTITY_CASES, *CASES] if "{" in c.route}
    missing = sorted(in_app - covered)
    assert not missing, f"id-taking routes no matrix case calls: {missing}"
    stale = sorted(covered - in_app)
    assert not stale, f"matrix cases for routes the app does not have: {stale}"
