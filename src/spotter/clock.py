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

from spotter.config import get_settings


class _Gym:
    zone: ZoneInfo | None = None


def configure(timezone: str) -> None:
    """Set from the settings the app or the worker is built with; a command
    that builds neither reads the environment's on first use."""
    _Gym.zone = ZoneInfo(timezone)


def zone() -> ZoneInfo:
    if _Gym.zone is None:
        _Gym.zone = ZoneInfo(get_settings().timezone)
    return _Gym.zone


def today() -> dt.date:
    return dt.datetime.now(zone()).date()


def wall_clock() -> dt.datetime:
    """The gym's wall clock, without a zone: sessions are stored as local
    dates and times, and compared with this."""
    return dt.datetime.now(zone()).replace(tzinfo=None)


def local(moment: dt.datetime) -> dt.datetime:
    """A stored moment (UTC, or naive meaning UTC) on the gym's clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone())
