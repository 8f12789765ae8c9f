"""Today for a trainer: today's sessions in time order with Confirm,
Complete and Cancel session; bookings waiting for the trainee; who needs
attention; live updates when a trainee confirms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from spotter import clock
from tests.api.helpers import PASSWORD, Account
from tests.web.conftest import LiveServer, check_axe, run, screenshot
from tests.web.http_api import api_get, api_send
from tests.web.world import World, fresh_refresh_token

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def book_today(
    server: LiveServer, trainer: Account, trainee: Account, title: str, start: str, end: str
) -> dict[str, Any]:
    body = {
        "traineeId": str(trainee.id),
        "title": title,
        "date": clock.today().isoformat(),
        "startTime": start,
        "endTime": end,
    }
    booked: dict[str, Any] = api_send(server, trainer, "POST", "/schedules", body)
    return booked


def status_of(server: LiveServer, account: Account, schedule_id: str) -> str:
    status: str = api_get(server, account, f"/schedules/{schedule_id}")["status"]
    return status


def session_item(page: Any, title_part: str) -> Any:
    region = page.get_by_role("region", name="Today's sessions")
    return region.get_by_role("listitem").filter(has_text=title_part)


def test_todays_sessions_with_their_actions(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    people = world.personas
    trainer = people.trainer_a
    evening = book_today(
        live_server, trainer, people.trainee_a1, "Evening strength", "20:00", "20:45"
    )
    morning = book_today(
        live_server, trainer, people.trainee_a2, "Morning mobility", "06:00", "06:45"
    )
    page = signed_in_page(trainer)
    page.goto("/")
    region = page.get_by_role("region", name="Today's sessions")
    titles = region.get_by_role("heading", level=3).all_inner_texts()
    assert [t.split("·")[-1].strip() for t in titles[:2]] == ["Trainee A2", "Trainee A1"]
    assert "6:00" in titles[0]
    assert "8:00" in titles[1]
    check_axe(page)
    screenshot(page, "trainer-today")

    # Waiting for the trainee: today's and the world's upcoming pending bookings.
    waiting = page.get_by_role("region", name="Waiting for the trainee").inner_text()
    for title in ("Morning mobility", "Evening strength", "Leg day", "Upper body"):
        assert title in waiting
    # Nobody has logged a workout: both trainees need attention.
    attention = page.get_by_role("region", name="Needs attention")
    for name in ("Trainee A1", "Trainee A2"):
        attention.get_by_role("link", name=name).wait_for()
    assert "No workout logged yet" in attention.inner_text()

    session_item(page, "Morning mobility").get_by_role("button", name="Confirm").click()
    session_item(page, "Morning mobility").get_by_text("Confirmed", exact=True).wait_for()
    assert status_of(live_server, trainer, morning["id"]) == "confirmed"
    session_item(page, "Morning mobility").get_by_role("button", name="Complete").click()
    session_item(page, "Morning mobility").get_by_text("Completed", exact=True).wait_for()
    assert status_of(live_server, trainer, morning["id"]) == "completed"
    session_item(page, "Evening strength").get_by_role("button", name="Cancel session").click()
    session_item(page, "Evening strength").get_by_text("Cancelled", exact=True).wait_for()
    assert status_of(live_server, trainer, evening["id"]) == "cancelled"
    assert session_item(page, "Evening strength").get_by_role("button").count() == 0
    assert (
        "Evening strength"
        not in page.get_by_role("region", name="Waiting for the trainee").inner_text()
    )
    assert page.js_errors == []


def test_the_actions_work_without_javascript(
    world: World, live_server: LiveServer, browser: Any
) -> None:
    people = world.personas
    booked = book_today(
        live_server, people.trainer_a, people.trainee_a2, "No script", "12:00", "12:30"
    )
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:

        async def token() -> str:
            async with live_server.client() as client:
                return await fresh_refresh_token(client, people.trainer_a, PASSWORD)

        context.add_cookies(
            [{"name": "spotter_session", "value": run(token()), "url": live_server.url}]
        )
        page = context.new_page()
        page.goto("/")
        session_item(page, "No script").get_by_role("button", name="Confirm").click()
        page.wait_for_url(f"{live_server.url}/")
        assert status_of(live_server, people.trainer_a, booked["id"]) == "confirmed"
    finally:
        context.close()


def test_the_page_updates_when_a_trainee_confirms(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    people = world.personas
    booked = book_today(
        live_server, people.trainer_a, people.trainee_a1, "Live check", "15:00", "15:45"
    )
    page = signed_in_page(people.trainer_a, tablet=True)
    page.goto("/")
    item = session_item(page, "Live check")
    item.get_by_text("Waiting for confirmation", exact=True).wait_for()
    # The page's stream is open before the trainee acts.
    page.locator("[data-live=open]").wait_for(state="attached")
    api_send(
        live_server,
        people.trainee_a1,
        "POST",
        f"/schedules/{booked['id']}/status",
        {"status": "confirmed"},
    )
    session_item(page, "Live check").get_by_text("Confirmed", exact=True).wait_for(timeout=15_000)
    assert page.get_by_role("status").filter(has_text="Updated").count() == 1
    assert page.js_errors == []


def test_a_workout_logged_takes_a_trainee_off_the_idle_list(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    people = world.personas
    page = signed_in_page(people.trainer_a, language="th", phone=True)
    page.goto("/")
    attention = page.get_by_role("region", name="ต้องดูแลเป็นพิเศษ")
    attention.get_by_role("link", name="Trainee A2").wait_for()
    page.locator("[data-live=open]").wait_for(state="attached")
    api_send(
        live_server,
        people.trainee_a2,
        "POST",
        "/workouts",
        {
            "traineeId": str(people.trainee_a2.id),
            "date": (clock.today() - dt.timedelta(days=1)).isoformat(),
            "duration": 30,
            "exercises": [],
        },
    )
    # The trainer hears of it through the stream; A2 is no longer idle.
    attention.get_by_role("link", name="Trainee A2").wait_for(state="detached", timeout=15_000)
    attention.get_by_role("link", name="Trainee A1").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_axe(page)
    screenshot(page, "trainer-today-th")
