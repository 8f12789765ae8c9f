"""The API and a worker as real processes, with a local webhook receiver and
a local SMTP server: a booking arrives signed; a reminder email arrives; a
receiver that fails twice then succeeds gets the event three times under
one webhook-id."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy.engine import URL

from tests.api.helpers import API, link, register
from tests.integrations.peers import Mailbox, Receiver
from tests.integrations.processes import api_process, spotter_process


def _wait(condition: object, what: str, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what} did not happen"
        time.sleep(0.2)


def test_api_and_worker_processes_deliver_webhooks_and_reminders(
    database_url: URL, receiver: Receiver, mailbox: Mailbox, tmp_path: Path
) -> None:
    settings = {
        "smtp_url": mailbox.url,
        "webhook_allow_hosts": "127.0.0.1",
        "webhook_retry_schedule": "0.3s,0.3s,0.3s",
        "secret_key": "end-to-end-secret-key-0123456789-abcdefghij",
        "rate_limit_enabled": "false",
    }
    with (
        api_process(database_url, tmp_path / "api.log", **settings) as base,
        spotter_process(["worker"], database_url, tmp_path / "worker.log", **settings),
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        import asyncio

        async def people() -> tuple[object, object]:
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                trainer = await register(client, "trainer", name="Coach E2E")
                trainee = await register(client, name="Trainee E2E")
                await link(client, trainer, trainee, database_url)
                return trainer, trainee

        trainer, trainee = asyncio.run(people())
        trainer_h = trainer.headers  # type: ignore[attr-defined]
        trainee_h = trainee.headers  # type: ignore[attr-defined]
        hook = http.post(
            f"{API}/webhooks",
            json={"url": receiver.url, "events": ["schedule.created"]},
            headers=trainer_h,
        ).json()
        receiver.secret = hook["secret"]
        receiver.script = [500, 500]  # fails twice, then succeeds

        starts = dt.datetime.now(ZoneInfo("Asia/Bangkok")) + dt.timedelta(hours=2)
        # The 30-minute session must end on its day, whatever the clock says.
        starts = min(starts, starts.replace(hour=23, minute=29, second=0, microsecond=0))
        booked = http.post(
            f"{API}/schedules",
            headers=trainer_h,
            json={
                "traineeId": str(trainee.id),  # type: ignore[attr-defined]
                "title": "E2E session",
                "date": starts.date().isoformat(),
                "startTime": starts.strftime("%H:%M"),
                "endTime": (starts + dt.timedelta(minutes=30)).strftime("%H:%M"),
            },
        )
        assert booked.status_code == 201, booked.text
        schedule = booked.json()

        _wait(lambda: any(r.status == 200 for r in receiver.received), "a successful delivery")
        assert [r.status for r in receiver.received] == [500, 500, 200]
        assert len({r.webhook_id for r in receiver.received}) == 1
        assert all(r.verified for r in receiver.received)
        assert receiver.received[-1].payload["data"]["id"] == schedule["id"]

        confirmed = http.post(
            f"{API}/schedules/{schedule['id']}/status",
            json={"status": "confirmed"},
            headers=trainee_h,
        )
        assert confirmed.status_code == 200
        address = trainee.email  # type: ignore[attr-defined]
        # The worker's periodic reminder runs every minute.
        _wait(
            lambda: any(str(m["Subject"]).startswith("เตือนนัดฝึก") for m in mailbox.to(address)),
            "the reminder email",
            within=90,
        )
