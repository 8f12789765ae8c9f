"""ClockTime accepts a wall-clock "HH:MM" and nothing a client could slip past it."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, ValidationError

from spotter.kit.time_fields import CalendarDate, ClockTime


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


class Day(BaseModel):
    day: CalendarDate


@pytest.mark.parametrize(
    "given",
    [
        "0001-01-01",
        "1899-12-31",
        "2101-01-01",
        "9999-12-31",
        "2026-02-30",
        "20261130",
        "2026-W48-1",
        "2026-11-30T00:00:00",
        "๒๐๒๖-11-30",
        20261130,
        True,
        dt.datetime(2026, 11, 30),  # noqa: DTZ001 (a moment, not a day: refused)
    ],
)
def test_dates_outside_1900_2100_or_not_plain_days_are_refused(given: object) -> None:
    with pytest.raises(ValidationError) as refused:
        Day.model_validate({"day": given})
    assert refused.value.errors()[0]["loc"] == ("day",)


@pytest.mark.parametrize("given", ["1900-01-01", "2026-11-30", "2100-12-31", dt.date(2026, 11, 30)])
def test_calendar_days_from_1900_to_2100_are_read(given: object) -> None:
    expected = given if isinstance(given, dt.date) else dt.date.fromisoformat(str(given))
    assert Day.model_validate({"day": given}).day == expected
