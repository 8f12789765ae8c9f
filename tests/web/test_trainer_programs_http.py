"""Programs over HTTP, as a browser without JavaScript sends them: the
builder's submit buttons re-render the grid ("Add exercise", "Remove",
"Duplicate week", "Update weeks"), "Save" stores the plan in kg, bad input
is answered on the form (422) with nothing saved, editing keeps what the
grid does not show, assigning, and who may open what."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio

from tests.api.helpers import API, Account, ApiPersonas, create_api_personas
from tests.web.http_helpers import csrf_of, persona_browsers


@dataclass
class Programs:
    personas: ApiPersonas
    api: httpx.AsyncClient
    web: dict[str, httpx.AsyncClient]

    async def post(self, who: str, path: str, fields: dict[str, str]) -> httpx.Response:
        browser = self.web[who]
        token = csrf_of(await browser.get("/programs/new"))
        return await browser.post(path, data={"csrf_token": token, **fields})

    async def templates(self, account: Account) -> list[dict[str, Any]]:
        listed = await self.api.get(
            f"{API}/program-templates",
            params={"scope": "mine", "limit": 100},
            headers=account.headers,
        )
        assert listed.status_code == 200, listed.text
        items: list[dict[str, Any]] = listed.json()["items"]
        return items


@pytest_asyncio.fixture(scope="module")
async def programs(client: httpx.AsyncClient, app: Any) -> AsyncIterator[Programs]:
    personas = await create_api_personas(client)
    async with persona_browsers(client, app, personas) as web:
        yield Programs(personas, client, web)


def program_fields(name: str, **changes: str) -> dict[str, str]:
    fields = {
        "name": name,
        "description": "Three days a week",
        "duration_weeks": "1",
        "weeks_shown": "1",
        "difficulty": "beginner",
        "goals": "Squat 100 kg\nBetter posture",
        "w1-monday-0-name": "Barbell Back Squat",
        "w1-monday-0-sets": "5",
        "w1-monday-0-reps": "5",
        "w1-monday-0-weight": "60",
        "w1-monday-1-name": "Bench Press",
        "w1-monday-1-sets": "3",
        "w1-monday-1-reps": "8",
        "w1-monday-1-weight": "",
        "w1-wednesday-0-name": "",
        "action": "save",
    }
    return {**fields, **changes}


def field_error(page: httpx.Response, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="pg-{field}-error">([^<]*)</p>', page.text)
    return found.group(1) if found else ""


def typed(page: httpx.Response, field: str) -> str | None:
    found = re.search(rf'name="{field}"[^>]*value="([^"]*)"', page.text)
    return found.group(1) if found else None


def saved_id(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/programs/([0-9a-f-]{36})\?saved=1", response.headers["location"])
    assert found, response.headers["location"]
    return found.group(1)


@pytest.mark.asyncio
async def test_save_stores_the_plan_as_the_api_has_it(programs: Programs) -> None:
    response = await programs.post("trainer_a", "/programs/new", program_fields("HTTP basics"))
    program_id = saved_id(response)
    stored = (
        await programs.api.get(
            f"{API}/program-templates/{program_id}", headers=programs.personas.trainer_a.headers
        )
    ).json()
    assert stored["durationWeeks"] == 1
    assert stored["difficulty"] == "beginner"
    assert stored["goals"] == ["Squat 100 kg", "Better posture"]
    assert stored["isPublic"] is False
    assert stored["weeklyPlan"] == [
        {
            "week": 1,
            "days": [
                {
                    "day": "monday",
                    "exercises": [
                        {
                            "name": "Barbell Back Squat",
                            "targetSets": 5,
                            "targetReps": 5,
                            "targetWeight": 60.0,
                        },
                        {"name": "Bench Press", "targetSets": 3, "targetReps": 8},
                    ],
                }
            ],
        }
    ]
    page = await programs.web["trainer_a"].get(f"/programs/{program_id}?saved=1")
    assert "Program saved." in page.text
    assert "Barbell Back Squat" in page.text


@pytest.mark.asyncio
async def test_weight_is_typed_in_the_viewers_unit(programs: Programs) -> None:
    trainer = programs.personas.trainer_a
    changed = await programs.api.patch(
        f"{API}/me/settings", json={"weightUnit": "lbs"}, headers=trainer.headers
    )
    assert changed.status_code == 200, changed.text
    try:
        fields = program_fields("In pounds", **{"w1-monday-0-weight": "135"})
        program_id = saved_id(await programs.post("trainer_a", "/programs/new", fields))
        stored = (
            await programs.api.get(f"{API}/program-templates/{program_id}", headers=trainer.headers)
        ).json()
        kg = stored["weeklyPlan"][0]["days"][0]["exercises"][0]["targetWeight"]
        assert kg == pytest.approx(61.23, abs=0.01)
        edit = await programs.web["trainer_a"].get(f"/programs/{program_id}/edit")
        assert typed(edit, "w1-monday-0-weight") == "135"
        assert "Weight (lbs)" in edit.text
    finally:
        await programs.api.patch(
            f"{API}/me/settings", json={"weightUnit": "kg"}, headers=trainer.headers
        )


@pytest.mark.asyncio
async def test_grid_buttons_rerender_without_saving(programs: Programs) -> None:
    before = len(await programs.templates(programs.personas.trainer_a))
    fields = program_fields("Grid only")
    added = await programs.post("trainer_a", "/programs/new", {**fields, "action": "add:1:monday"})
    assert added.status_code == 200
    assert typed(added, "w1-monday-1-name") == "Bench Press"
    assert typed(added, "w1-monday-2-name") == ""

    removed = await programs.post(
        "trainer_a", "/programs/new", {**fields, "action": "remove:1:monday:0"}
    )
    assert typed(removed, "w1-monday-0-name") == "Bench Press"
    assert typed(removed, "w1-monday-1-name") is None

    duplicated = await programs.post(
        "trainer_a", "/programs/new", {**fields, "action": "duplicate:1"}
    )
    assert typed(duplicated, "duration_weeks") == "2"
    assert typed(duplicated, "weeks_shown") == "2"
    assert typed(duplicated, "w2-monday-0-name") == "Barbell Back Squat"
    assert typed(duplicated, "w2-monday-0-weight") == "60"

    more = await programs.post(
        "trainer_a", "/programs/new", {**fields, "duration_weeks": "3", "action": "weeks"}
    )
    assert typed(more, "weeks_shown") == "3"
    assert 'name="w3-sunday-template"' in more.text
    assert len(await programs.templates(programs.personas.trainer_a)) == before


@pytest.mark.asyncio
async def test_bad_input_keeps_what_was_typed_and_saves_nothing(programs: Programs) -> None:
    before = len(await programs.templates(programs.personas.trainer_a))
    fields = program_fields(
        "",
        duration_weeks="60",
        **{
            "w1-monday-0-sets": "50",
            "w1-monday-1-reps": "many",
            "w1-monday-1-weight": "2000",
            "w1-wednesday-0-sets": "3",
        },
    )
    page = await programs.post("trainer_a", "/programs/new", fields)
    assert page.status_code == 422
    assert field_error(page, "name") == "Enter the program&#39;s name."
    assert field_error(page, "duration_weeks") == "Enter 1 to 52 weeks."
    assert field_error(page, "w1-monday-0-sets") == "Enter sets from 1 to 20."
    assert field_error(page, "w1-monday-1-reps") == "Enter reps from 1 to 100."
    assert field_error(page, "w1-monday-1-weight") == "Enter a weight from 0 to 1000 kg."
    assert field_error(page, "w1-wednesday-0-name") == "Name the exercise, or clear this row."
    assert typed(page, "w1-monday-1-reps") == "many"
    assert typed(page, "w1-monday-0-name") == "Barbell Back Squat"
    assert len(await programs.templates(programs.personas.trainer_a)) == before


@pytest.mark.asyncio
async def test_a_day_has_a_template_or_exercises_and_the_plan_is_not_empty(
    programs: Programs,
) -> None:
    trainer = programs.personas.trainer_a
    created = await programs.api.post(
        f"{API}/exercise-templates",
        json={"name": "HTTP lower body", "exercises": [{"name": "Lunge", "targetSets": 3}]},
        headers=trainer.headers,
    )
    template_id = created.json()["id"]
    both = await programs.post(
        "trainer_a",
        "/programs/new",
        program_fields("Both on Monday", **{"w1-monday-template": template_id}),
    )
    assert both.status_code == 422
    assert field_error(both, "w1-monday-template") == (
        "A day has either an exercise template or exercises."
    )
    empty = {k: v for k, v in program_fields("Empty").items() if not k.startswith("w1-")}
    nothing = await programs.post("trainer_a", "/programs/new", empty)
    assert nothing.status_code == 422
    assert "Plan at least one day" in nothing.text
    # Another trainer's private exercise template is not offered, nor accepted.
    foreign = await programs.post(
        "trainer_b",
        "/programs/new",
        {**empty, "w1-friday-template": template_id},
    )
    assert foreign.status_code == 422
    assert field_error(foreign, "w1-friday-template") == (
        "Choose one of the listed exercise templates."
    )
    fine = await programs.post(
        "trainer_a", "/programs/new", {**empty, "w1-friday-template": template_id}
    )
    program_id = saved_id(fine)
    page = await programs.web["trainer_a"].get(f"/programs/{program_id}")
    assert "HTTP lower body" in page.text


@pytest.mark.asyncio
async def test_edit_keeps_what_the_grid_does_not_show(programs: Programs) -> None:
    trainer = programs.personas.trainer_a
    created = await programs.api.post(
        f"{API}/program-templates",
        json={
            "name": "Made by the API",
            "durationWeeks": 2,
            "weeklyPlan": [
                {
                    "week": 2,
                    "days": [
                        {
                            "day": "tuesday",
                            "exercises": [
                                {"name": "Row", "targetSets": 4, "rest": 90, "notes": "Slow"}
                            ],
                        }
                    ],
                }
            ],
        },
        headers=trainer.headers,
    )
    program_id = created.json()["id"]
    edit = await programs.web["trainer_a"].get(f"/programs/{program_id}/edit")
    assert typed(edit, "w2-tuesday-0-name") == "Row"
    fields = {
        "name": "Made by the API, renamed",
        "duration_weeks": "2",
        "weeks_shown": "2",
        "w2-tuesday-0-name": "Row",
        "w2-tuesday-0-sets": "5",
        "w2-tuesday-0-keep": '{"rest": 90, "notes": "Slow"}',
        "action": "save",
    }
    response = await programs.post("trainer_a", f"/programs/{program_id}/edit", fields)
    assert saved_id(response) == program_id
    stored = (
        await programs.api.get(f"{API}/program-templates/{program_id}", headers=trainer.headers)
    ).json()
    assert stored["name"] == "Made by the API, renamed"
    assert stored["weeklyPlan"][0]["days"][0]["exercises"] == [
        {"name": "Row", "targetSets": 5, "rest": 90, "notes": "Slow"}
    ]


@pytest.mark.asyncio
async def test_only_the_author_edits_and_trainees_are_sent_away(programs: Programs) -> None:
    program_id = saved_id(
        await programs.post("trainer_a", "/programs/new", program_fields("A's own"))
    )
    assert (await programs.web["trainer_b"].get(f"/programs/{program_id}/edit")).status_code == 404
    assert (await programs.web["trainer_b"].get(f"/programs/{program_id}")).status_code == 404
    posted = await programs.post(
        "trainer_b", f"/programs/{program_id}/edit", program_fields("Taken")
    )
    assert posted.status_code == 404
    trainee = programs.web["trainee_a1"]
    assert (await trainee.get("/programs")).status_code == 303
    for path in ("/programs/new", f"/programs/{program_id}/edit"):
        refused = await trainee.get(path)
        assert (refused.status_code, refused.headers["location"]) == (303, "/")


@pytest.mark.asyncio
async def test_assign_checks_the_form_then_goes_to_the_trainee(programs: Programs) -> None:
    personas = programs.personas
    program_id = saved_id(
        await programs.post("trainer_a", "/programs/new", program_fields("To assign"))
    )
    page = await programs.web["trainer_a"].get(
        f"/programs/{program_id}?trainee={personas.trainee_a1.id}"
    )
    assert f'<option value="{personas.trainee_a1.id}" selected>' in page.text
    assert str(personas.trainee_b1.id) not in page.text

    path = f"/programs/{program_id}/assign"
    bad = await programs.post("trainer_a", path, {"trainee": "", "start": "someday"})
    assert bad.status_code == 422
    assert field_error(bad, "trainee") == "Choose a trainee from your roster."
    assert field_error(bad, "start") == "Enter the start date."
    not_mine = await programs.post(
        "trainer_a", path, {"trainee": str(personas.trainee_b1.id), "start": "2030-01-07"}
    )
    assert not_mine.status_code == 422

    start = dt.date(2030, 1, 7)
    done = await programs.post(
        "trainer_a", path, {"trainee": str(personas.trainee_a2.id), "start": start.isoformat()}
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/trainees/{personas.trainee_a2.id}"
    listed = await programs.api.get(f"{API}/trainee-programs", headers=personas.trainee_a2.headers)
    assigned = [p for p in listed.json()["items"] if p["programId"] == program_id]
    assert [p["startDate"] for p in assigned] == [start.isoformat()]
