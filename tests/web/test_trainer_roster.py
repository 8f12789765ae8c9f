"""The trainer's roster: own trainees only, with adherence, last workout and
next session; search and sortable headers; invite, resend, withdraw; ending
a link after a confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from spotter import clock
from tests.api.helpers import Account, link, register
from tests.web.conftest import LiveServer, check_axe, run, screenshot
from tests.web.http_api import api_get, api_send
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def trainee_names(page: Any) -> list[str]:
    """The roster's rows, top to bottom, by the name heading each row."""
    table = page.get_by_role("table")
    return [name.strip() for name in table.locator("tbody th a").all_inner_texts()]


def new_linked_trainee(server: LiveServer, trainer: Account, name: str) -> Account:
    async def make() -> Account:
        async with server.client() as client:
            trainee = await register(client, name=name)
            await link(client, trainer, trainee, server.database_url)
            return trainee

    return run(make())


def log_todays_workout(server: LiveServer, trainer: Account, trainee: Account) -> None:
    api_send(
        server,
        trainer,
        "POST",
        "/workouts",
        {
            "traineeId": str(trainee.id),
            "date": clock.today().isoformat(),
            "duration": 45,
            "exercises": [],
        },
    )


def test_the_roster_shows_my_trainees_with_their_figures(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    people = world.personas
    today = clock.today()
    log_todays_workout(live_server, people.trainer_a, people.trainee_a2)
    page = signed_in_page(people.trainer_a)
    page.goto("/roster")
    page.get_by_role("heading", name="Roster", level=1).wait_for()
    names = trainee_names(page)
    assert "Trainee A1" in names
    assert "Trainee A2" in names
    assert "Trainee B1" not in names
    a1 = page.get_by_role("row").filter(has_text="Trainee A1")
    assert a1.get_by_role("link", name="Trainee A1").get_attribute("href") == (
        f"/trainees/{people.trainee_a1.id}"
    )
    # A1's first booking (tomorrow, 09:00, pending) is the next session.
    tomorrow = today + dt.timedelta(days=1)
    next_session = a1.get_by_role("cell").nth(2)
    assert next_session.locator("time").get_attribute("datetime") == f"{tomorrow}T09:00"
    assert "Waiting for confirmation" in next_session.inner_text()
    figures = api_get(live_server, people.trainer_a, "/roster/trainees")["items"]
    a2_figures = next(i for i in figures if i["person"]["id"] == str(people.trainee_a2.id))
    assert a2_figures["lastWorkoutDate"] == today.isoformat()
    a2 = page.get_by_role("row").filter(has_text="Trainee A2")
    assert a2.locator("time").first.get_attribute("datetime") == today.isoformat()
    check_axe(page)
    screenshot(page, "trainer-roster")


def test_invite_resend_and_withdraw(world: World, signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page(world.personas.trainer_a, tablet=True)
    page.goto("/roster")
    page.get_by_role("link", name="Invite trainee").click()
    email = "new.trainee.roster@example.test"
    page.get_by_label("Email").fill(email)
    check_axe(page)
    screenshot(page, "trainer-roster-invite")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_role("status").filter(has_text="Invitation sent.").wait_for()
    pending = page.get_by_role("region", name="Pending invitations")
    invitation = pending.get_by_role("listitem").filter(has_text=email)
    invitation.wait_for()

    invitation.get_by_role("button", name="Resend").click()
    page.get_by_role("status").filter(has_text="Invitation sent again.").wait_for()
    # A second resend within the minute is refused, saying why.
    page.get_by_role("region", name="Pending invitations").get_by_role("listitem").filter(
        has_text=email
    ).get_by_role("button", name="Resend").click()
    page.get_by_role("alert").filter(has_text="less than a minute ago").wait_for()

    pending = page.get_by_role("region", name="Pending invitations")
    pending.get_by_role("listitem").filter(has_text=email).get_by_role(
        "button", name="Withdraw"
    ).click()
    page.get_by_role("status").filter(has_text="Invitation withdrawn.").wait_for()
    assert email not in page.get_by_role("region", name="Pending invitations").inner_text()


def test_a_bad_email_is_refused_next_to_the_field(
    world: World, signed_in_page: Callable[..., Any]
) -> None:
    page = signed_in_page(world.personas.trainer_a, phone=True)
    page.goto("/roster?invite=1")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Send invitation").click()
    field = page.get_by_label("Email")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.input_value() == "not-an-email"
    error = page.locator(f"#{field.get_attribute('aria-describedby')}").inner_text()
    assert "email" in error.lower()


def test_sortable_headers_change_the_order(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    people = world.personas
    log_todays_workout(live_server, people.trainer_a, people.trainee_a2)
    page = signed_in_page(people.trainer_a)
    page.goto("/roster")
    name_header = page.get_by_role("columnheader", name="Name")
    assert name_header.get_attribute("aria-sort") == "ascending"
    ascending = trainee_names(page)
    assert ascending == sorted(ascending, key=str.lower)
    name_header.get_by_role("link", name="Name").click()
    page.wait_for_url("**/roster?sort=name&dir=desc")
    assert page.get_by_role("columnheader", name="Name").get_attribute("aria-sort") == "descending"
    assert trainee_names(page) == list(reversed(ascending))
    # Last workout, oldest first: A2 worked out, A1 never did (missing goes last).
    page.get_by_role("link", name="Last workout").click()
    header = page.get_by_role("columnheader", name="Last workout")
    assert header.get_attribute("aria-sort") == "ascending"
    names = trainee_names(page)
    assert names.index("Trainee A2") < names.index("Trainee A1")


def test_search_then_end_a_link_after_confirming(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainer = world.personas.trainer_a
    leaving = new_linked_trainee(live_server, trainer, "สมหญิง ใจดี")
    page = signed_in_page(trainer, tablet=True)
    page.goto("/roster")
    page.get_by_label("Search trainees").fill("หญิง")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/roster?q=*")
    assert trainee_names(page) == ["สมหญิง ใจดี"]
    # The whole name: "A2" alone also matches an email whose random part
    # happens to hold "a2" (the search covers names and emails).
    page.get_by_label("Search trainees").fill("Trainee A2")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=Trainee*A2*")
    assert trainee_names(page) == ["Trainee A2"]

    page.goto("/roster")
    row = page.get_by_role("row").filter(has_text="สมหญิง ใจดี")
    row.get_by_role("link", name="End link").click()
    page.get_by_role("heading", name="End the link with สมหญิง ใจดี?").wait_for()
    check_axe(page)
    screenshot(page, "trainer-roster-end")
    page.get_by_role("button", name="End link").click()
    page.get_by_role("status").filter(has_text="The link has ended.").wait_for()
    assert "สมหญิง ใจดี" not in trainee_names(page)
    linked = api_get(live_server, trainer, "/roster/trainees", limit=100)["items"]
    assert str(leaving.id) not in [item["person"]["id"] for item in linked]


def test_the_roster_in_thai(world: World, signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page(world.personas.trainer_a, language="th", phone=True)
    page.goto("/roster")
    page.get_by_role("heading", name="รายชื่อลูกเทรน", level=1).wait_for()
    page.get_by_role("link", name="เชิญลูกเทรน").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_axe(page)
    screenshot(page, "trainer-roster-th")


def test_a_trainee_has_no_roster(world: World, signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page(world.personas.trainee_a1)
    response = page.goto("/roster")
    assert response is not None
    assert response.status == 403
