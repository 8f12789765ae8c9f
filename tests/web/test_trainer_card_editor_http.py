"""The session card editor over HTTP, as a browser without JavaScript: the
draft from a workout, "Add"/"Remove" answered by the server, saving through
the service (the trainee is told), errors per field with nothing saved, and
who may open the editor."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio

from spotter import clock
from tests.api.helpers import API, Account, ApiPersonas, create_api_personas
from tests.web.http_helpers import csrf_of, persona_browsers

SQUAT = "Barbell Back Squat"


@dataclass
class Setup:
    personas: ApiPersonas
    api: httpx.AsyncClient
    web: dict[str, httpx.AsyncClient]
    baseline_id: str
    record_id: str


def squat(weight: float, reps: int) -> dict[str, Any]:
    sets = [{"setNumber": n, "weight": weight, "reps": reps} for n in (1, 2)]
    return {"name": SQUAT, "type": "weight_training", "sets": sets}


async def log_workout(
    api: httpx.AsyncClient, trainer: Account, trainee: Account, day: dt.date, entry: Any
) -> str:
    response = await api.post(
        f"{API}/workouts",
        json={
            "traineeId": str(trainee.id),
            "date": day.isoformat(),
            "duration": 45,
            "exercises": [entry],
        },
        headers=trainer.headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest_asyncio.fixture(scope="module")
async def setup(client: httpx.AsyncClient, app: Any) -> AsyncIterator[Setup]:
    personas = await create_api_personas(client)
    trainer, trainee = personas.trainer_a, personas.trainee_a1
    today = clock.today()
    # 100 kg first, then 110 kg: the second sets the records.
    baseline = await log_workout(
        client, trainer, trainee, today - dt.timedelta(days=3), squat(100, 5)
    )
    record = await log_workout(
        client, trainer, trainee, today - dt.timedelta(days=1), squat(110, 3)
    )
    async with persona_browsers(client, app, personas) as web:
        yield Setup(personas, client, web, baseline, record)


def inputs(page: str, name: str) -> list[str]:
    """The values of the text inputs called `name`, in page order."""
    pattern = rf'<input id="[^"]*" name="{name}" type="text" maxlength="500" value="([^"]*)"'
    return re.findall(pattern, page)


async def cards_of(setup: Setup) -> list[dict[str, Any]]:
    listed = await setup.api.get(
        f"{API}/session-cards?limit=100", headers=setup.personas.trainee_a1.headers
    )
    assert listed.status_code == 200, listed.text
    items: list[dict[str, Any]] = listed.json()["items"]
    return items


async def post_form(web: httpx.AsyncClient, path: str, data: dict[str, Any]) -> httpx.Response:
    token = csrf_of(await web.get("/settings"))
    return await web.post(path, data={**data, "csrf_token": token})


def form_of(setup: Setup, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "trainee": str(setup.personas.trainee_a1.id),
        "workout": "",
        "date": clock.today().isoformat(),
        "summary": "Good session.",
        "achievements": [""],
        "areas_for_improvement": [""],
        "next_session_goals": [""],
        "rating": "",
        "tags": "",
        "images": "",
        "videos": "",
        "trainer_notes": "",
    }
    return base | fields


async def test_the_draft_from_a_record_workout_lists_its_records(setup: Setup) -> None:
    trainee = setup.personas.trainee_a1.id
    page = await setup.web["trainer_a"].get(
        f"/cards/new?trainee={trainee}&workout={setup.record_id}"
    )
    assert page.status_code == 200, page.text
    assert inputs(page.text, "achievements") == [
        f"{SQUAT}: new heaviest weight, 110 kg",
        f"{SQUAT}: new best estimated 1RM, 121 kg",
        "",
    ]
    assert "Workout: 45 min; sets: 2; lifted: 660 kg." in page.text
    assert f'<option value="{setup.record_id}" selected>' in page.text
    yesterday = (clock.today() - dt.timedelta(days=1)).isoformat()
    assert f'name="date" type="date" value="{yesterday}"' in page.text

    earlier = await setup.web["trainer_a"].get(
        f"/cards/new?trainee={trainee}&workout={setup.baseline_id}"
    )
    assert inputs(earlier.text, "achievements") == [""]  # beaten since: no record held


async def test_add_and_remove_without_javascript_save_nothing(setup: Setup) -> None:
    before = len(await cards_of(setup))
    web = setup.web["trainer_a"]
    added = await post_form(
        web,
        "/cards/new",
        form_of(setup, achievements=["Deep squat", "Kept pace", ""], add="achievements"),
    )
    assert added.status_code == 200
    assert inputs(added.text, "achievements") == ["Deep squat", "Kept pace", "", ""]
    removed = await post_form(
        web,
        "/cards/new",
        form_of(setup, achievements=["Deep squat", "Kept pace"], remove="achievements:0"),
    )
    assert inputs(removed.text, "achievements") == ["Kept pace", ""]
    assert len(await cards_of(setup)) == before


async def test_saving_creates_the_card_the_trainee_reads(setup: Setup) -> None:
    response = await post_form(
        setup.web["trainer_a"],
        "/cards/new",
        form_of(
            setup,
            workout=setup.record_id,
            summary="Strong squats today.",
            achievements=["Squat 110 kg", ""],
            areas_for_improvement=["Brace before each rep", ""],
            next_session_goals=["Squat 112.5 kg", "Sleep 8 hours", ""],
            rating="5",
            tags="legs, strength",
            images="https://example.com/squat.jpg",
            videos="https://example.com/a.mp4\nhttps://example.com/b.mp4",
        ),
    )
    assert response.status_code == 303, response.text
    card_id = response.headers["location"].removeprefix("/cards/")
    trainee = setup.personas.trainee_a1
    read = await setup.api.get(f"{API}/session-cards/{card_id}", headers=trainee.headers)
    assert read.status_code == 200, read.text
    card = read.json()
    assert card["summary"] == "Strong squats today."
    assert card["achievements"] == ["Squat 110 kg"]
    assert card["areasForImprovement"] == ["Brace before each rep"]
    assert card["nextSessionGoals"] == ["Squat 112.5 kg", "Sleep 8 hours"]
    assert card["rating"] == 5
    assert card["tags"] == ["legs", "strength"]
    assert card["media"] == {
        "images": ["https://example.com/squat.jpg"],
        "videos": ["https://example.com/a.mp4", "https://example.com/b.mp4"],
    }
    assert card["workoutId"] == setup.record_id
    # Saved through the service: the trainee was told.
    told = await setup.api.get(f"{API}/notifications?limit=20", headers=trainee.headers)
    assert any(n["type"] == "session_card_created" for n in told.json()["items"])


async def test_each_bad_field_comes_back_with_its_error_and_nothing_is_saved(
    setup: Setup,
) -> None:
    before = len(await cards_of(setup))
    web = setup.web["trainer_a"]
    cases = [
        ({"rating": "9"}, "ce-rating-error", "Choose a rating from 1 to 5."),
        ({"images": "http://example.com/x.jpg"}, "ce-images-error", "https://"),
        ({"summary": ""}, "ce-summary-error", "summary"),
        ({"tags": "x" * 51}, "ce-tags-error", "50 characters"),
        (
            {"trainee": str(setup.personas.trainee_b1.id)},
            "ce-trainee-error",
            "not one of your trainees",
        ),
    ]
    for fields, error_id, message in cases:
        response = await post_form(web, "/cards/new", form_of(setup, **fields))
        assert response.status_code == 422, (fields, response.text[:300])
        error = re.search(rf'id="{error_id}"[^>]*>([^<]*)<', response.text)
        assert error, (fields, error_id)
        assert message in error.group(1)

    too_long = await post_form(
        web, "/cards/new", form_of(setup, achievements=["Fine", "y" * 501], summary="Kept")
    )
    assert too_long.status_code == 422
    assert 'id="ce-achievements-2" name="achievements"' in too_long.text
    assert re.search(r'id="ce-achievements-2"[^>]*aria-invalid="true"', too_long.text)
    assert 'value="Kept"' not in too_long.text  # the summary is a textarea
    assert ">Kept</textarea>" in too_long.text  # ... kept as typed
    assert len(await cards_of(setup)) == before


async def test_a_workout_of_another_trainee_is_refused(setup: Setup) -> None:
    other = await log_workout(
        setup.api,
        setup.personas.trainer_a,
        setup.personas.trainee_a2,
        clock.today(),
        squat(50, 5),
    )
    response = await post_form(setup.web["trainer_a"], "/cards/new", form_of(setup, workout=other))
    assert response.status_code == 422
    assert "Choose one of this trainee&#39;s workouts." in response.text


async def test_the_author_edits_a_card(setup: Setup) -> None:
    created = await post_form(
        setup.web["trainer_a"], "/cards/new", form_of(setup, achievements=["First", ""])
    )
    card_id = created.headers["location"].removeprefix("/cards/")
    web = setup.web["trainer_a"]
    view = await web.get(f"/cards/{card_id}")
    assert f'href="/cards/{card_id}/edit"' in view.text
    page = await web.get(f"/cards/{card_id}/edit")
    assert page.status_code == 200
    assert inputs(page.text, "achievements") == ["First", ""]
    saved = await post_form(
        web,
        f"/cards/{card_id}/edit",
        form_of(setup, summary="Edited.", achievements=["First", "Second"], rating="3"),
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/cards/{card_id}"
    card = (
        await setup.api.get(
            f"{API}/session-cards/{card_id}", headers=setup.personas.trainee_a1.headers
        )
    ).json()
    assert (card["summary"], card["achievements"], card["rating"]) == (
        "Edited.",
        ["First", "Second"],
        3,
    )
    refused = await post_form(web, f"/cards/{card_id}/edit", form_of(setup, rating="0"))
    assert refused.status_code == 422


async def test_only_the_author_opens_the_editor(setup: Setup) -> None:
    created = await post_form(setup.web["trainer_a"], "/cards/new", form_of(setup))
    card_id = created.headers["location"].removeprefix("/cards/")
    trainee_id = setup.personas.trainee_a1.id
    for name in ("trainer_b", "trainee_a1"):
        web = setup.web[name]
        assert (await web.get(f"/cards/{card_id}/edit")).status_code == 404
        posted = await post_form(web, f"/cards/{card_id}/edit", form_of(setup, summary="Hijack"))
        assert posted.status_code == 404
        assert (await web.get(f"/cards/new?trainee={trainee_id}")).status_code == 404
    # To a trainee the editor does not exist, even where no card is named.
    assert (await setup.web["trainee_a1"].get("/cards/new")).status_code == 404
    written = await post_form(setup.web["trainee_a1"], "/cards/new", form_of(setup))
    assert written.status_code == 404
    # The trainee reads the card but is offered no "Edit".
    view = await setup.web["trainee_a1"].get(f"/cards/{card_id}")
    assert view.status_code == 200
    assert "/edit" not in view.text


async def test_without_a_trainee_the_editor_asks_for_one(setup: Setup) -> None:
    page = await setup.web["trainer_a"].get("/cards/new")
    assert page.status_code == 200
    assert f'<option value="{setup.personas.trainee_a1.id}">Trainee A1</option>' in page.text


async def test_fill_in_from_a_workout_adds_its_draft_to_what_was_typed(setup: Setup) -> None:
    before = len(await cards_of(setup))
    web = setup.web["trainer_a"]
    typed = form_of(
        setup, workout=setup.record_id, summary="", achievements=["Typed first", ""], prefill="1"
    )
    page = await post_form(web, "/cards/new", typed)
    assert page.status_code == 200
    assert inputs(page.text, "achievements") == [
        "Typed first",
        f"{SQUAT}: new heaviest weight, 110 kg",
        f"{SQUAT}: new best estimated 1RM, 121 kg",
        "",
    ]
    assert ">Workout: 45 min; sets: 2; lifted: 660 kg.</textarea>" in page.text
    none_chosen = await post_form(web, "/cards/new", form_of(setup, prefill="1"))
    assert none_chosen.status_code == 422
    assert 'id="ce-workout-error"' in none_chosen.text
    assert len(await cards_of(setup)) == before
