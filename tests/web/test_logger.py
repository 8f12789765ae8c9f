"""Log workout (/log) in the browser: find exercises in Thai or English with
typos, sets per exercise type, "Add set" copying the last one, prefills from
the program and from the last time, the rest timer, units, and "Finish
workout" storing what was typed (checked through the API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from spotter import clock
from tests.api.helpers import Account
from tests.web.conftest import LiveServer, check_axe, screenshot
from tests.web.http_api import api_get, api_send, workouts_of
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def add_exercise(page: Any, typed: str, option: str) -> Any:
    page.get_by_role("searchbox", name="Add exercise").fill(typed)
    page.get_by_role("option", name=option).first.click()
    return page.get_by_role("region", name=option)


def set_group(exercise: Any, number: int) -> Any:
    return exercise.get_by_role("group", name=f"Set {number}", exact=True)


def finish_and_sync(page: Any) -> None:
    page.get_by_role("button", name="Finish workout").click()
    page.get_by_role("status").filter(has_text="Synced").wait_for(timeout=20_000)


def newest_workout(server: LiveServer, account: Account) -> dict[str, Any]:
    """The last one stored (the list orders a day's workouts by id, not by time)."""
    items = workouts_of(server, account)
    assert items, "no workout was stored"
    return max(items, key=lambda w: str(w["createdAt"]))


def test_log_a_workout_with_two_sets_and_find_it_through_the_api(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainee = world.personas.trainee_a2
    page = signed_in_page(trainee, phone=True)
    page.goto("/log")
    squat = add_exercise(page, "barbel bak squat", "Barbell Back Squat")  # typos forgiven
    set_group(squat, 1).get_by_label("Weight").fill("60")
    set_group(squat, 1).get_by_label("Reps").fill("5")
    squat.get_by_role("button", name="Add set").click()
    # "Add set" copies the previous set, then the second set is changed.
    assert set_group(squat, 2).get_by_label("Weight").input_value() == "60"
    assert set_group(squat, 2).get_by_label("Reps").input_value() == "5"
    set_group(squat, 2).get_by_label("Reps").fill("4")
    check_axe(page)
    screenshot(page, "log")
    finish_and_sync(page)

    workout = newest_workout(live_server, trainee)
    assert workout["date"] == clock.today().isoformat()
    [entry] = workout["exercises"]
    assert entry["name"] == "Barbell Back Squat"
    assert entry["exerciseId"]
    assert entry["sets"] == [
        {"setNumber": 1, "weight": 60, "reps": 5},
        {"setNumber": 2, "weight": 60, "reps": 4},
    ]
    # The logger is empty again, and the draft is gone after a reload.
    page.reload()
    assert page.get_by_role("region", name="Barbell Back Squat").count() == 0


def test_fields_follow_the_exercise_type_and_thai_names_are_found(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainee = world.personas.trainee_b1
    page = signed_in_page(trainee)
    page.goto("/log")
    run_ = add_exercise(page, "วิ่งบนลู่", "Treadmill Run")
    set_group(run_, 1).get_by_label("Distance").fill("5")
    set_group(run_, 1).get_by_label("Duration").fill("28")
    assert set_group(run_, 1).get_by_label("Weight").count() == 0
    stretch = add_exercise(page, "hamstring strech", "Standing Hamstring Stretch")
    set_group(stretch, 1).get_by_label("Hold time").fill("45")
    assert set_group(stretch, 1).get_by_label("Reps").count() == 0
    finish_and_sync(page)

    workout = newest_workout(live_server, trainee)
    kinds = {e["name"]: (e["type"], e["sets"]) for e in workout["exercises"]}
    assert kinds["Treadmill Run"] == ("cardio", [{"setNumber": 1, "distance": 5, "duration": 28}])
    assert kinds["Standing Hamstring Stretch"] == (
        "flexibility",
        [{"setNumber": 1, "holdTime": 45}],
    )


def test_program_targets_prefill_todays_workout(
    world: World, signed_in_page: Callable[..., Any]
) -> None:
    page = signed_in_page(world.personas.trainee_a1)
    page.goto("/")
    page.get_by_role("link", name="Start").click()
    page.wait_for_url("**/log?program_workout=*")
    squat = page.get_by_role("region", name="Barbell Back Squat")
    assert squat.get_by_role("group").count() == 3
    assert set_group(squat, 3).get_by_label("Weight").input_value() == "60"
    assert set_group(squat, 3).get_by_label("Reps").input_value() == "5"
    bench = page.get_by_role("region", name="Bench Press")
    assert set_group(bench, 1).get_by_label("Weight").input_value() == "40"
    screenshot(page, "log-from-program")


def test_an_exercise_is_prefilled_from_the_last_time_it_was_logged(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainee = world.personas.trainee_b1
    api_send(
        live_server,
        trainee,
        "POST",
        "/workouts",
        {
            "traineeId": str(trainee.id),
            "date": clock.today().isoformat(),
            "duration": 30,
            "exercises": [
                {
                    "name": "Conventional Deadlift",
                    "type": "weight_training",
                    "sets": [
                        {"setNumber": 1, "weight": 100, "reps": 5},
                        {"setNumber": 2, "weight": 110, "reps": 3},
                    ],
                }
            ],
        },
    )
    page = signed_in_page(trainee)
    page.goto("/log")
    deadlift = add_exercise(page, "deadlfit", "Conventional Deadlift")
    set_group(deadlift, 2).wait_for()
    assert set_group(deadlift, 1).get_by_label("Weight").input_value() == "100"
    assert set_group(deadlift, 2).get_by_label("Weight").input_value() == "110"
    assert set_group(deadlift, 2).get_by_label("Reps").input_value() == "3"


def test_weights_are_typed_in_pounds_and_stored_in_kilograms(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainee = world.personas.trainee_a2
    api_send(live_server, trainee, "PATCH", "/me/settings", {"weightUnit": "lbs"})
    try:
        page = signed_in_page(trainee)
        page.goto("/log")
        press = add_exercise(page, "dumbbell bench", "Dumbbell Bench Press")
        assert set_group(press, 1).get_by_text("Weight (lbs)").count() == 1
        set_group(press, 1).get_by_label("Weight").fill("100")
        set_group(press, 1).get_by_label("Reps").fill("8")
        finish_and_sync(page)
        [entry] = newest_workout(live_server, trainee)["exercises"]
        assert entry["sets"][0]["weight"] == pytest.approx(45.36, abs=0.01)
    finally:
        api_send(live_server, trainee, "PATCH", "/me/settings", {"weightUnit": "kg"})


def test_the_rest_timer_counts_down(world: World, signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page(world.personas.trainee_a2)
    page.goto("/log")
    timer = page.get_by_role("timer", name="Rest time left")
    assert timer.inner_text() == "1:30"
    page.get_by_role("button", name="15 seconds more").click()
    assert timer.inner_text() == "1:45"
    page.get_by_role("button", name="Start rest").click()
    page.wait_for_function(
        "() => document.querySelector('[role=timer]').textContent.trim() === '1:44'"
    )
    page.get_by_role("button", name="Stop rest").click()
    page.get_by_role("button", name="Start rest").wait_for()


def test_the_logger_in_thai(world: World, signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page(world.personas.trainee_a2, language="th", phone=True)
    page.goto("/log")
    page.get_by_role("searchbox").fill("สควอต")
    page.get_by_role("option", name="บาร์เบลแบ็คสควอต").first.click()
    page.get_by_role("region", name="บาร์เบลแบ็คสควอต").wait_for()
    check_axe(page)
    screenshot(page, "log-th")


def test_a_workout_is_linked_to_todays_confirmed_session(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainer, trainee = world.personas.trainer_b, world.personas.trainee_b1
    session = api_send(
        live_server,
        trainer,
        "POST",
        "/schedules",
        {
            "traineeId": str(trainee.id),
            "title": "Morning strength",
            "date": clock.today().isoformat(),
            "startTime": "06:00",
            "endTime": "06:30",
        },
    )
    api_send(
        live_server, trainee, "POST", f"/schedules/{session['id']}/status", {"status": "confirmed"}
    )
    page = signed_in_page(trainee)
    page.goto("/log")
    assert page.get_by_text("Linked to today's session: Morning strength").count() == 1
    squat = add_exercise(page, "goblet squat", "Goblet Squat")
    set_group(squat, 1).get_by_label("Weight").fill("20")
    set_group(squat, 1).get_by_label("Reps").fill("10")
    finish_and_sync(page)

    assert newest_workout(live_server, trainee)["scheduleId"] == session["id"]
    # Logging it completed the session.
    assert api_get(live_server, trainee, f"/schedules/{session['id']}")["status"] == "completed"


def test_a_trainer_is_told_the_logger_is_for_trainees(
    world: World, signed_in_page: Callable[..., Any]
) -> None:
    page = signed_in_page(world.personas.trainer_a)
    page.goto("/log")
    assert page.get_by_text("The logger is for trainees").count() == 1
    assert page.get_by_role("searchbox", name="Add exercise").count() == 0
