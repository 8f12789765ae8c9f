from __future__ import annotations

import datetime as dt
import uuid

from pydantic import Field

from spotter.kit.schemas import ApiInput, ApiModel, Number

WEIGHT = Field(ge=20, le=400, description="kg", examples=[72.5])
BODY_FAT = Field(default=None, ge=0, le=100, description="%")
MUSCLE = Field(default=None, ge=0, le=400, description="kg")


class Measurement(ApiInput):
    weight: float = WEIGHT
    body_fat_percentage: float | None = BODY_FAT
    muscle_mass: float | None = MUSCLE
    notes: str | None = Field(default=None, max_length=2000)


class BodyWeightIn(Measurement):
    trainee_id: uuid.UUID | None = Field(default=None, description="Omitted: myself.")
    date: dt.date


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
