"""The trainee profile in the browser (trainer A and trainee A1): charts drawn
with role="img" and a name, the same numbers in tables, the four actions,
404 for trainer B; "Log workout" saving a workout under the trainee (checked
through the API), and the trainee's own logger still logging their own."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from spotter import clock
from tests.api.helpers import Account
from tests.web.conftest import LiveServer, check_axe, screenshot
from tests.web.http_api import api_send, workouts_of
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SQUAT = "Barbell Back Squat"


def lift(name: str, weight: float, reps: int, sets: int) -> dict[str, Any]:
    return {
        "name": name,
        "type": "weight_training",
        "sets": [{"setNumber": n, "weight": weight, "reps": reps} for n in range(1, sets + 1)],
    }


@pytest.fixture(scope="module")
def trained(world: World, live_server: LiveServer) -> World:
    """Three weeks of A1's squats and bench presses, logged by trainer A,
    and three weigh-ins with a known height (so BMI is there too)."""
    trainer, trainee = world.personas.trainer_a, world.personas.trainee_a1
    today = clock.today()
    api_send(live_server, trainee, "PATCH", "/me", {"height": 180})
    for weeks_ago, kg in ((2, 90), (1, 95), (0, 100)):
        day = today - dt.timedelta(weeks=weeks_ago)
        body = {
            "traineeId": str(trainee.id),
            "date": day.isoformat(),
            "duration": 60,
            "exercises": [lift(SQUAT, kg, 5, 3), lift("Bench Press", kg - 30, 8, 2)],
        }
        api_send(live_server, trainer, "POST", "/workouts", body)
        weigh_in = {"traineeId": str(trainee.id), "date": day.isoformat(), "weight": 81 - weeks_ago}
        api_send(live_server, trainer, "POST", "/body-weight", weigh_in)
    return world


def open_profile(page: Any, trainee: Account) -> None:
    page.goto(f"/trainees/{trainee.id}")
    page.get_by_role("heading", level=1, name=trainee.name).wait_for()


def test_the_trainer_sees_charts_tables_and_actions(
    trained: World, signed_in_page: Callable[..., Any]
) -> None:
    trainee = trained.personas.trainee_a1
    page = signed_in_page(trained.personas.trainer_a)
    open_profile(page, trainee)

    charts = page.get_by_role("img")
    strength = page.get_by_role("img", name=re.compile(f"estimated 1RM per week for {SQUAT}"))
    strength.locator("canvas").wait_for()
    volume = page.get_by_role("img", name=re.compile(f"volume per week .* for {SQUAT}"))
    volume.locator("canvas").wait_for()
    weight = page.get_by_role("img", name=re.compile("body weight of Trainee A1"))
    weight.locator("canvas").wait_for()
    # Squat and bench: strength and volume each; and body weight.
    names = [charts.nth(i).get_attribute("aria-label") or "" for i in range(charts.count())]
    assert len([n for n in names if n.startswith("Chart:")]) == 5, names

    squat_rows = page.get_by_role("table", name=f"{SQUAT} per week").get_by_role("row")
    assert squat_rows.count() == 4  # the header and three weeks
    last_week = squat_rows.nth(3).get_by_role("cell").all_inner_texts()
    assert last_week == ["100 kg × 5", "116.7", "1,500", "3"]
    weigh_ins = page.get_by_role("table", name="Weigh-ins, newest first").get_by_role("row")
    assert weigh_ins.nth(1).get_by_role("cell").all_inner_texts() == ["81", "25"]  # 81 / 1.8²

    actions = page.get_by_role("navigation", name="Actions for this trainee")
    for name, href in (
        ("Log workout", f"/log?trainee={trainee.id}"),
        ("Write session card", f"/cards/new?trainee={trainee.id}"),
        ("Book session", f"/calendar/book?trainee={trainee.id}"),
        ("Assign program", f"/programs?trainee={trainee.id}"),
    ):
        assert actions.get_by_role("link", name=name, exact=True).get_attribute("href") == href
    workouts = page.get_by_role("region", name="Recent workouts").get_by_role("link")
    assert workouts.count() == 3
    assert (workouts.first.get_attribute("href") or "").startswith("/history/")
    card = page.get_by_role("region", name="Session cards").get_by_role("link").first
    assert card.get_attribute("href") == f"/cards/{trained.card['id']}"
    program = page.get_by_role("region", name="Program")
    assert "Strength basics" in program.inner_text()
    assert not page.js_errors, page.js_errors
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_axe(page)
    screenshot(page, "trainer-profile")

    # A linked trainer may read the workout's detail page.
    workouts.first.click()
    page.wait_for_url("**/history/*")
    page.get_by_role("heading", level=1).wait_for()
    assert "not found" not in page.inner_text("main").lower()


def test_the_profile_in_thai_on_a_tablet(
    trained: World, signed_in_page: Callable[..., Any]
) -> None:
    trainee = trained.personas.trainee_a1
    page = signed_in_page(trained.personas.trainer_a, language="th", tablet=True)
    open_profile(page, trainee)
    page.get_by_role("heading", name="ท่าที่ฝึกบ่อยที่สุด").wait_for()
    assert page.get_by_role("link", name="บันทึกการฝึก").first.get_attribute("href") == (
        f"/log?trainee={trainee.id}"
    )
    page.get_by_role("img").first.locator("canvas").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_axe(page)
    screenshot(page, "trainer-profile-th")


def test_another_trainer_gets_404(trained: World, signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page(trained.personas.trainer_b)
    response = page.goto(f"/trainees/{trained.personas.trainee_a1.id}")
    assert response is not None
    assert response.status == 404
    assert "Trainee A1" not in page.inner_text("body")


def add_exercise(page: Any, typed: str, option: str) -> Any:
    page.get_by_role("searchbox", name="Add exercise").fill(typed)
    page.get_by_role("option", name=option).first.click()
    return page.get_by_role("region", name=option)


def log_one_exercise(page: Any, weight: str, reps: str) -> None:
    exercise = add_exercise(page, "deadlift", "Conventional Deadlift")
    first_set = exercise.get_by_role("group", name="Set 1", exact=True)
    first_set.get_by_label("Weight").fill(weight)
    first_set.get_by_label("Reps").fill(reps)
    page.get_by_role("button", name="Finish workout").click()
    page.get_by_role("status").filter(has_text="Synced").wait_for(timeout=20_000)


def deadlifts(server: LiveServer, account: Account) -> list[dict[str, Any]]:
    return [
        w
        for w in workouts_of(server, account)
        if any(e["name"] == "Conventional Deadlift" for e in w["exercises"])
    ]


def test_log_workout_for_the_trainee_saves_it_under_them(
    trained: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainer, trainee = trained.personas.trainer_a, trained.personas.trainee_a1
    page = signed_in_page(trainer, tablet=True)
    open_profile(page, trainee)
    page.get_by_role("link", name="Log workout", exact=True).click()
    page.wait_for_url(f"**/log?trainee={trainee.id}")
    page.get_by_text("For Trainee A1").wait_for()
    # "Last time" is the trainee's: this week's three squats of 100 kg.
    squat = add_exercise(page, "back squat", SQUAT)
    squat.get_by_role("group", name="Set 3", exact=True).wait_for()
    assert squat.get_by_role("group").first.get_by_label("Weight").input_value() == "100"
    check_axe(page)
    screenshot(page, "trainer-profile-log")
    log_one_exercise(page, "120", "5")

    [saved] = deadlifts(live_server, trainee)
    assert saved["traineeId"] == str(trainee.id)
    assert saved["trainerId"] == str(trainer.id)
    sets = {e["name"]: e["sets"] for e in saved["exercises"]}
    assert sets["Conventional Deadlift"] == [{"setNumber": 1, "weight": 120, "reps": 5}]
    assert [s["weight"] for s in sets[SQUAT]] == [100, 100, 100]
    assert not page.js_errors, page.js_errors


def test_the_trainees_own_logger_still_logs_their_own(
    trained: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainee = trained.personas.trainee_a2
    page = signed_in_page(trainee, phone=True)
    page.goto("/log")
    log_one_exercise(page, "80", "3")
    [saved] = deadlifts(live_server, trainee)
    assert saved["traineeId"] == str(trainee.id)
    assert saved["exercises"][0]["sets"] == [{"setNumber": 1, "weight": 80, "reps": 3}]
