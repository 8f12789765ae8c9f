"""Email through a real local SMTP server; one reminder per confirmed session."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.jobs.app import create_job_app
from tests.api.domain import Pair, linked_pair
from tests.api.helpers import API, register, unique_email
from tests.conftest import make_settings
from tests.integrations.conftest import drain
from tests.integrations.peers import Mailbox, text_and_html

BANGKOK = ZoneInfo("Asia/Bangkok")


def worker(database_url: URL, mailbox: Mailbox, **overrides: Any) -> Any:
    return create_job_app(database_url, make_settings(smtp_url=mailbox.url, **overrides))


async def test_an_invitation_email_in_thai_reaches_a_new_address(
    client: httpx.AsyncClient, mailbox: Mailbox, database_url: URL
) -> None:
    trainer = await register(client, "trainer", name="Coach Ploy")
    email = unique_email("newcomer")
    await client.post(f"{API}/roster/invitations", json={"email": email}, headers=trainer.headers)
    app = worker(database_url, mailbox)
    async with app.open_async():
        await drain(app, lambda: mailbox.to(email))
    message = mailbox.to(email)[0]
    assert message["Subject"] == "Coach Ploy เชิญคุณฝึกกับ Spotter"
    plain, html = text_and_html(message)
    assert "Coach Ploy เชิญคุณเข้าร่วมเป็นลูกเทรน" in plain
    assert "<h2>คุณได้รับคำเชิญ</h2>" in html


async def test_an_english_speaker_gets_english(
    client: httpx.AsyncClient, mailbox: Mailbox, database_url: URL
) -> None:
    trainer = await register(client, "trainer", name="Mark")
    trainee = await register(client)
    await client.patch(f"{API}/me/settings", json={"language": "en"}, headers=trainee.headers)
    await client.post(
        f"{API}/roster/invitations", json={"email": trainee.email}, headers=trainer.headers
    )
    app = worker(database_url, mailbox)
    async with app.open_async():
        await drain(app, lambda: mailbox.to(trainee.email))
    assert mailbox.to(trainee.email)[0]["Subject"] == "Mark invited you to train on Spotter"


async def test_token_reuse_sends_a_security_alert(
    client: httpx.AsyncClient, mailbox: Mailbox, database_url: URL, owner_engine: Engine
) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/refresh", json={"refreshToken": account.refresh_token})
    with owner_engine.begin() as db:
        db.execute(
            text(
                "UPDATE user_sessions SET rotated_at = now() - interval '1 minute'"
                " WHERE user_id = :u AND rotated_at IS NOT NULL"
            ),
            {"u": account.id},
        )
    await client.post(f"{API}/auth/refresh", json={"refreshToken": account.refresh_token})
    app = worker(database_url, mailbox)
    async with app.open_async():
        await drain(app, lambda: mailbox.to(account.email))
    assert mailbox.to(account.email)[0]["Subject"] == "การแจ้งเตือนความปลอดภัยจาก Spotter"


def _within_its_day(starts: dt.datetime) -> dt.datetime:
    # A session ends on the day it starts: one that would run past midnight
    # (the clock late in Bangkok's evening) starts early enough not to.
    local = starts.astimezone(BANGKOK)
    return min(local, local.replace(hour=23, minute=14, second=0, microsecond=0))


async def _confirmed_session(client: httpx.AsyncClient, pair: Pair, starts: dt.datetime) -> str:
    local = _within_its_day(starts)
    end = (local + dt.timedelta(minutes=45)).strftime("%H:%M")
    booked = await client.post(
        f"{API}/schedules",
        json={
            "traineeId": str(pair.trainee.id),
            "title": "Morning strength",
            "date": local.date().isoformat(),
            "startTime": local.strftime("%H:%M"),
            "endTime": end,
            "location": "Studio 1",
        },
        headers=pair.trainer.headers,
    )
    assert booked.status_code == 201, booked.text
    schedule_id: str = booked.json()["id"]
    await client.post(
        f"{API}/schedules/{schedule_id}/status",
        json={"status": "confirmed"},
        headers=pair.trainee.headers,
    )
    return schedule_id


def _reminder_emails(mailbox: Mailbox, address: str) -> list[Any]:
    return [
        m for m in mailbox.to(address) if str(m["Subject"]).startswith(("Reminder:", "เตือนนัดฝึก"))
    ]


def _reminders(engine: Engine, user_id: object) -> int:
    with engine.connect() as db:
        count: int = db.execute(
            text(
                "SELECT count(*) FROM notifications WHERE user_id = :u"
                " AND type = 'schedule_reminder'"
            ),
            {"u": user_id},
        ).scalar_one()
        return count


async def test_a_confirmed_session_is_reminded_once_by_notification_and_email(
    client: httpx.AsyncClient, mailbox: Mailbox, database_url: URL, owner_engine: Engine
) -> None:
    pair = await linked_pair(client, language="en")
    # Bangkok's local clock; the job compares in SPOTTER_TIMEZONE.
    soon = _within_its_day(dt.datetime.now(BANGKOK) + dt.timedelta(hours=3)).replace(
        second=0, microsecond=0
    )
    schedule_id = await _confirmed_session(client, pair, soon)
    app = worker(database_url, mailbox)
    async with app.open_async():
        await app.configure_task("reminders.send").defer_async(timestamp=0)
        await drain(app, lambda: _reminder_emails(mailbox, pair.trainee.email))
        await app.configure_task("reminders.send").defer_async(timestamp=1)
        await app.run_worker_async(wait=False, install_signal_handlers=False)
    assert _reminders(owner_engine, pair.trainee.id) == 1
    assert len(_reminder_emails(mailbox, pair.trainee.email)) == 1
    message = _reminder_emails(mailbox, pair.trainee.email)[0]
    assert message["Subject"] == f"Reminder: Morning strength on {soon.date()} at {soon:%H:%M}"
    with owner_engine.connect() as db:
        sent = db.execute(
            text("SELECT reminder_sent FROM schedules WHERE id = :s"), {"s": schedule_id}
        ).scalar_one()
    assert sent is True


async def test_no_reminder_outside_the_lead_or_for_pending_or_without_email_consent(
    client: httpx.AsyncClient, mailbox: Mailbox, database_url: URL, owner_engine: Engine
) -> None:
    later = await linked_pair(client)
    await _confirmed_session(client, later, dt.datetime.now(BANGKOK) + dt.timedelta(hours=30))
    quiet = await linked_pair(client)
    await client.patch(
        f"{API}/me/settings",
        json={"notificationSettings": {"email": False, "push": True, "sms": False}},
        headers=quiet.trainee.headers,
    )
    await _confirmed_session(client, quiet, dt.datetime.now(BANGKOK) + dt.timedelta(hours=2))
    app = worker(database_url, mailbox)
    async with app.open_async():
        await app.configure_task("reminders.send").defer_async(timestamp=2)
        await app.run_worker_async(wait=False, install_signal_handlers=False)
    assert _reminders(owner_engine, later.trainee.id) == 0
    assert _reminders(owner_engine, quiet.trainee.id) == 1
    assert _reminder_emails(mailbox, quiet.trainee.email) == []
