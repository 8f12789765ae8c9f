"""Times of day as "HH:MM" on the wire."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer


def _parse(value: object) -> object:
    if isinstance(value, str) and len(value) == 5:
        return dt.time.fromisoformat(value)
    return value


ClockTime = Annotated[
    dt.time,
    BeforeValidator(_parse),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str, when_used="json"),
]
