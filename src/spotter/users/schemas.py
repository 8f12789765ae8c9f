from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, HttpUrl

from spotter import clock
from spotter.kit.schemas import ApiInput, ApiModel, Number
from spotter.kit.time_fields import CalendarDate
from spotter.kit.types import DecimalNumber

Gender = Literal["male", "female", "other"]


class UserOut(ApiModel):
    id: uuid.UUID
    email: str
    name: str
    role: Literal["trainer", "trainee"]
    avatar: str | None = None
    phone: str | None = None
    date_of_birth: dt.date | None = None
    gender: Gender | None = None
    height: Number | None = Field(default=None, description="cm")
    weight: Number | None = Field(default=None, description="kg")
    is_active: bool | None = True
    email_verified_at: dt.datetime | None = Field(
        default=None, description="When the email address was verified; null until it is."
    )
    last_login: dt.datetime | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class PersonOut(ApiModel):
    """Another user, as the people linked to them see them."""

    id: uuid.UUID
    name: str
    email: str
    avatar: str | None = None


def _in_the_past(value: dt.date | None) -> dt.date | None:
    if value is not None and not (dt.date(1900, 1, 1) <= value < clock.today()):
        raise ValueError("must be a date in the past, after 1900")
    return value


def _https(value: HttpUrl | None) -> HttpUrl | None:
    if value is not None and value.scheme != "https":
        raise ValueError("must be an https URL")
    return value


class MeUpdate(ApiInput):
    """Only what a user may change about themselves; anything else is a 422."""

    name: str | None = Field(default=None, min_length=1, max_length=255)
    avatar: Annotated[HttpUrl | None, AfterValidator(_https)] = Field(default=None, max_length=2048)
    phone: str | None = Field(
        default=None, pattern=r"^\+?[0-9][0-9 ()-]{5,18}$", examples=["+66 81 234 5678"]
    )
    date_of_birth: Annotated[CalendarDate | None, AfterValidator(_in_the_past)] = None
    gender: Gender | None = None
    height: DecimalNumber | None = Field(default=None, ge=50, le=260, decimal_places=2)
    weight: DecimalNumber | None = Field(default=None, ge=20, le=400, decimal_places=2)
