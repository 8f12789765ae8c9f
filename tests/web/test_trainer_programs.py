"""Programs in a browser: trainer A builds a program with exercises and an
exercise template on the week x day grid, duplicates week 1, saves, finds it
among "my" programs next to another trainer's public template, and assigns
it to trainee A1 from its page; bad input answered on the form (in Thai);
the trainee carried from the list to the Assign form; trainer B kept out of
A's program."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.web.conftest import PHONE, LiveServer, check_axe, screenshot
from tests.web.http_api import api_get, api_send
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PROGRAM_URL = re.compile(r"/programs/([0-9a-f-]{36})(\?.*)?$")


def week(page: Page, number: int) -> Locator:
    return page.get_by_role("group", name=f"Week {number}", exact=True)


def day(page: Page, number: int, name: str) -> Locator:
    return week(page, number).get_by_role("group", name=name, exact=True)


def fill_row(place: Locator, row: int, name: str, sets: str, reps: str, weight: str) -> None:
    place.get_by_label("Exercise", exact=True).nth(row).fill(name)
    place.get_by_label("Sets", exact=True).nth(row).fill(sets)
    place.get_by_label("Reps", exact=True).nth(row).fill(reps)
    place.get_by_label("Weight (kg)", exact=True).nth(row).fill(weight)


def public_program_of_trainer_b(server: LiveServer, world: World) -> dict[str, Any]:
    body = {
        "name": "Trainer B's open conditioning",
        "durationWeeks": 1,
        "isPublic": True,
        "weeklyPlan": [{"week": 1, "days": [{"day": "friday", "exercises": [{"name": "Row"}]}]}],
    }
    made: dict[str, Any] = api_send(
        server, world.personas.trainer_b, "POST", "/program-templates", body
    )
    return made


def a_program_of_trainer_a(server: LiveServer, world: World, name: str) -> dict[str, Any]:
    body = {
        "name": name,
        "durationWeeks": 1,
        "weeklyPlan": [{"week": 1, "days": [{"day": "monday", "exercises": [{"name": "Squat"}]}]}],
    }
    made: dict[str, Any] = api_send(
        server, world.personas.trainer_a, "POST", "/program-templates", body
    )
    return made


def no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def test_build_duplicate_save_list_and_assign(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    personas = world.personas
    api_send(
        live_server,
        personas.trainer_a,
        "POST",
        "/exercise-templates",
        {"name": "Lower body A", "exercises": [{"name": "Lunge", "targetSets": 3}]},
    )
    public = public_program_of_trainer_b(live_server, world)
    page = signed_in_page(personas.trainer_a)

    page.goto("/programs")
    page.get_by_role("link", name="New program").click()
    expect(page.get_by_role("heading", name="New program", level=1)).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Two-week strength")
    page.get_by_label("Description").fill("Squat and bench, legs on Wednesday")
    monday = day(page, 1, "Monday")
    fill_row(monday, 0, "Barbell Back Squat", "5", "5", "60")
    monday.get_by_role("button", name="Add exercise").click()
    expect(monday.get_by_label("Exercise", exact=True)).to_have_count(2)
    fill_row(monday, 1, "Bench Press", "3", "8", "40")
    day(page, 1, "Wednesday").get_by_label("Exercise template").select_option(label="Lower body A")
    week(page, 1).get_by_role("button", name="Duplicate week").click()
    expect(week(page, 2)).to_be_visible()
    expect(page.get_by_label("Number of weeks")).to_have_value("2")
    expect(day(page, 2, "Monday").get_by_label("Exercise", exact=True).nth(1)).to_have_value(
        "Bench Press"
    )
    expect(day(page, 2, "Wednesday").get_by_label("Exercise template")).to_have_value(
        re.compile(r"[0-9a-f-]{36}")
    )
    check_axe(page)
    screenshot(page, "trainer-programs-builder")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(PROGRAM_URL)
    found = PROGRAM_URL.search(page.url)
    assert found
    program_id = found.group(1)
    expect(page.get_by_role("status")).to_have_text("Program saved.")
    expect(page.get_by_role("heading", name="Two-week strength", level=1)).to_be_visible()
    week_two = page.get_by_role("region", name="Week 2")
    expect(week_two).to_contain_text("Barbell Back Squat")
    expect(week_two).to_contain_text("5 × 5 @ 60 kg")
    expect(week_two).to_contain_text("Lower body A")
    stored = api_get(live_server, personas.trainer_a, f"/program-templates/{program_id}")
    assert stored["durationWeeks"] == 2
    assert [w["week"] for w in stored["weeklyPlan"]] == [1, 2]
    assert stored["weeklyPlan"][1]["days"][0]["exercises"][1] == {
        "name": "Bench Press",
        "targetSets": 3,
        "targetReps": 8,
        "targetWeight": 40.0,
    }
    check_axe(page)
    screenshot(page, "trainer-programs-detail")

    page.goto("/programs")
    mine = page.get_by_role("region", name="My programs")
    expect(mine.get_by_role("link", name="Two-week strength")).to_have_attribute(
        "href", f"/programs/{program_id}"
    )
    others = page.get_by_role("region", name="Public templates")
    expect(others.get_by_role("link", name=public["name"])).to_be_visible()
    expect(others.get_by_role("link", name="Two-week strength")).to_have_count(0)
    check_axe(page)
    screenshot(page, "trainer-programs-list")

    mine.get_by_role("link", name="Two-week strength").click()
    expect(page.get_by_label("Trainee", exact=True)).to_be_hidden()
    page.get_by_role("link", name="Assign").click()
    start = dt.date(2031, 3, 3)
    page.get_by_label("Trainee", exact=True).select_option(label="Trainee A1")
    page.get_by_label("Start").fill(start.isoformat())
    check_axe(page)
    screenshot(page, "trainer-programs-assign")
    assert not page.js_errors, page.js_errors  # type: ignore[attr-defined]
    page.get_by_role("button", name="Assign").click()
    expect(page).to_have_url(re.compile(f"/trainees/{personas.trainee_a1.id}$"))

    assigned = api_get(live_server, personas.trainee_a1, "/trainee-programs", limit=100)
    mine_now = [p for p in assigned["items"] if p["programId"] == program_id]
    assert [(p["startDate"], p["status"]) for p in mine_now] == [(start.isoformat(), "active")]


def test_bad_input_in_thai_on_a_tablet(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    page = signed_in_page(world.personas.trainer_a, language="th", tablet=True)
    page.goto("/programs/new")
    expect(page.get_by_role("heading", name="สร้างโปรแกรมใหม่", level=1)).to_be_visible()
    page.get_by_role("group", name="สัปดาห์ที่ 1").get_by_role("group", name="วันอังคาร").get_by_label(
        "เซต"
    ).first.fill("99")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("alert")).to_contain_text("โปรดตรวจสอบข้อมูลที่กรอก")
    expect(page.get_by_text("ใส่ชื่อโปรแกรม")).to_be_visible()
    expect(page.get_by_label("ชื่อ", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("ใส่จำนวนเซต 1 ถึง 20")).to_be_visible()
    expect(page.get_by_text("ใส่ชื่อท่า หรือล้างแถวนี้")).to_be_visible()
    check_axe(page)
    screenshot(page, "trainer-programs-errors")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)


def test_trainee_carried_from_the_list_to_assign_on_a_tablet(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    personas = world.personas
    program = a_program_of_trainer_a(live_server, world, "Carry the trainee")
    page = signed_in_page(personas.trainer_a, tablet=True)
    page.goto(f"/programs?trainee={personas.trainee_a2.id}")
    expect(page.get_by_role("status")).to_contain_text("Trainee A2")
    link = page.get_by_role("region", name="My programs").get_by_role(
        "link", name="Carry the trainee"
    )
    expect(link).to_have_attribute(
        "href", f"/programs/{program['id']}?trainee={personas.trainee_a2.id}"
    )
    link.click()
    expect(page.get_by_label("Trainee", exact=True)).to_have_value(str(personas.trainee_a2.id))
    page.get_by_label("Start").fill("")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Enter the start date.")).to_be_visible()
    expect(page.get_by_label("Trainee", exact=True)).to_have_value(str(personas.trainee_a2.id))
    check_axe(page)


def test_trainer_b_cannot_edit_a_program_of_trainer_a(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    program = a_program_of_trainer_a(live_server, world, "Only A edits this")
    page = signed_in_page(world.personas.trainer_b)
    response = page.goto(f"/programs/{program['id']}/edit")
    assert response is not None
    assert response.status == 404
    own = signed_in_page(world.personas.trainer_a, phone=True)
    own.goto(f"/programs/{program['id']}/edit")
    expect(own.get_by_label("Name", exact=True)).to_have_value("Only A edits this")
    no_sideways_scroll(own)
