"""The trainer's calendar in a browser: book a session and find it in the
week and the day, an overlap named in an alert with nothing saved, edit and
move, confirm, complete and cancel, and a trainee kept out of booking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.api.helpers import Account
from tests.web.conftest import PHONE, LiveServer, check_axe, run, screenshot
from tests.web.http_api import api_get
from tests.web.world import World, book

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Far in the future: no other test's sessions, a week of its own per test.
BOOKED_DAY = dt.date(2092, 3, 5)  # a Wednesday
OVERLAP_DAY = dt.date(2092, 4, 9)
EDIT_DAY, MOVED_DAY = dt.date(2092, 5, 7), dt.date(2092, 5, 8)
THAI_DAY = dt.date(2092, 6, 4)


def sessions_on(server: LiveServer, trainer: Account, day: dt.date) -> list[dict[str, Any]]:
    found = api_get(server, trainer, "/schedules", **{"from": str(day), "to": str(day)})
    items: list[dict[str, Any]] = found["items"]
    return items


def booked(server: LiveServer, world: World, day: dt.date, title: str) -> dict[str, Any]:
    """A session for trainee A1, 09:00-10:00, through the API."""
    personas = world.personas

    async def make() -> dict[str, Any]:
        async with server.client() as client:
            return await book(
                client, personas.trainer_a, personas.trainee_a1, title, day, "09:00", "10:00"
            )

    return run(make())


def week_columns(page: Page) -> int:
    return int(
        page.locator(".cal-week").evaluate(
            "list => getComputedStyle(list).gridTemplateColumns.split(' ').length"
        )
    )


def calendar_nav(page: Page) -> Any:
    return page.get_by_role("navigation", name="Calendar navigation")


def test_book_a_session_and_see_it_in_the_week_and_the_day(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    trainer = world.personas.trainer_a
    page = signed_in_page(trainer)
    page.goto(f"/calendar?date={BOOKED_DAY}")
    page.get_by_role("link", name="Book session").click()
    page.get_by_label("Trainee").select_option(label="Trainee A1")
    page.get_by_label("Title").fill("Hip hinge clinic")
    expect(page.get_by_label("Date")).to_have_value(str(BOOKED_DAY))
    page.get_by_label("Start").fill("07:30")
    page.get_by_label("End").fill("08:30")
    page.get_by_label("Location").fill("Spotter Gym, Sukhumvit")
    page.get_by_label("Notes").fill("Bring lifting shoes")
    page.get_by_role("button", name="Book").click()

    page.get_by_role("status").filter(has_text="Session booked.").wait_for()
    [saved] = sessions_on(live_server, trainer, BOOKED_DAY)
    assert (saved["title"], saved["startTime"], saved["endTime"]) == (
        "Hip hinge clinic",
        "07:30",
        "08:30",
    )
    entry = page.get_by_role("link", name="Hip hinge clinic")
    expect(entry).to_contain_text("7:30 AM")
    expect(entry).to_contain_text("Trainee A1")
    expect(entry).to_contain_text("Spotter Gym, Sukhumvit")
    check_axe(page)
    screenshot(page, "trainer-calendar-day")

    calendar_nav(page).get_by_role("link", name="Week").click()
    expect(page.get_by_role("link", name="Hip hinge clinic")).to_contain_text("Trainee A1")
    assert week_columns(page) == 7  # desktop: a grid
    check_axe(page)
    screenshot(page, "trainer-calendar-week")
    page.set_viewport_size(PHONE)
    assert week_columns(page) == 1  # phone: a list by day
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    calendar_nav(page).get_by_role("link", name="Next", exact=True).click()
    expect(page.get_by_role("link", name="Hip hinge clinic")).to_have_count(0)
    calendar_nav(page).get_by_role("link", name="Previous").click()
    expect(page.get_by_role("link", name="Hip hinge clinic")).to_have_count(1)
    calendar_nav(page).get_by_role("link", name="Today", exact=True).click()
    expect(page.get_by_role("link", name="Hip hinge clinic")).to_have_count(0)


def test_an_overlap_is_named_in_an_alert_and_nothing_is_saved(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    trainer = world.personas.trainer_a
    first = booked(live_server, world, OVERLAP_DAY, "Squat clinic")
    page = signed_in_page(trainer, tablet=True)
    page.goto(f"/calendar/book?trainee={world.personas.trainee_a2.id}&date={OVERLAP_DAY}")
    expect(page.get_by_label("Trainee")).to_have_value(str(world.personas.trainee_a2.id))
    page.get_by_label("Title").fill("Second booking")
    page.get_by_label("Start").fill("09:30")
    page.get_by_label("End").fill("10:30")
    page.get_by_role("button", name="Book").click()

    alert = page.get_by_role("alert")
    for part in ("Squat clinic", "Trainee A1", "9:00 AM", "10:00 AM"):
        expect(alert).to_contain_text(part)
    assert [s["id"] for s in sessions_on(live_server, trainer, OVERLAP_DAY)] == [first["id"]]
    expect(page.get_by_label("Title")).to_have_value("Second booking")
    check_axe(page)
    screenshot(page, "trainer-calendar-book-overlap")

    page.get_by_label("End").fill("09:00")
    page.get_by_role("button", name="Book").click()
    end = page.get_by_label("End")
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#cal-end-error")).to_have_text("The session must end after it starts.")
    assert len(sessions_on(live_server, trainer, OVERLAP_DAY)) == 1
    check_axe(page)
    screenshot(page, "trainer-calendar-book-error")


def test_edit_move_confirm_complete_and_cancel(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    trainer = world.personas.trainer_a
    session = booked(live_server, world, EDIT_DAY, "Bench technique")
    page = signed_in_page(trainer, tablet=True)
    page.goto(f"/calendar?view=day&date={EDIT_DAY}")
    page.get_by_role("link", name="Bench technique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bench technique")

    page.get_by_label("Title").fill("Bench, paused reps")
    page.get_by_label("Date").fill(str(MOVED_DAY))
    page.get_by_label("Start").fill("18:00")
    page.get_by_label("End").fill("19:15")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("status").filter(has_text="Session saved.").wait_for()
    assert sessions_on(live_server, trainer, EDIT_DAY) == []
    [moved] = sessions_on(live_server, trainer, MOVED_DAY)
    assert (moved["id"], moved["title"], moved["startTime"], moved["endTime"]) == (
        session["id"],
        "Bench, paused reps",
        "18:00",
        "19:15",
    )

    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("status").filter(has_text="Session confirmed.").wait_for()
    assert sessions_on(live_server, trainer, MOVED_DAY)[0]["status"] == "confirmed"
    check_axe(page)
    screenshot(page, "trainer-calendar-session")
    page.get_by_role("button", name="Complete").click()
    page.get_by_role("status").filter(has_text="Session completed.").wait_for()
    assert sessions_on(live_server, trainer, MOVED_DAY)[0]["status"] == "completed"
    expect(page.get_by_role("button", name="Cancel session")).to_have_count(0)

    other = booked(live_server, world, EDIT_DAY, "Mobility")
    page.goto(f"/calendar/sessions/{other['id']}")
    page.get_by_role("button", name="Cancel session").click()
    page.get_by_role("status").filter(has_text="Session cancelled.").wait_for()
    assert sessions_on(live_server, trainer, EDIT_DAY)[0]["status"] == "cancelled"
    page.get_by_role("link", name="Back to calendar").click()
    cancelled = page.get_by_role("link", name="Mobility")
    expect(cancelled).to_contain_text("Cancelled")  # shown, not hidden
    title = cancelled.locator(".cal-title")
    assert "line-through" in title.evaluate("e => getComputedStyle(e).textDecorationLine")
    screenshot(page, "trainer-calendar-week-cancelled")


def test_the_calendar_in_thai(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    booked(live_server, world, THAI_DAY, "ฝึกสควอท")
    page = signed_in_page(world.personas.trainer_a, language="th")
    page.goto(f"/calendar?date={THAI_DAY}")
    expect(page.get_by_role("heading", level=1)).to_have_text("ปฏิทิน")
    entry = page.get_by_role("link", name="ฝึกสควอท")
    expect(entry).to_contain_text("09:00")  # 24-hour in Thai
    expect(entry).to_contain_text("รอยืนยัน")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("2635")  # Buddhist era
    check_axe(page)
    screenshot(page, "trainer-calendar-week-th")
    entry.click()
    page.get_by_role("button", name="ยืนยัน").click()
    page.get_by_role("status").filter(has_text="ยืนยันนัดฝึกแล้ว").wait_for()
    check_axe(page)
    screenshot(page, "trainer-calendar-session-th")


def test_a_trainee_cannot_open_the_calendar_or_book(
    world: World, signed_in_page: Callable[..., Page]
) -> None:
    page = signed_in_page(world.personas.trainee_a1)
    for path in ("/calendar", "/calendar/book"):
        page.goto(path)
        assert page.url.endswith("/sessions")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar")
    ).to_have_count(0)
    expect(page.get_by_role("link", name="Book session")).to_have_count(0)
