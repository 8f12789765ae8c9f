"""The gym's calendar.

Sessions, workouts and weigh-ins carry the gym's local dates, so "today" is
the gym's today (SPOTTER_TIMEZONE), never the machine's: a server kept on
UTC would otherwise show a Bangkok trainee yesterday's plan, and count
yesterday's sessions as today's, from midnight until seven in the morning.
Everything that asks for today asks here.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


class _Gym:
    zone = ZoneInfo("Asia/Bangkok")


def configure(timezone: str) -> None:
    """Set from the settings once, when the app or the worker is built."""
    _Gym.zone = ZoneInfo(timezone)


def zone() -> ZoneInfo:
    return _Gym.zone


def today() -> dt.date:
    return dt.datetime.now(_Gym.zone).date()


def local(moment: dt.datetime) -> dt.datetime:
    """A stored moment (UTC, or naive meaning UTC) on the gym's clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(_Gym.zone)
