"""Exercises over HTTP, as a browser without JavaScript sends them: the
library's search (typos, Thai), filters and "More"; my own exercise
created, edited, archived and restored, refused input answered on the form
(422/409) with nothing saved; exercise templates created, edited (keeping
what the form does not show) and deleted; and who may open what."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import pytest_asyncio

from spotter.exercises.catalog import load_catalog
from spotter.web.pages.exercises_labels import CATEGORIES, EQUIPMENT, MUSCLES
from tests.api.helpers import API, Account, ApiPersonas, create_api_personas
from tests.web.http_helpers import csrf_of, persona_browsers, set_language

NAME = re.compile(r'<h3 class="ex-name">(.*?)</h3>', re.S)
MORE = re.compile(r'<a class="button secondary" href="([^"]+)"[^<]*>More</a>')


def listed(page: httpx.Response) -> list[str]:
    """The exercise (or template) names a list page shows, in order."""
    return [html.unescape(name.strip()) for name in NAME.findall(page.text)]


def results(page: httpx.Response) -> list[str]:
    """The library's results, without the archived exercises listed apart."""
    return [html.unescape(n.strip()) for n in NAME.findall(page.text.split("ex-archived")[0])]


def unique(label: str) -> str:
    return f"{label} {uuid.uuid4().hex[:8]}"


@dataclass
class Site:
    personas: ApiPersonas
    api: httpx.AsyncClient
    web: dict[str, httpx.AsyncClient]

    async def post(self, who: str, path: str, fields: dict[str, Any]) -> httpx.Response:
        browser = self.web[who]
        token = csrf_of(await browser.get("/exercises"))
        return await browser.post(path, data={"csrf_token": token, **fields})

    async def api_get(self, account: Account, path: str, **params: Any) -> httpx.Response:
        return await self.api.get(f"{API}{path}", params=params, headers=account.headers)

    async def my_exercise(self, account: Account, name: str) -> dict[str, Any]:
        found = await self.api_get(account, "/exercises", q=name, includeArchived="true")
        assert found.status_code == 200, found.text
        mine = [e for e in found.json()["items"] if e["name"] == name]
        assert len(mine) == 1, found.text
        exercise: dict[str, Any] = mine[0]
        return exercise

    async def my_templates(self, account: Account) -> list[dict[str, Any]]:
        found = await self.api_get(account, "/exercise-templates", scope="mine", limit=100)
        assert found.status_code == 200, found.text
        items: list[dict[str, Any]] = found.json()["items"]
        return items


@pytest_asyncio.fixture(scope="module")
async def site(client: httpx.AsyncClient, app: Any) -> AsyncIterator[Site]:
    personas = await create_api_personas(client)
    async with persona_browsers(client, app, personas) as web:
        yield Site(personas, client, web)


def exercise_fields(name: str, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": name,
        "name_th": "สควอตจังหวะช้า",
        "type": "weight_training",
        "category": "legs",
        "difficulty": "intermediate",
        "muscle": ["quadriceps", "glutes"],
        "equipment": ["dumbbell"],
        "description": "Three seconds down.",
        "instructions": "Hold the bell at the chest\nSit down slowly\n",
    }
    return {**fields, **changes}


# The library ----------------------------------------------------------------------


def test_every_value_of_the_catalogue_has_words() -> None:
    """The filters and the form offer, and translate, every muscle, piece of
    equipment and category the built-in catalogue uses."""
    catalogue = load_catalog()
    assert {m for e in catalogue for m in e.muscle_groups} <= set(MUSCLES)
    assert {q for e in catalogue for q in e.equipment} <= set(EQUIPMENT)
    assert {e.category for e in catalogue} <= set(CATEGORIES)


@pytest.mark.asyncio
async def test_a_typo_still_finds_the_exercise(site: Site) -> None:
    page = await site.web["trainer_a"].get("/exercises", params={"q": "deadlfit"})
    assert page.status_code == 200
    assert "Conventional Deadlift" in listed(page)[:5]
    thai = await site.web["trainer_a"].get("/exercises", params={"q": "เดดลิฟ"})
    assert "Conventional Deadlift" in listed(thai)


@pytest.mark.asyncio
async def test_filters_narrow_the_list(site: Site) -> None:
    browser = site.web["trainer_a"]
    everything = listed(await browser.get("/exercises", params={"q": "squat"}))
    kettlebell = listed(
        await browser.get("/exercises", params={"q": "squat", "equipment": "kettlebell"})
    )
    assert kettlebell
    assert set(kettlebell) < set(everything)
    assert "Barbell Back Squat" in everything
    assert "Barbell Back Squat" not in kettlebell
    cardio = await browser.get("/exercises", params={"type": "cardio", "difficulty": "beginner"})
    assert listed(cardio)
    assert "Barbell Back Squat" not in listed(cardio)
    assert '<option value="cardio" selected>' in cardio.text
    # An unknown value is no filter rather than an error.
    unknown = await browser.get("/exercises", params={"type": "juggling"})
    assert unknown.status_code == 200
    assert listed(unknown)


@pytest.mark.asyncio
async def test_more_pages_on_keeping_the_filters(site: Site) -> None:
    browser = site.web["trainer_a"]
    first = await browser.get("/exercises", params={"muscle": "chest"})
    link = MORE.search(first.text)
    assert link, "a first page of the chest exercises has a More link"
    target = html.unescape(link.group(1))
    assert parse_qs(urlsplit(target).query)["muscle"] == ["chest"]
    second = await browser.get(target)
    assert second.status_code == 200
    assert listed(second)
    assert not set(listed(second)) & set(listed(first))
    assert listed(first) == sorted(listed(first), key=str.casefold) or len(listed(first)) == 20


@pytest.mark.asyncio
async def test_a_thai_viewer_reads_thai_names(site: Site) -> None:
    account = site.personas.trainer_a
    await set_language(site.api, account, "th")
    try:
        page = await site.web["trainer_a"].get("/exercises", params={"q": "Goblet Squat"})
    finally:
        await set_language(site.api, account, "en")
    assert "กอบเล็ทสควอต" in listed(page)
    assert 'lang="en">Goblet Squat<' in page.text


# My own exercises -------------------------------------------------------------------


@pytest.mark.asyncio
async def test_create_edit_archive_and_restore_my_exercise(site: Site) -> None:
    trainer = site.personas.trainer_a
    name = unique("Tempo Goblet Squat")
    made = await site.post("trainer_a", "/exercises/new", exercise_fields(name))
    assert made.status_code == 303
    assert made.headers["location"] == "/exercises?done=created"
    stored = await site.my_exercise(trainer, name)
    assert stored["nameTh"] == "สควอตจังหวะช้า"
    assert stored["muscleGroups"] == ["quadriceps", "glutes"]
    assert stored["instructions"] == ["Hold the bell at the chest", "Sit down slowly"]
    assert stored["createdBy"] is not None
    # Tips are not on the form: an edit keeps them.
    patched = await site.api.patch(
        f"{API}/exercises/{stored['id']}", json={"tips": ["Elbows in"]}, headers=trainer.headers
    )
    assert patched.status_code == 200, patched.text

    form = await site.web["trainer_a"].get(f"/exercises/{stored['id']}/edit")
    assert form.status_code == 200
    assert 'value="quadriceps" checked' in form.text
    renamed = name + " v2"
    edited = await site.post(
        "trainer_a",
        f"/exercises/{stored['id']}/edit",
        exercise_fields(renamed, difficulty="", muscle=["glutes"], name_th=""),
    )
    assert edited.status_code == 303, edited.text
    after = await site.my_exercise(trainer, renamed)
    assert after["id"] == stored["id"]
    assert after["difficulty"] is None
    assert after["muscleGroups"] == ["glutes"]
    assert after["nameTh"] is None
    assert after["tips"] == ["Elbows in"]
    assert after["type"] == "weight_training"

    confirm = await site.web["trainer_a"].get(f"/exercises/{stored['id']}/archive")
    assert confirm.status_code == 200
    assert "Archive this exercise?" in confirm.text
    archived = await site.post("trainer_a", f"/exercises/{stored['id']}/archive", {})
    assert archived.status_code == 303
    assert (await site.my_exercise(trainer, renamed))["isActive"] is False
    library = await site.web["trainer_a"].get("/exercises", params={"q": renamed})
    assert renamed not in results(library)
    page = await site.web["trainer_a"].get("/exercises")
    archived_part = page.text.split('id="ex-archived-heading"', 1)[1]
    assert html.escape(renamed) in archived_part

    restored = await site.post("trainer_a", f"/exercises/{stored['id']}/restore", {})
    assert restored.status_code == 303
    assert (await site.my_exercise(trainer, renamed))["isActive"] is True
    again = await site.web["trainer_a"].get("/exercises", params={"q": renamed})
    assert renamed in listed(again)


@pytest.mark.asyncio
async def test_bad_input_is_answered_on_the_form(site: Site) -> None:
    trainer = site.personas.trainer_a
    name = unique("Half kneeling press")
    empty = await site.post(
        "trainer_a", "/exercises/new", exercise_fields("", category="nonsense", type="x")
    )
    assert empty.status_code == 422
    assert "Enter the exercise&#39;s name." in empty.text
    assert "Choose a category from the list." in empty.text
    assert "Choose a type from the list." in empty.text
    assert "Three seconds down." in empty.text  # what was typed stays
    long_name = await site.post("trainer_a", "/exercises/new", exercise_fields("x" * 256))
    assert long_name.status_code == 422
    assert "Use at most 255 characters." in long_name.text

    # The catalogue's names are taken: a 409 on the name field.
    taken = await site.post("trainer_a", "/exercises/new", exercise_fields("Goblet Squat"))
    assert taken.status_code == 409
    assert "An exercise with this name already exists." in taken.text
    assert 'value="Goblet Squat"' in taken.text

    made = await site.post("trainer_a", "/exercises/new", exercise_fields(name))
    assert made.status_code == 303
    stored = await site.my_exercise(trainer, name)
    refused = await site.post(
        "trainer_a", f"/exercises/{stored['id']}/edit", exercise_fields("", category="")
    )
    assert refused.status_code == 422
    assert (await site.my_exercise(trainer, name))["category"] == "legs"


@pytest.mark.asyncio
async def test_other_trainers_and_trainees_cannot_change_it(site: Site) -> None:
    name = unique("Private sled drag")
    made = await site.post("trainer_a", "/exercises/new", exercise_fields(name, category="legs"))
    assert made.status_code == 303
    stored = await site.my_exercise(site.personas.trainer_a, name)
    other = site.web["trainer_b"]
    assert name not in listed(await other.get("/exercises", params={"q": name}))
    for path in (f"/exercises/{stored['id']}/edit", f"/exercises/{stored['id']}/archive"):
        assert (await other.get(path)).status_code == 404
    api = await site.api_get(site.personas.trainer_b, f"/exercises/{stored['id']}")
    assert api.status_code == 404
    archive = await site.post("trainer_b", f"/exercises/{stored['id']}/archive", {})
    assert archive.status_code == 404
    trainee = site.web["trainee_a1"]
    for path in ("/exercises/new", "/exercises/templates", f"/exercises/{stored['id']}/edit"):
        assert (await trainee.get(path)).headers["location"] == "/exercises"
    library = await trainee.get("/exercises")
    assert library.status_code == 200
    assert "/exercises/new" not in library.text


@pytest.mark.asyncio
async def test_the_catalogue_is_read_only(site: Site) -> None:
    found = await site.api_get(site.personas.trainer_a, "/exercises", q="Goblet Squat")
    goblet = next(e for e in found.json()["items"] if e["name"] == "Goblet Squat")
    page = await site.web["trainer_a"].get("/exercises", params={"q": "Goblet Squat"})
    assert f"/exercises/{goblet['id']}/edit" not in page.text
    assert (await site.web["trainer_a"].get(f"/exercises/{goblet['id']}/edit")).status_code == 403


# Exercise templates -------------------------------------------------------------


def template_fields(name: str, **changes: str) -> dict[str, str]:
    fields = {
        "name": name,
        "description": "Warm-up and main lifts",
        "difficulty": "beginner",
        "duration_minutes": "45",
        "tags": "legs, strength",
        "is_public": "on",
        "ex-0-name": "Goblet Squat",
        "ex-0-sets": "3",
        "ex-0-reps": "10",
        "ex-0-weight": "16",
        "ex-0-rest": "90",
        "ex-1-name": "Plank",
        "ex-1-sets": "",
        "ex-1-reps": "",
        "ex-1-weight": "",
        "ex-1-rest": "",
        "ex-2-name": "",
        "action": "save",
    }
    return {**fields, **changes}


@pytest.mark.asyncio
async def test_create_edit_and_delete_an_exercise_template(site: Site) -> None:
    trainer = site.personas.trainer_a
    name = unique("Lower body A")
    made = await site.post("trainer_a", "/exercises/templates/new", template_fields(name))
    assert made.status_code == 303, made.text
    stored = next(t for t in await site.my_templates(trainer) if t["name"] == name)
    assert stored["exercises"] == [
        {
            "name": "Goblet Squat",
            "targetSets": 3,
            "targetReps": 10,
            "targetWeight": 16.0,
            "rest": 90,
        },
        {"name": "Plank"},
    ]
    assert stored["tags"] == ["legs", "strength"]
    assert stored["isPublic"] is True
    assert stored["durationMinutes"] == 45

    listing = await site.web["trainer_a"].get("/exercises/templates")
    assert name in listed(listing)
    assert f"/exercises/templates/{stored['id']}/edit" in listing.text
    # Another trainer sees the public template, read-only.
    other = await site.web["trainer_b"].get("/exercises/templates")
    assert name in listed(other)
    assert f"/exercises/templates/{stored['id']}/edit" not in other.text
    assert (
        await site.web["trainer_b"].get(f"/exercises/templates/{stored['id']}/edit")
    ).status_code == 404

    # A library id and notes set through the API survive an edit of the targets.
    goblet = next(
        e
        for e in (await site.api_get(trainer, "/exercises", q="Goblet Squat")).json()["items"]
        if e["name"] == "Goblet Squat"
    )
    planned = [{**stored["exercises"][0], "exerciseId": goblet["id"], "notes": "Slow"}]
    patched = await site.api.patch(
        f"{API}/exercise-templates/{stored['id']}",
        json={"exercises": planned},
        headers=trainer.headers,
    )
    assert patched.status_code == 200, patched.text
    form = await site.web["trainer_a"].get(f"/exercises/templates/{stored['id']}/edit")
    assert form.status_code == 200
    assert 'name="ex-0-keep"' in form.text
    keep = html.unescape(re.search(r'name="ex-0-keep" value="([^"]*)"', form.text).group(1))  # type: ignore[union-attr]
    edited = await site.post(
        "trainer_a",
        f"/exercises/templates/{stored['id']}/edit",
        template_fields(
            name, **{"ex-0-keep": keep, "ex-0-sets": "4", "ex-1-name": "", "difficulty": ""}
        )
        | {"is_public": ""},
    )
    assert edited.status_code == 303, edited.text
    after = next(t for t in await site.my_templates(trainer) if t["id"] == stored["id"])
    assert after["exercises"] == [
        {
            "name": "Goblet Squat",
            "exerciseId": goblet["id"],
            "notes": "Slow",
            "targetSets": 4,
            "targetReps": 10,
            "targetWeight": 16.0,
            "rest": 90,
        }
    ]
    assert after["difficulty"] is None
    assert after["isPublic"] is False

    confirm = await site.web["trainer_a"].get(f"/exercises/templates/{stored['id']}/delete")
    assert "Delete this template?" in confirm.text
    deleted = await site.post("trainer_a", f"/exercises/templates/{stored['id']}/delete", {})
    assert deleted.status_code == 303
    assert stored["id"] not in [t["id"] for t in await site.my_templates(trainer)]


@pytest.mark.asyncio
async def test_template_errors_and_more_rows(site: Site) -> None:
    trainer = site.personas.trainer_a
    name = unique("Upper body B")
    before = len(await site.my_templates(trainer))
    bad = await site.post(
        "trainer_a",
        "/exercises/templates/new",
        template_fields(name, **{"ex-0-sets": "50", "ex-0-weight": "heavy", "ex-1-name": ""})
        | {"ex-1-reps": "8"},
    )
    assert bad.status_code == 422
    assert "Enter sets from 1 to 20." in bad.text
    assert "Enter a weight from 0 to 1000 kg." in bad.text
    assert "Name the exercise, or clear this row." in bad.text
    assert 'id="ex-0-sets" name="ex-0-sets"' in bad.text
    assert 'value="50"' in bad.text
    nothing = await site.post(
        "trainer_a",
        "/exercises/templates/new",
        template_fields("", **{f"ex-0-{f}": "" for f in ("name", "sets", "reps", "weight", "rest")})
        | {"ex-1-name": ""},
    )
    assert nothing.status_code == 422
    assert "Enter the template&#39;s name." in nothing.text
    assert "Add at least one exercise." in nothing.text
    assert len(await site.my_templates(trainer)) == before

    more = await site.post(
        "trainer_a", "/exercises/templates/new", template_fields(name, action="add")
    )
    assert more.status_code == 200
    assert 'name="ex-3-name"' in more.text
    assert 'value="Plank"' in more.text
    assert len(await site.my_templates(trainer)) == before
    trainee = site.web["trainee_a1"]
    assert (await trainee.get("/exercises/templates")).headers["location"] == "/exercises"
