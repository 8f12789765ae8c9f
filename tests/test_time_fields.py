"""ClockTime accepts a wall-clock "HH:MM" and nothing a client could slip past it."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, ValidationError

from spotter.kit.time_fields import ClockTime


class Slot(BaseModel):
    start: ClockTime


@pytest.mark.parametrize("given", ["10:00+07:00", "10:00Z", 36000, 10.5, True, "25:00", "9:00", ""])
def test_zoned_numeric_and_malformed_times_are_refused(given: object) -> None:
    with pytest.raises(ValidationError) as refused:
        Slot.model_validate({"start": given})
    assert refused.value.errors()[0]["loc"] == ("start",)


@pytest.mark.parametrize(
    ("given", "expected"), [("09:30", dt.time(9, 30)), ("23:59:00", dt.time(23, 59))]
)
def test_wall_clock_times_are_read(given: str, expected: dt.time) -> None:
    assert Slot.model_validate({"start": given}).start == expected
    assert Slot.model_validate({"start": given}).model_dump(mode="json") == {"start": given[:5]}
