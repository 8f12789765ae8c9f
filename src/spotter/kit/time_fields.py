"""Times of day as "HH:MM" on the wire."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer

# A wall-clock time in the gym's zone: no offset, no number of seconds since
# midnight. "HH:MM:SS" is tolerated for clients that send seconds.
CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?")


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
