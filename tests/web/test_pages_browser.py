"""Helper E's pages in Chromium: sign in, Today, Sessions, a session card,
Notifications, Settings, the emailed-link pages; axe and screenshots of each."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from spotter import clock
from tests.api.helpers import API, PASSWORD, Account, register
from tests.web.conftest import LiveServer, check_axe, run, screenshot
from tests.web.world import World, book

BUDDHIST_YEAR = re.compile(r"\b25[6-9]\d\b")


def api_get(live_server: LiveServer, path: str, headers: dict[str, str]) -> object:
    async def fetch() -> object:
        async with live_server.client() as client:
            response = await client.get(f"{API}{path}", headers=headers)
            assert response.status_code == 200, response.text
            return response.json()

    return run(fetch())


@pytest.mark.parametrize(
    ("locale", "email_label", "password_label", "button"),
    [
        ("en-US", "Email", "Password", "Sign in"),
        ("th-TH", "อีเมล", "รหัสผ่าน", "เข้าสู่ระบบ"),
    ],
)
def test_sign_in_with_email_and_password(
    new_page: Callable[..., Page],
    world: World,
    locale: str,
    email_label: str,
    password_label: str,
    button: str,
) -> None:
    page = new_page(locale=locale)
    page.goto("/sessions")
    expect(page).to_have_url(re.compile(r"/signin\?next=/sessions$"))
    assert page.locator("html").get_attribute("lang") == locale[:2]
    page.get_by_label(email_label).fill(world.personas.trainee_a1.email)
    page.get_by_label(password_label).fill(PASSWORD)
    # Keyboard only: Enter in the password field submits.
    page.get_by_label(password_label).press("Enter")
    expect(page).to_have_url(re.compile(r"/sessions$"))
    expect(page.get_by_role("navigation")).to_be_visible()
    assert page.js_errors == []  # type: ignore[attr-defined]
    page.goto("/signin")
    expect(page.get_by_role("button", name=button)).to_have_count(0)  # already signed in


def test_a_wrong_password_says_so_in_the_page(new_page: Callable[..., Page], world: World) -> None:
    page = new_page()
    page.goto("/signin")
    page.get_by_label("Email").fill(world.personas.trainee_a1.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("The email or password is wrong.")
    expect(page.get_by_role("link", name="Forgot password?")).to_be_visible()
    screenshot(page, "signin-error")


def test_navigation_has_every_destination(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.personas.trainee_a1)
    page.goto("/")
    nav = page.get_by_role("navigation")
    for name in (
        "Today",
        "Log workout",
        "History",
        "Progress",
        "Body weight",
        "Sessions",
        "Settings",
    ):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=re.compile(r"^Notifications"))).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    expect(nav.get_by_role("link", name="Today", exact=True)).to_have_attribute(
        "aria-current", "page"
    )


def test_today_shows_sessions_workout_weight_and_card(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.personas.trainee_a1)
    page.goto("/")
    first = page.get_by_role("listitem").filter(has_text="Leg day")
    expect(first).to_contain_text("Trainer A")
    expect(first).to_contain_text("9:00")
    expect(first.get_by_role("button", name="Confirm")).to_be_visible()
    expect(first.get_by_role("button", name="Cancel session")).to_be_visible()
    expect(page.get_by_text("Strength basics")).to_be_visible()
    start = page.get_by_role("link", name="Start")
    expect(start).to_have_attribute("href", f"/log?program_workout={world.program['id']}")
    expect(page.get_by_role("link", name="Read the session card")).to_be_visible()
    check_axe(page)
    screenshot(page, "today")


def test_confirm_a_session_from_today(
    signed_in_page: Callable[..., Page], world: World, live_server: LiveServer
) -> None:
    trainee = world.personas.trainee_a1
    page = signed_in_page(trainee, phone=True)
    page.goto("/")
    item = page.get_by_role("listitem").filter(has_text="Leg day")
    item.get_by_role("button", name="Confirm").click()
    expect(item).to_contain_text("Confirmed")
    expect(item.get_by_role("button", name="Confirm")).to_have_count(0)
    schedule = api_get(live_server, f"/schedules/{world.sessions[0]['id']}", trainee.headers)
    assert isinstance(schedule, dict)
    assert schedule["status"] == "confirmed"
    screenshot(page, "today-confirmed")


def test_confirm_works_without_javascript(
    browser: Browser, live_server: LiveServer, world: World
) -> None:
    trainee = world.personas.trainee_a2

    async def prepare() -> str:
        async with live_server.client() as client:
            await book(
                client,
                world.personas.trainer_a,
                trainee,
                "No-JS session",
                clock.today() + dt.timedelta(days=2),
                "07:00",
                "08:00",
            )
            body = (
                await client.post(
                    f"{API}/auth/login", json={"email": trainee.email, "password": PASSWORD}
                )
            ).json()
            await client.patch(
                f"{API}/me/settings", json={"language": "en"}, headers=trainee.headers
            )
            return str(body["refreshToken"])

    token = run(prepare())
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.add_cookies([{"name": "spotter_session", "value": token, "url": live_server.url}])
    page = context.new_page()
    page.goto("/sessions")
    item = page.get_by_role("listitem").filter(has_text="No-JS session")
    item.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/sessions$"))
    expect(page.get_by_role("listitem").filter(has_text="No-JS session")).to_contain_text(
        "Confirmed"
    )
    context.close()


def test_sessions_page_cancel_and_calendar_link(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.personas.trainee_a1)
    page.goto("/sessions")
    expect(page.get_by_role("heading", name="Upcoming")).to_be_visible()
    item = page.get_by_role("listitem").filter(has_text="Upper body")
    item.get_by_role("button", name="Cancel session").click()
    expect(item).to_contain_text("Cancelled")
    check_axe(page)
    screenshot(page, "sessions")
    page.get_by_role("button", name="Get calendar link").click()
    link = page.get_by_label("iCal subscription link")
    expect(link).to_have_value(re.compile(r"/api/v1/schedules\.ics\?token="))
    feed = page.request.get(link.input_value())
    assert feed.ok
    assert "BEGIN:VCALENDAR" in feed.text()
    check_axe(page)
    screenshot(page, "calendar-link")


def test_switching_language_shows_thai_with_buddhist_era(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.personas.trainee_a1)
    page.goto("/sessions")
    expect(page.get_by_role("heading", name="Sessions", exact=True)).to_be_visible()
    page.get_by_role("button", name="ไทย").click()
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", name="นัดฝึก", exact=True)).to_be_visible()
    times = page.locator("time").all_inner_texts()
    assert times
    assert all(BUDDHIST_YEAR.search(text) for text in times), times
    check_axe(page)
    screenshot(page, "sessions-th")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert not any(BUDDHIST_YEAR.search(t) for t in page.locator("time").all_inner_texts())


def test_reading_a_session_card(signed_in_page: Callable[..., Page], world: World) -> None:
    page = signed_in_page(world.personas.trainee_a1, language="th")
    page.goto("/")
    page.get_by_role("link", name="อ่านการ์ดสรุปผล").click()
    expect(page.get_by_role("heading", name="การ์ดสรุปผลการฝึก")).to_be_visible()
    expect(page.get_by_text("Great squat depth today")).to_be_visible()
    expect(page.get_by_text("Squat 60 kg for 5")).to_be_visible()
    check_axe(page)
    screenshot(page, "card-th")


def test_someone_elses_session_card_is_not_found(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.personas.trainee_b1)
    response = page.goto(f"/cards/{world.card['id']}")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    check_axe(page)
    screenshot(page, "not-found")


def _unread_link(page: Page) -> object:
    return page.get_by_role("navigation").get_by_role("link", name=re.compile(r"^Notifications"))


def test_notifications_mark_one_and_all_read(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.personas.trainee_a1)
    page.goto("/notifications")
    link = page.get_by_role("navigation").get_by_role("link", name=re.compile(r"^Notifications"))
    name = link.get_attribute("aria-label") or link.inner_text()
    before = int(re.findall(r"\d+", link.inner_text())[0])
    assert before >= 2, name
    check_axe(page)
    screenshot(page, "notifications")
    page.get_by_role("button", name="Mark read").first.click()
    expect(link).to_have_accessible_name(re.compile(rf"^Notifications\s*{before - 1}\b"))
    page.get_by_role("button", name="Mark all read").click()
    expect(link).to_have_accessible_name("Notifications")
    expect(page.get_by_role("button", name="Mark read")).to_have_count(0)


def test_the_unread_count_updates_live(
    signed_in_page: Callable[..., Page], world: World, live_server: LiveServer
) -> None:
    trainee = world.personas.trainee_a2
    page = signed_in_page(trainee)
    page.goto("/settings")
    link = page.get_by_role("navigation").get_by_role("link", name=re.compile(r"^Notifications"))
    text = link.inner_text()
    before = int(re.findall(r"\d+", text)[0]) if re.findall(r"\d+", text) else 0
    page.wait_for_timeout(500)  # the stream is open

    async def new_appointment() -> None:
        async with live_server.client() as client:
            await book(
                client,
                world.personas.trainer_a,
                trainee,
                "Live one",
                clock.today() + dt.timedelta(days=5),
                "06:00",
                "07:00",
            )

    run(new_appointment())
    expect(link).to_have_accessible_name(re.compile(rf"^Notifications\s*{before + 1}\b"))


def test_settings_save(
    signed_in_page: Callable[..., Page], world: World, live_server: LiveServer
) -> None:
    account = world.personas.outsider
    page = signed_in_page(account)
    page.goto("/settings")
    check_axe(page)
    screenshot(page, "settings")
    page.get_by_label("Theme").select_option("dark")
    page.get_by_label("Units").select_option("lbs-miles")
    page.get_by_role("switch", name="Show my statistics").check()
    page.get_by_role("switch", name="Text messages (SMS)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Settings saved.")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.get_by_label("Units")).to_have_value("lbs-miles")
    saved = api_get(live_server, "/me/settings", account.headers)
    assert isinstance(saved, dict)
    assert saved["theme"] == "dark"
    assert saved["weightUnit"] == "lbs"
    assert saved["distanceUnit"] == "miles"
    assert saved["privacySettings"]["showStats"] is True
    assert saved["notificationSettings"]["sms"] is True
    check_axe(page)
    screenshot(page, "settings-dark")


def test_settings_in_thai_and_the_weight_unit_on_today(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.personas.trainee_b1, language="th", phone=True)
    page.goto("/settings")
    page.get_by_label("หน่วย").select_option("lbs-km")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("status")).to_have_text("บันทึกการตั้งค่าแล้ว")
    page.goto("/")
    expect(page.get_by_label("น้ำหนัก (ปอนด์)")).to_be_visible()
    screenshot(page, "today-th")


def test_quick_weight_entry_in_pounds(
    signed_in_page: Callable[..., Page], world: World, live_server: LiveServer
) -> None:
    trainee = world.personas.trainee_b1  # pounds, from the test above or set here

    async def pounds() -> None:
        async with live_server.client() as client:
            await client.patch(
                f"{API}/me/settings", json={"weightUnit": "lbs"}, headers=trainee.headers
            )

    run(pounds())
    page = signed_in_page(trainee)
    page.goto("/")
    page.get_by_label("Weight (lb)").fill("165.3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Weight saved.")
    entries = api_get(live_server, "/body-weight", trainee.headers)
    assert isinstance(entries, dict)
    assert abs(float(entries["items"][0]["weight"]) - 74.98) < 0.01
    page.get_by_label("Weight (lb)").fill("abc")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("number")


def test_change_password_keeps_this_browser_signed_in(
    signed_in_page: Callable[..., Page], live_server: LiveServer
) -> None:
    async def account() -> object:
        async with live_server.client() as client:
            return await register(client)

    person = run(account())
    assert isinstance(person, Account)
    page = signed_in_page(person)
    page.goto("/settings")
    page.get_by_label("Current password").fill("wrong password")
    page.get_by_label("New password").fill("another long passphrase 7")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_have_text("The current password is wrong.")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("another long passphrase 7")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Password changed")
    page.goto("/")
    expect(page.get_by_role("navigation")).to_be_visible()


def test_delete_account_needs_the_box_ticked(
    signed_in_page: Callable[..., Page], live_server: LiveServer
) -> None:
    async def account() -> object:
        async with live_server.client() as client:
            return await register(client)

    person = run(account())
    assert isinstance(person, Account)
    page = signed_in_page(person, phone=True)
    page.goto("/settings")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export my data").click()
    assert download.value.suggested_filename == "spotter-export.json"
    page.get_by_role("checkbox", name="I understand that everything will be deleted").check()
    page.get_by_role("button", name="Delete account").click()
    expect(page).to_have_url(re.compile(r"/signin"))
    expect(page.get_by_role("status")).to_contain_text("deleted")


def test_sign_out(signed_in_page: Callable[..., Page], world: World) -> None:
    page = signed_in_page(world.personas.trainer_b)
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/signin"))
    page.goto("/settings")
    expect(page).to_have_url(re.compile(r"/signin\?next=/settings"))


@pytest.mark.parametrize(
    ("path", "name", "heading"),
    [
        ("/signin", "signin", "Sign in"),
        ("/forgot-password", "forgot-password", "Reset your password"),
        (
            "/reset-password?token=abcdefghijklmnopqrstuvwxyz",
            "reset-password",
            "Choose a new password",
        ),
        ("/verify-email?token=abcdefghijklmnopqrstuvwxyz", "verify-email", "Verify email"),
        ("/register?invitation=abcdefghijklmnopqrstuvwxyz", "register", "Create your account"),
    ],
)
def test_pages_before_sign_in_are_accessible(
    new_page: Callable[..., Page], path: str, name: str, heading: str
) -> None:
    for locale in ("en-US", "th-TH"):
        page = new_page(locale=locale)
        page.goto(path)
        if locale == "en-US":
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        check_axe(page)
        screenshot(page, f"{name}-{locale[:2]}")
        assert page.js_errors == []  # type: ignore[attr-defined]


def test_forgot_password_answers_the_same_for_any_address(
    new_page: Callable[..., Page], world: World
) -> None:
    answers = []
    for email in (world.personas.trainee_a1.email, "nobody.here@example.test"):
        page = new_page()
        page.goto("/signin")
        page.get_by_role("link", name="Forgot password?").click()
        page.get_by_label("Email").fill(email)
        page.get_by_role("button", name="Email me a link").click()
        answers.append(page.get_by_role("status").inner_text())
    assert answers[0] == answers[1]
    assert "on its way" in answers[0]


def test_first_page_after_sign_in_is_light(new_page: Callable[..., Page], world: World) -> None:
    """At most 150 KB over the wire (compressed) with a cold cache."""
    page = new_page(phone=True)
    page.goto("/signin")
    page.get_by_label("Email").fill(world.personas.trainee_a1.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    # A second context with no cache, loading the signed-in first page.
    cookies = page.context.cookies()
    fresh = new_page(phone=True)
    fresh.context.add_cookies(cookies)  # type: ignore[arg-type]
    sizes: list[int] = []
    fresh.on(
        "requestfinished",
        lambda request: sizes.append(
            request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
        ),
    )
    fresh.goto("/", wait_until="networkidle")
    total = sum(sizes)
    assert total <= 150 * 1024, f"{total} bytes in {len(sizes)} responses"
