"""Exercises in a browser: the library's search finds a lift typed with a
typo, filters narrow it and "More" pages on; trainer A adds, edits and
archives an exercise of their own (confirming first) and restores it, and
trainer B sees none of it, in the app or the API; an exercise template is
created and edited; bad input answered on the form, in Thai."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.api.helpers import API
from tests.web.conftest import LiveServer, check_axe, screenshot
from tests.web.http_api import api_get
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
EDIT_URL = re.compile(r"/exercises/([0-9a-f-]{36})/edit$")


def results(page: Page) -> Locator:
    """The library's results (a region named "Library" or "Matching exercises")."""
    return page.locator("#ex-results")


def names_in(place: Locator) -> Locator:
    return place.get_by_role("heading", level=3)


def no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def test_search_with_a_typo_filters_and_more(
    world: World, signed_in_page: Callable[..., Page]
) -> None:
    page = signed_in_page(world.personas.trainer_a)
    page.goto("/exercises")
    expect(page.get_by_role("heading", name="Exercises", level=1)).to_be_visible()
    expect(names_in(results(page))).to_have_count(20)
    check_axe(page)
    screenshot(page, "trainer-exercises-library")

    page.get_by_role("link", name="More").click()
    expect(names_in(results(page))).to_have_count(40)
    expect(page).to_have_url(re.compile(r"/exercises$"))  # htmx appended in place
    no_sideways_scroll(page)

    page.get_by_label("Search exercises").fill("deadlfit")
    page.get_by_role("button", name="Search").click()
    expect(results(page).get_by_role("heading", name="Conventional Deadlift")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=deadlfit"))

    page.get_by_label("Search exercises").fill("squat")
    page.get_by_role("button", name="Search").click()
    expect(results(page).get_by_role("heading", name="Barbell Back Squat")).to_be_visible()
    everything = names_in(results(page)).count()
    page.get_by_label("Equipment").select_option(label="Kettlebell")
    expect(results(page).get_by_role("heading", name="Barbell Back Squat")).to_have_count(0)
    expect(results(page).get_by_role("heading", name="Goblet Squat")).to_be_visible()
    narrowed = names_in(results(page)).count()
    assert 0 < narrowed < everything
    for facts in results(page).locator(".ex-facts").all():
        expect(facts).to_contain_text("Kettlebell")
    page.get_by_label("Difficulty").select_option(label="Advanced")
    expect(results(page).get_by_role("heading", name="Goblet Squat")).to_have_count(0)
    check_axe(page)
    screenshot(page, "trainer-exercises-search")
    assert not page.js_errors  # type: ignore[attr-defined]


def test_create_edit_archive_and_keep_it_private(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    personas = world.personas
    name = f"Tempo Goblet Squat {uuid.uuid4().hex[:6]}"
    page = signed_in_page(personas.trainer_a, tablet=True)
    page.goto("/exercises")
    page.get_by_role("link", name="New exercise").click()
    expect(page.get_by_role("heading", name="New exercise", level=1)).to_be_visible()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Thai name (optional)").fill("สควอตจังหวะช้า")
    page.get_by_label("Category").select_option(label="Legs")
    page.get_by_label("Difficulty").select_option(label="Intermediate")
    muscles = page.get_by_role("group", name="Muscles")
    muscles.get_by_label("Quadriceps").check()
    muscles.get_by_label("Glutes").check()
    page.get_by_role("group", name="Equipment").get_by_label("Dumbbell").check()
    page.get_by_label("Steps (one per line)").fill("Hold the bell\nSit down slowly")
    check_axe(page)
    screenshot(page, "trainer-exercises-form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_have_text("The exercise was added to your library.")
    page.get_by_label("Search exercises").fill(name)
    page.get_by_role("button", name="Search").click()
    row = results(page).get_by_role("listitem").filter(has_text=name)
    expect(row).to_contain_text("My exercise")
    expect(row).to_contain_text("Glutes, Quadriceps")
    row.get_by_role("link", name=f"Edit {name}").click()
    expect(page).to_have_url(EDIT_URL)
    found = EDIT_URL.search(page.url)
    assert found
    exercise_id = found.group(1)
    page.get_by_role("group", name="Muscles").get_by_label("Quadriceps").uncheck()
    page.get_by_label("Difficulty").select_option(label="Advanced")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Your changes were saved.")
    stored = api_get(live_server, personas.trainer_a, f"/exercises/{exercise_id}")
    assert stored["muscleGroups"] == ["glutes"]
    assert stored["difficulty"] == "advanced"
    assert stored["nameTh"] == "สควอตจังหวะช้า"

    # Trainer B sees nothing of it: not in the library, not the edit page, not the API.
    other = signed_in_page(personas.trainer_b)
    other.goto("/exercises?q=" + name.replace(" ", "+"))
    expect(results(other).get_by_role("heading", name=name)).to_have_count(0)
    assert other.goto(f"/exercises/{exercise_id}/edit").status == 404  # type: ignore[union-attr]
    with httpx.Client(base_url=live_server.url) as client:
        refused = client.get(f"{API}/exercises/{exercise_id}", headers=personas.trainer_b.headers)
    assert refused.status_code == 404

    page.goto(f"/exercises/{exercise_id}/edit")
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("heading", name="Archive this exercise?", level=1)).to_be_visible()
    check_axe(page)
    screenshot(page, "trainer-exercises-archive")
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("status")).to_have_text(
        "The exercise was archived. You can restore it below."
    )
    expect(results(page).get_by_role("heading", name=name)).to_have_count(0)
    archived = page.get_by_role("region", name="Archived exercises")
    expect(archived.get_by_role("heading", name=name)).to_be_visible()
    assert (
        api_get(live_server, personas.trainer_a, f"/exercises/{exercise_id}")["isActive"] is False
    )
    check_axe(page)
    archived.get_by_role("button", name=f"Restore {name}").click()
    expect(page.get_by_role("status")).to_have_text("The exercise is back in your library.")
    assert api_get(live_server, personas.trainer_a, f"/exercises/{exercise_id}")["isActive"] is True


def test_exercise_template_create_and_edit(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    trainer = world.personas.trainer_a
    name = f"Lower body {uuid.uuid4().hex[:6]}"
    page = signed_in_page(trainer)
    page.goto("/exercises")
    page.get_by_role("link", name="Exercise templates").click()
    expect(page.get_by_role("heading", name="Exercise templates", level=1)).to_be_visible()
    page.get_by_role("link", name="New template").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Duration (minutes)").fill("40")
    first = page.get_by_role("group", name="Exercise 1")
    first.get_by_label("Exercise", exact=True).fill("Goblet Squat")
    first.get_by_label("Sets").fill("3")
    first.get_by_label("Reps").fill("10")
    first.get_by_label("Weight (kg)").fill("16")
    first.get_by_label("Rest (seconds)").fill("90")
    page.get_by_role("group", name="Exercise 2").get_by_label("Exercise", exact=True).fill("Plank")
    page.get_by_role("button", name="Add exercise").click()
    expect(page.get_by_role("group", name="Exercise 4")).to_be_visible()
    expect(first.get_by_label("Reps")).to_have_value("10")
    check_axe(page)
    screenshot(page, "trainer-exercises-template-form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_have_text("The template was created.")
    mine = page.get_by_role("region", name="My templates")
    item = mine.get_by_role("listitem").filter(has_text=name)
    expect(item).to_contain_text("2 exercises")
    expect(item).to_contain_text("Goblet Squat · Plank")
    check_axe(page)
    screenshot(page, "trainer-exercises-templates")
    item.get_by_role("link", name=f"Edit {name}").click()
    page.get_by_role("group", name="Exercise 1").get_by_label("Sets").fill("4")
    page.get_by_role("group", name="Exercise 2").get_by_label("Exercise", exact=True).fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Your changes were saved.")
    templates = api_get(live_server, trainer, "/exercise-templates", scope="mine", limit=100)
    stored = next(t for t in templates["items"] if t["name"] == name)
    assert stored["exercises"] == [
        {
            "name": "Goblet Squat",
            "targetSets": 4,
            "targetReps": 10,
            "targetWeight": 16.0,
            "rest": 90,
        }
    ]
    assert stored["durationMinutes"] == 40

    page.get_by_role("region", name="My templates").get_by_role(
        "button", name=f"Delete {name}"
    ).click()
    expect(page.get_by_role("heading", name="Delete this template?", level=1)).to_be_visible()
    check_axe(page)
    screenshot(page, "trainer-exercises-template-delete")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_have_text("The template was deleted.")
    expect(page.get_by_role("heading", name=name)).to_have_count(0)
    left = api_get(live_server, trainer, "/exercise-templates", scope="mine", limit=100)
    assert stored["id"] not in [t["id"] for t in left["items"]]


def test_bad_input_is_answered_on_the_form_in_thai(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    page = signed_in_page(world.personas.trainer_a, language="th", phone=True)
    page.goto("/exercises?q=" + "กอบเล็ท")
    expect(results(page).get_by_role("heading", name="กอบเล็ทสควอต")).to_be_visible()
    no_sideways_scroll(page)
    screenshot(page, "trainer-exercises-library-th")
    page.goto("/exercises/new")
    page.get_by_label("คำอธิบาย").fill("พิมพ์ไว้แล้ว")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("alert")).to_contain_text("โปรดตรวจสอบข้อมูลที่กรอก")
    name = page.get_by_label("ชื่อ", exact=True)
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ex-name-error")).to_have_text("กรอกชื่อท่า")
    expect(page.locator("#ex-category-error")).to_have_text("เลือกหมวดหมู่จากรายการ")
    expect(page.get_by_label("คำอธิบาย")).to_have_value("พิมพ์ไว้แล้ว")
    no_sideways_scroll(page)
    check_axe(page)
    screenshot(page, "trainer-exercises-form-error-th")
    mine = api_get(live_server, world.personas.trainer_a, "/exercises", q="พิมพ์ไว้แล้ว")
    assert mine["items"] == []
