"""The session card editor in Chromium: trainer A writes a card for trainee
A1 from a workout that set a personal record (achievements prefilled), adds
and removes items, saves; A1 reads the same items through the API; A edits
it; a bad link comes back with its error (in Thai, on a tablet); trainer B
cannot open A's editor."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from spotter import clock
from tests.api.helpers import Account
from tests.web.conftest import LiveServer, check_axe, screenshot
from tests.web.http_api import api_get, api_send
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SQUAT = "Barbell Back Squat"
HEAVIEST = f"{SQUAT}: new heaviest weight, 110 kg"
ONE_RM = f"{SQUAT}: new best estimated 1RM, 121 kg"


def log_squat(server: LiveServer, world: World, days_ago: int, weight: float) -> str:
    trainee = world.personas.trainee_a1
    body = {
        "traineeId": str(trainee.id),
        "date": (clock.today() - dt.timedelta(days=days_ago)).isoformat(),
        "duration": 50,
        "exercises": [
            {
                "name": SQUAT,
                "type": "weight_training",
                "sets": [{"setNumber": 1, "weight": weight, "reps": 3}],
            }
        ],
    }
    created: dict[str, Any] = api_send(server, world.personas.trainer_a, "POST", "/workouts", body)
    return str(created["id"])


def values(page: Page, group: str) -> list[str]:
    boxes = page.get_by_role("group", name=group).get_by_role("textbox")
    return [boxes.nth(i).input_value() for i in range(boxes.count())]


def card_as(server: LiveServer, account: Account, card_id: str) -> dict[str, Any]:
    card: dict[str, Any] = api_get(server, account, f"/session-cards/{card_id}")
    return card


def saved_card_id(page: Page) -> str:
    expect(page).to_have_url(re.compile(r"/cards/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[1]


@pytest.mark.parametrize("tablet", [False, True], ids=["desktop", "tablet"])
def test_write_a_card_from_a_record_workout_then_edit_it(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page], tablet: bool
) -> None:
    log_squat(live_server, world, 4, 100)
    record = log_squat(live_server, world, 2, 110)  # beats 100 kg: a record
    trainee = world.personas.trainee_a1
    page = signed_in_page(world.personas.trainer_a, tablet=tablet)
    page.goto(f"/cards/new?trainee={trainee.id}&workout={record}")
    expect(page.get_by_role("heading", name="Write a session card")).to_be_visible()
    assert values(page, "Achievements") == [HEAVIEST, ONE_RM, ""]
    assert page.get_by_label("Summary").input_value() == "Workout: 50 min; sets: 1; lifted: 330 kg."
    check_axe(page)
    if not tablet:
        screenshot(page, "trainer-card-editor")

    achievements = page.get_by_role("group", name="Achievements")
    achievements.get_by_role("button", name="Add achievement").click()
    expect(achievements.get_by_role("textbox")).to_have_count(4)
    expect(achievements.get_by_role("textbox").last).to_be_focused()
    page.keyboard.type("Braced every rep")
    achievements.get_by_role("button", name="Remove").nth(1).click()  # the 1RM line
    assert values(page, "Achievements") == [HEAVIEST, "", "Braced every rep"]
    expect(page.get_by_label("Achievement 3")).to_have_value("Braced every rep")
    goals = page.get_by_role("group", name="Next session goals")
    goals.get_by_role("textbox").first.fill("Squat 112.5 kg")
    page.get_by_role("group", name="Areas for improvement").get_by_role("textbox").first.fill(
        "Slower descent"
    )
    page.get_by_label("Rating").select_option("4")
    page.get_by_label("Tags").fill("legs, record")
    page.get_by_label("Photo links").fill("https://example.com/squat.jpg")
    page.get_by_role("button", name="Save").click()
    card_id = saved_card_id(page)

    card = card_as(live_server, trainee, card_id)
    assert card["achievements"] == [HEAVIEST, "Braced every rep"]
    assert card["areasForImprovement"] == ["Slower descent"]
    assert card["nextSessionGoals"] == ["Squat 112.5 kg"]
    assert (card["rating"], card["tags"], card["workoutId"]) == (4, ["legs", "record"], record)
    assert card["media"]["images"] == ["https://example.com/squat.jpg"]

    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit session card")).to_be_visible()
    assert values(page, "Achievements") == [HEAVIEST, "Braced every rep", ""]
    check_axe(page)
    if tablet:
        screenshot(page, "trainer-card-editor-edit")
    page.get_by_role("group", name="Achievements").get_by_role(
        "button", name="Remove"
    ).first.click()
    page.get_by_label("Summary").fill("Edited: a new squat best.")
    page.get_by_role("button", name="Save").click()
    assert saved_card_id(page) == card_id
    card = card_as(live_server, trainee, card_id)
    assert card["summary"] == "Edited: a new squat best."
    assert card["achievements"] == ["Braced every rep"]
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_bad_link_comes_back_with_its_error_in_thai(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    trainee = world.personas.trainee_a1
    before = len(api_get(live_server, trainee, "/session-cards", limit=100)["items"])
    page = signed_in_page(world.personas.trainer_a, language="th", tablet=True)
    page.goto(f"/cards/new?trainee={trainee.id}")
    page.get_by_label("สรุป").fill("ฝึกขาได้ดีมาก")
    page.get_by_label("ลิงก์รูปภาพ").fill("http://example.com/not-secure.jpg")
    page.get_by_role("button", name="บันทึก").click()
    images = page.get_by_label("ลิงก์รูปภาพ")
    expect(images).to_have_attribute("aria-invalid", "true")
    error_id = (images.get_attribute("aria-describedby") or "").split()[0]
    assert "https://" in page.locator(f"#{error_id}").inner_text()
    expect(page.get_by_label("สรุป")).to_have_value("ฝึกขาได้ดีมาก")  # kept as typed
    assert len(api_get(live_server, trainee, "/session-cards", limit=100)["items"]) == before
    check_axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "trainer-card-editor-error")


def test_trainer_b_cannot_open_the_editor_of_a_card_by_a(
    world: World, signed_in_page: Callable[..., Page]
) -> None:
    page = signed_in_page(world.personas.trainer_b)
    response = page.goto(f"/cards/{world.card['id']}/edit")
    assert response is not None
    assert response.status == 404
    response = page.goto(f"/cards/new?trainee={world.personas.trainee_a1.id}")
    assert response is not None
    assert response.status == 404
