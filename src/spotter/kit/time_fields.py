"""Times of day as "HH:MM" and calendar dates as "YYYY-MM-DD" on the wire."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer

# A wall-clock time in the gym's zone: no offset, no number of seconds since
# midnight. "HH:MM:SS" is tolerated for clients that send seconds. [0-9], not
# \d: \d also matches Thai and other digits.
CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")


def _parse(value: object) -> dt.time:
    if isinstance(value, dt.time) and value.tzinfo is None:
        return value  # read from the database
    if isinstance(value, str) and CLOCK.fullmatch(value):
        return dt.time.fromisoformat(value)
    raise ValueError("must be a time of day as HH:MM, without a time zone")


ClockTime = Annotated[
    dt.time,
    BeforeValidator(_parse),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str, when_used="json"),
]

# The dates a training log can hold: year 0001 or 9999 is a typo or a probe,
# and either breaks date arithmetic further on (a week after 9999-12-31).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and DAY.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("is not a day of the calendar") from None
    else:
        raise ValueError("must be a date as YYYY-MM-DD")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"must be between {EARLIEST_DATE} and {LATEST_DATE}")
    return day


CalendarDate = Annotated[dt.date, BeforeValidator(_parse_date)]
"""A "YYYY-MM-DD" date from 1900 to 2100: for bodies, query and path parameters."""


def parse_calendar_date(text: str) -> dt.date:
    """`CalendarDate` outside a model (a CSV cell); ValueError says what is wrong."""
    return _parse_date(text.strip())
