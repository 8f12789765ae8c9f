"""The calendar's forms over HTTP, as a browser without JavaScript sends them:
booking, bad input answered on the form (422) with nothing saved, an
overlap naming the session it collides with, edit and move, status changes,
and who may open what."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio

from tests.api.helpers import API, Account, ApiPersonas, create_api_personas, link, register
from tests.web.http_helpers import csrf_of, set_language, sign_in

# Far from today and from every other module's sessions; a day per booking.
_DAYS = (dt.date(2091, 1, 1) + dt.timedelta(days=n) for n in itertools.count())


@dataclass
class Calendar:
    personas: ApiPersonas
    api: httpx.AsyncClient
    trainer: httpx.AsyncClient  # trainer A, signed in on the web
    web: dict[str, httpx.AsyncClient]

    async def sessions_on(self, day: dt.date, account: Account | None = None) -> list[Any]:
        who = account or self.personas.trainer_a
        listed = await self.api.get(
            f"{API}/schedules",
            params={"from": day.isoformat(), "to": day.isoformat(), "limit": 100},
            headers=who.headers,
        )
        assert listed.status_code == 200, listed.text
        items: list[Any] = listed.json()["items"]
        return items

    async def book(self, web: httpx.AsyncClient, **fields: str) -> httpx.Response:
        token = csrf_of(await web.get("/calendar/book"))
        return await web.post("/calendar/book", data={"csrf_token": token, **fields})


@pytest_asyncio.fixture(scope="module")
async def calendar(client: httpx.AsyncClient, app: Any) -> AsyncIterator[Calendar]:
    personas = await create_api_personas(client)
    web: dict[str, httpx.AsyncClient] = {}
    for name in ("trainer_a", "trainer_b", "trainee_a1", "trainee_a2"):
        browser = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://spotter.test"
        )
        await set_language(client, personas.all()[name], "en")
        await sign_in(browser, personas.all()[name])
        web[name] = browser
    yield Calendar(personas, client, web["trainer_a"], web)
    for browser in web.values():
        await browser.aclose()


def booking(calendar: Calendar, day: dt.date, **changes: str) -> dict[str, str]:
    fields = {
        "trainee": str(calendar.personas.trainee_a1.id),
        "title": "Deadlift technique",
        "date": day.isoformat(),
        "start": "09:00",
        "end": "10:00",
        "location": "Spotter Gym, Sukhumvit",
        "notes": "Bring chalk",
    }
    return {**fields, **changes}


def field_error(page: httpx.Response, field: str) -> str:
    """The error shown next to a field (its aria-describedby), or ''."""
    found = re.search(rf'<p class="field-error" id="cal-{field}-error">([^<]*)</p>', page.text)
    return found.group(1) if found else ""


async def booked(calendar: Calendar, day: dt.date, **changes: str) -> dict[str, Any]:
    response = await calendar.book(calendar.trainer, **booking(calendar, day, **changes))
    assert response.status_code == 303, response.text[:500]
    found = await calendar.sessions_on(day)
    return next(s for s in found if s["title"] == changes.get("title", "Deadlift technique"))


async def test_booking_saves_the_session_and_shows_it_in_the_week_and_the_day(
    calendar: Calendar,
) -> None:
    day = next(_DAYS)
    response = await calendar.book(calendar.trainer, **booking(calendar, day))
    assert response.status_code == 303
    assert response.headers["location"] == f"/calendar?view=day&date={day}&done=booked"
    [saved] = await calendar.sessions_on(day)
    assert saved["traineeId"] == str(calendar.personas.trainee_a1.id)
    assert (saved["startTime"], saved["endTime"], saved["status"]) == ("09:00", "10:00", "pending")
    assert (saved["location"], saved["notes"]) == ("Spotter Gym, Sukhumvit", "Bring chalk")

    day_view = await calendar.trainer.get(response.headers["location"])
    assert "Session booked." in day_view.text
    assert f'href="/calendar/sessions/{saved["id"]}"' in day_view.text
    week = await calendar.trainer.get(f"/calendar?view=week&date={day}")
    assert f'href="/calendar/sessions/{saved["id"]}"' in week.text
    assert "Trainee A1" in week.text
    assert "9:00 AM" in week.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": "08:00"}, "end", "The session must end after it starts."),
        ({"trainee": ""}, "trainee", "Choose a trainee."),
        ({"date": "2101-01-01"}, "date", "Enter a date between 1 Jan 1900 and 31 Dec 2100."),
        ({"date": "1899-12-31"}, "date", "Enter a date between"),
        ({"date": "tomorrow"}, "date", "Enter a date between"),
        ({"trainee": "not-an-id"}, "trainee", "Choose a trainee from your roster."),
        ({"start": "25:00"}, "start", "Enter a time such as 09:30."),
        ({"title": " "}, "title", "Enter a title."),
        ({"location": "x" * 256}, "location", "Use at most 255 characters."),
    ],
)
async def test_bad_input_is_named_on_the_form_and_nothing_is_saved(
    calendar: Calendar, changes: dict[str, str], field: str, message: str
) -> None:
    day = next(_DAYS)
    response = await calendar.book(calendar.trainer, **booking(calendar, day, **changes))
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert f'aria-describedby="cal-{field}-error"' in response.text
    assert ">Bring chalk</textarea>" in response.text  # what was typed stays
    assert await calendar.sessions_on(day) == []


async def test_a_trainee_not_on_the_roster_is_a_field_error(calendar: Calendar) -> None:
    day = next(_DAYS)
    someone_elses = calendar.personas.trainee_b1
    fields = booking(calendar, day, trainee=str(someone_elses.id))
    response = await calendar.book(calendar.trainer, **fields)
    assert response.status_code == 422
    assert field_error(response, "trainee") == "Choose a trainee from your roster."
    assert await calendar.sessions_on(day, calendar.personas.trainer_b) == []


async def test_an_overlap_names_the_session_it_collides_with(calendar: Calendar) -> None:
    day = next(_DAYS)
    first = await booked(calendar, day, title="Squat clinic")
    again = booking(calendar, day, title="Second booking", start="09:30", end="10:30")
    again["trainee"] = str(calendar.personas.trainee_a2.id)  # the trainer is busy
    response = await calendar.book(calendar.trainer, **again)
    assert response.status_code == 409
    alert = re.search(r'role="alert" id="cal-conflict">([^<]*)<', response.text)
    assert alert, response.text
    for part in ("Squat clinic", "Trainee A1", "9:00 AM", "10:00 AM", "Nothing was saved."):
        assert part in alert.group(1).replace("&#34;", '"')
    assert [s["id"] for s in await calendar.sessions_on(day)] == [first["id"]]


async def test_an_overlap_only_the_database_sees_is_shown_on_the_form(
    calendar: Calendar,
) -> None:
    """A past session with a trainee who has left is out of the trainer's
    sight, so only the exclusion constraint catches the double booking."""
    trainer = calendar.personas.trainer_a
    gone = await register(calendar.api, name="Former trainee")
    await link(calendar.api, trainer, gone)
    day = dt.date(2021, 3, 10)
    await booked(calendar, day, trainee=str(gone.id), title="Before they left")
    ended = await calendar.api.delete(f"{API}/roster/trainees/{gone.id}", headers=trainer.headers)
    assert ended.status_code == 204, ended.text
    response = await calendar.book(calendar.trainer, **booking(calendar, day))
    assert response.status_code == 409
    assert "This time overlaps another session" in response.text
    assert await calendar.sessions_on(day) == []


async def test_edit_and_move_a_session(calendar: Calendar) -> None:
    day, later = next(_DAYS), next(_DAYS)
    session = await booked(calendar, day)
    page = await calendar.trainer.get(f"/calendar/sessions/{session['id']}")
    assert page.status_code == 200
    assert 'value="Deadlift technique"' in page.text
    moved = {
        "csrf_token": csrf_of(page),
        "title": "Deadlift, heavy",
        "date": later.isoformat(),
        "start": "17:00",
        "end": "18:30",
        "location": "",
        "notes": "",
    }
    response = await calendar.trainer.post(f"/calendar/sessions/{session['id']}", data=moved)
    assert response.status_code == 303
    assert response.headers["location"] == f"/calendar/sessions/{session['id']}?done=saved"
    [now] = await calendar.sessions_on(later)
    assert (now["id"], now["title"], now["startTime"], now["endTime"]) == (
        session["id"],
        "Deadlift, heavy",
        "17:00",
        "18:30",
    )
    assert now["location"] is None
    assert now["notes"] is None
    assert await calendar.sessions_on(day) == []


async def test_a_bad_edit_or_a_move_onto_another_session_saves_nothing(
    calendar: Calendar,
) -> None:
    day = next(_DAYS)
    other = await booked(calendar, day, title="Morning mobility", start="07:00", end="08:00")
    session = await booked(calendar, day, title="Evening strength", start="18:00", end="19:00")
    path = f"/calendar/sessions/{session['id']}"
    token = csrf_of(await calendar.trainer.get(path))
    fields = {"csrf_token": token, "title": "Evening strength", "date": day.isoformat()}
    fields |= {"location": "", "notes": ""}

    backwards = await calendar.trainer.post(path, data={**fields, "start": "19:00", "end": "18:00"})
    assert backwards.status_code == 422
    assert field_error(backwards, "end") == "The session must end after it starts."
    assert 'value="19:00"' in backwards.text

    onto = await calendar.trainer.post(path, data={**fields, "start": "07:30", "end": "08:30"})
    assert onto.status_code == 409
    assert "Morning mobility" in onto.text
    assert "7:00 AM" in onto.text
    stored = {s["id"]: s["startTime"] for s in await calendar.sessions_on(day)}
    assert stored == {other["id"]: "07:00", session["id"]: "18:00"}


async def test_confirm_complete_and_cancel(calendar: Calendar) -> None:
    day = next(_DAYS)
    session = await booked(calendar, day)
    path = f"/calendar/sessions/{session['id']}"

    async def press(status: str) -> httpx.Response:
        token = csrf_of(await calendar.trainer.get(path))
        return await calendar.trainer.post(
            f"{path}/status", data={"csrf_token": token, "status": status}
        )

    for status in ("confirmed", "completed"):
        response = await press(status)
        assert response.headers["location"] == f"{path}?done={status}"
        [stored] = await calendar.sessions_on(day)
        assert stored["status"] == status
    refused = await press("cancelled")
    assert refused.status_code == 409
    assert "This session can no longer be changed." in refused.text
    assert (await calendar.sessions_on(day))[0]["status"] == "completed"
    assert (await press("pending")).status_code == 422

    other = await booked(calendar, next(_DAYS))
    token = csrf_of(await calendar.trainer.get(path))
    cancelled = await calendar.trainer.post(
        f"/calendar/sessions/{other['id']}/status",
        data={"csrf_token": token, "status": "cancelled"},
    )
    assert cancelled.status_code == 303
    week = await calendar.trainer.get(f"/calendar?date={other['date']}")
    assert 'class="cal-item cancelled"' in week.text  # shown, struck through


async def test_a_trainee_is_sent_to_their_sessions_and_books_nothing(
    calendar: Calendar,
) -> None:
    trainee = calendar.web["trainee_a1"]
    day = next(_DAYS)
    own = await booked(calendar, day)
    for path in ("/calendar", "/calendar/book", f"/calendar/sessions/{own['id']}"):
        response = await trainee.get(path)
        assert (response.status_code, response.headers["location"]) == (303, "/sessions")
    token = csrf_of(await trainee.get("/settings"))
    fields = booking(calendar, next(_DAYS))
    attempt = await trainee.post("/calendar/book", data={"csrf_token": token, **fields})
    assert attempt.status_code == 303
    assert await calendar.sessions_on(dt.date.fromisoformat(fields["date"])) == []
    moved = await trainee.post(
        f"/calendar/sessions/{own['id']}",
        data={"csrf_token": token, **booking(calendar, day, start="11:00", end="12:00")},
    )
    assert moved.status_code == 303
    assert (await calendar.sessions_on(day))[0]["startTime"] == "09:00"


async def test_someone_elses_session_is_not_found(calendar: Calendar) -> None:
    session = await booked(calendar, next(_DAYS))
    other_trainee = calendar.web["trainee_a2"]
    assert (await other_trainee.get(f"/calendar/sessions/{session['id']}")).status_code == 404
    stranger = calendar.web["trainer_b"]
    assert (await stranger.get(f"/calendar/sessions/{session['id']}")).status_code == 404
    token = csrf_of(await stranger.get("/calendar"))
    response = await stranger.post(
        f"/calendar/sessions/{session['id']}/status",
        data={"csrf_token": token, "status": "cancelled"},
    )
    assert response.status_code == 404


async def test_the_week_starts_on_monday_and_bad_queries_are_refused(
    calendar: Calendar,
) -> None:
    week = await calendar.trainer.get("/calendar?view=week&date=2091-06-13")  # a Wednesday
    assert week.status_code == 200
    days = re.findall(r'id="cal-day-([0-9-]+)"', week.text)
    assert days == [f"2091-06-{n:02d}" for n in range(11, 18)]
    assert 'href="/calendar?view=week&amp;date=2091-06-06"' in week.text  # Previous
    assert 'href="/calendar?view=week&amp;date=2091-06-20"' in week.text  # Next
    for query in ("view=month", "date=2091-02-30", "date=2200-01-01"):
        assert (await calendar.trainer.get(f"/calendar?{query}")).status_code == 422


async def test_the_book_form_preselects_the_trainee_and_the_day(calendar: Calendar) -> None:
    trainee = calendar.personas.trainee_a2
    page = await calendar.trainer.get(f"/calendar/book?trainee={trainee.id}&date=2091-05-05")
    assert re.search(rf'<option value="{trainee.id}" selected>Trainee A2</option>', page.text)
    assert 'name="date" type="date" value="2091-05-05"' in page.text
    stranger = calendar.personas.trainee_b1
    page = await calendar.trainer.get(f"/calendar/book?trainee={stranger.id}&date=nonsense")
    assert page.status_code == 200
    assert f'<option value="{stranger.id}"' not in page.text
    assert re.search(r"<option [^>]*selected", page.text) is None
