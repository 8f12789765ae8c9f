from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import AfterValidator, Field

from spotter import clock
from spotter.kit.schemas import ApiInput, ApiModel, Number
from spotter.kit.time_fields import CalendarDate, parse_calendar_date
from spotter.kit.types import Uuid

WEIGHT = Field(ge=20, le=400, description="kg", examples=[72.5])
BODY_FAT = Field(default=None, ge=0, le=100, description="%")
MUSCLE = Field(default=None, ge=0, le=400, description="kg")


def _not_ahead(day: dt.date) -> dt.date:
    # The newest entry becomes the profile's weight (a trigger), so a date
    # typed a year ahead would pin it. A day of slack: someone abroad, ahead
    # of the gym's zone, logs their own "today".
    latest = clock.today() + dt.timedelta(days=1)
    if day > latest:
        raise ValueError(f"must not be after {latest}")
    return day


WeighInDay = Annotated[CalendarDate, AfterValidator(_not_ahead)]
"""The day of a weighing: 1900 at the earliest, tomorrow (the gym's zone) at the latest."""


def weigh_in_day(text: str) -> dt.date:
    """`WeighInDay` outside a model (a CSV cell); ValueError says what is wrong."""
    return _not_ahead(parse_calendar_date(text))


class Measurement(ApiInput):
    weight: float = WEIGHT
    body_fat_percentage: float | None = BODY_FAT
    muscle_mass: float | None = MUSCLE
    notes: str | None = Field(default=None, max_length=2000)


class BodyWeightIn(Measurement):
    trainee_id: Uuid | None = Field(default=None, description="Omitted: myself.")
    date: WeighInDay


class BodyWeightOut(ApiModel):
    id: uuid.UUID
    trainee_id: uuid.UUID
    date: dt.date
    weight: Number
    bmi: Number | None = Field(description="From the trainee's height; null without one.")
    body_fat_percentage: Number | None
    muscle_mass: Number | None
    notes: str | None
    created_at: dt.datetime | None


class ImportResult(ApiModel):
    imported: int
    replaced: int
