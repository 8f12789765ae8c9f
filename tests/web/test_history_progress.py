"""History (newest first, "More" pages, a workout's detail) and Progress
(charts named for what they show, the same numbers in a table, adherence)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from spotter import clock
from tests.api.helpers import Account
from tests.web.conftest import LiveServer, check_axe, screenshot
from tests.web.http_api import api_get, api_send
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def log_workouts(server: LiveServer, trainee: Account, bodies: list[dict[str, Any]]) -> None:
    for body in bodies:
        api_send(
            server,
            trainee,
            "POST",
            "/workouts",
            {"traineeId": str(trainee.id), "duration": 50, **body},
        )


def bench(day: dt.date, weight: float, reps: int) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "exercises": [
            {
                "name": "Barbell Bench Press",
                "type": "weight_training",
                "sets": [
                    {"setNumber": 1, "weight": weight, "reps": reps},
                    {"setNumber": 2, "weight": weight - 10, "reps": reps},
                ],
            }
        ],
    }


@pytest.fixture(scope="module")
def lifter(world: World, live_server: LiveServer) -> Account:
    """Trainee A2 with 21 bench workouts, one a day, ending today: this
    week's best is 80 kg x 5 (the newest), earlier weeks' less."""
    today = clock.today()
    bodies = [bench(today - dt.timedelta(days=n), 80 - n, 5) for n in range(21)]
    log_workouts(live_server, world.personas.trainee_a2, bodies)
    return world.personas.trainee_a2


def test_history_lists_workouts_newest_first_with_more_pages(
    lifter: Account, signed_in_page: Callable[..., Any]
) -> None:
    page = signed_in_page(lifter, phone=True)
    page.goto("/history")
    items = page.get_by_role("main").get_by_role("listitem")
    assert items.count() == 20
    first = items.first
    assert "Barbell Bench Press" in first.inner_text()
    today = clock.today()
    assert first.get_by_role("link").inner_text().endswith(f"{today.day} {today:%b} {today.year}")
    check_axe(page)
    screenshot(page, "history")

    page.get_by_role("link", name="More").click()
    rest = page.get_by_role("main").get_by_role("listitem")
    assert rest.count() == 1
    oldest = today - dt.timedelta(days=20)
    assert (
        rest.first.get_by_role("link")
        .inner_text()
        .endswith(f"{oldest.day} {oldest:%b} {oldest.year}")
    )
    assert page.get_by_role("link", name="More").count() == 0


def test_a_workouts_detail_shows_its_sets(
    lifter: Account, signed_in_page: Callable[..., Any]
) -> None:
    page = signed_in_page(lifter)
    page.goto("/history")
    page.get_by_role("main").get_by_role("listitem").first.get_by_role("link").click()
    section = page.get_by_role("region", name="Barbell Bench Press")
    rows = section.get_by_role("row")
    assert rows.nth(1).inner_text().split() == ["1", "80", "5"]
    assert rows.nth(2).inner_text().split() == ["2", "70", "5"]
    check_axe(page)
    screenshot(page, "history-detail")


def test_someone_elses_workout_is_not_found(
    lifter: Account, world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    some_workout = api_get(live_server, lifter, "/workouts", limit=1)["items"][0]["id"]
    page = signed_in_page(world.personas.trainee_b1)
    response = page.goto(f"/history/{some_workout}")
    assert response is not None
    assert response.status == 404


def test_progress_shows_charts_and_the_same_numbers_in_a_table(
    lifter: Account, signed_in_page: Callable[..., Any]
) -> None:
    page = signed_in_page(lifter, phone=True)
    page.goto("/progress")
    assert page.get_by_label("Exercise").input_value() == "Barbell Bench Press"
    strength = page.get_by_role("img", name="estimated 1RM per week")
    volume = page.get_by_role("img", name="volume per week")
    strength.locator("canvas").wait_for()
    volume.locator("canvas").wait_for()
    table = page.get_by_role("table", name="Barbell Bench Press per week")
    newest = table.get_by_role("row").last
    # This week's best set 80 kg x 5: Epley 80 * (1 + 5/30) = 93.3.
    cells = newest.get_by_role("cell").all_inner_texts()
    assert cells[0] == "80 kg × 5"
    assert cells[1] == "93.3"
    assert page.get_by_role("heading", name="Adherence").count() == 1
    check_axe(page)
    screenshot(page, "progress")


def test_progress_in_thai(lifter: Account, signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page(lifter, language="th")
    page.goto("/progress")
    page.locator("canvas").first.wait_for()
    check_axe(page)
    screenshot(page, "progress-th")
