from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal, Self

from pydantic import Field, model_validator

from spotter.kit.errors import UnprocessableError
from spotter.kit.query import DateWindow
from spotter.kit.schemas import ApiInput, ApiModel
from spotter.kit.time_fields import CalendarDate, ClockTime
from spotter.kit.types import Uuid

Status = Literal["pending", "confirmed", "completed", "cancelled"]


@dataclass(frozen=True)
class ScheduleFilters:
    window: DateWindow
    status: Status | None


class ScheduleIn(ApiInput):
    trainee_id: Uuid
    title: str = Field(min_length=1, max_length=255, examples=["Lower body strength"])
    date: CalendarDate = Field(examples=["2026-12-01"])
    start_time: ClockTime = Field(examples=["09:00"])
    end_time: ClockTime = Field(examples=["10:00"])
    location: str | None = Field(default=None, max_length=255, examples=["Spotter Gym, Sukhumvit"])
    notes: str | None = Field(default=None, max_length=5000)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end_time <= self.start_time:
            raise UnprocessableError("body.endTime", "The session must end after it starts.")
        return self


class ScheduleUpdate(ApiInput):
    title: str | None = Field(default=None, min_length=1, max_length=255)
    date: CalendarDate | None = None
    start_time: ClockTime | None = None
    end_time: ClockTime | None = None
    location: str | None = Field(default=None, max_length=255)
    notes: str | None = Field(default=None, max_length=5000)


class StatusIn(ApiInput):
    status: Status = Field(examples=["confirmed"])


class ScheduleOut(ApiModel):
    id: uuid.UUID
    trainee_id: uuid.UUID
    trainer_id: uuid.UUID
    title: str
    date: dt.date
    start_time: ClockTime
    end_time: ClockTime
    duration: int = Field(description="Minutes, derived from the times.")
    location: str | None
    status: Status
    notes: str | None
    reminder_sent: bool | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


class CalendarTokenOut(ApiModel):
    token: str = Field(description="Shown once. Rotating it disables the old feed URL.")
    feed_url: str
