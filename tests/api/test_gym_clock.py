""" "Today" is the gym's (SPOTTER_TIMEZONE), never the machine's: a server
kept on UTC must not count a Bangkok trainee's sessions, or place their
program's week, by a date that is a day off for seven hours of every day.

The app here runs in a zone whose date differs from the machine's right
now, so every answer below would be a day off if any of them asked the
machine for today."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter import clock
from tests.api.domain import Pair, book, linked_pair
from tests.api.helpers import API, running_app
from tests.api.test_programs import _program, _template
from tests.conftest import make_settings

# A day ahead of UTC from 10:00 UTC on, a day behind it until 12:00 UTC.
FAR_ZONES = ("Pacific/Kiritimati", "Etc/GMT+12")


def _zone_a_day_off() -> str:
    machine = {dt.date.today(), dt.datetime.now(dt.UTC).date()}  # noqa: DTZ011 (on purpose)
    for name in FAR_ZONES:
        if dt.datetime.now(ZoneInfo(name)).date() not in machine:
            return name
    pytest.skip("no zone's date differs from this machine's now (its clock is not UTC)")


@dataclass
class FarGym:
    client: httpx.AsyncClient
    zone: ZoneInfo

    def today(self) -> dt.date:
        return dt.datetime.now(self.zone).date()


@pytest_asyncio.fixture
async def far(database_url: URL) -> AsyncIterator[FarGym]:
    """An app whose gym is a day away from the machine; the clock goes back to
    the other tests' zone afterwards (it is one per process, like logging)."""
    zone = _zone_a_day_off()
    try:
        async with running_app(database_url, timezone=zone) as (_, client):
            yield FarGym(client, ZoneInfo(zone))
    finally:
        clock.configure(make_settings().timezone)


def _move(owner_engine: Engine, schedule_id: str, day: dt.date) -> None:
    with owner_engine.begin() as db:
        db.execute(
            text("UPDATE schedules SET date = :d WHERE id = :s"), {"d": day, "s": schedule_id}
        )


async def test_a_session_is_missed_from_the_gyms_tomorrow_on(
    far: FarGym, owner_engine: Engine
) -> None:
    pair: Pair = await linked_pair(far.client)
    yesterday, today = await book(far.client, pair), await book(far.client, pair)
    _move(owner_engine, yesterday["id"], far.today() - dt.timedelta(days=1))
    _move(owner_engine, today["id"], far.today())
    stats = await far.client.get(
        f"{API}/stats/trainees/{pair.trainee.id}", headers=pair.trainer.headers
    )
    assert stats.status_code == 200, stats.text
    assert stats.json()["adherence"]["missed"] == 1


async def test_a_programs_week_is_counted_on_the_gyms_calendar(far: FarGym) -> None:
    pair = await linked_pair(far.client)
    template = await _template(far.client, pair.trainer)
    program = await _program(far.client, pair.trainer, template["id"], weeks=8)
    assigned = await far.client.post(
        f"{API}/program-templates/{program['id']}/assign",
        json={"traineeId": str(pair.trainee.id), "startDate": far.today().isoformat()},
        headers=pair.trainer.headers,
    )
    assert assigned.status_code == 201, assigned.text
    moved = await far.client.patch(
        f"{API}/trainee-programs/{assigned.json()['id']}",
        json={"currentWeek": 3},
        headers=pair.trainer.headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["startDate"] == (far.today() - dt.timedelta(weeks=2)).isoformat()
    assert moved.json()["currentWeek"] == 3


def test_an_unknown_time_zone_stops_the_start() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Asia/Bangkokk'"):
        make_settings(timezone="Asia/Bangkokk")
