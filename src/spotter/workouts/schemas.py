from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Literal, Self

from pydantic import Field, model_validator

from spotter.kit.query import DateWindow
from spotter.kit.schemas import ApiInput, ApiModel
from spotter.kit.time_fields import CalendarDate
from spotter.kit.types import Uuid

ExerciseType = Literal["weight_training", "cardio", "flexibility"]


@dataclass(frozen=True)
class WorkoutFilters:
    window: DateWindow
    exercise_type: ExerciseType | None
    exercise: str | None  # an exact name

    @property
    def none(self) -> bool:
        return self == NO_FILTERS


NO_FILTERS = WorkoutFilters(DateWindow(), None, None)


class SetIn(ApiInput):
    set_number: int = Field(ge=1, le=50)
    weight: float | None = Field(default=None, ge=0, le=1000, description="kg")
    reps: int | None = Field(default=None, ge=0, le=1000)
    rest: int | None = Field(default=None, ge=0, le=3600, description="seconds")
    distance: float | None = Field(default=None, ge=0, le=1000, description="km")
    duration: float | None = Field(default=None, ge=0, le=1440, description="minutes")
    pace: float | None = Field(default=None, ge=0, le=1000, description="minutes per km")
    calories: float | None = Field(default=None, ge=0, le=20000)
    hold_time: float | None = Field(default=None, ge=0, le=3600, description="seconds")
    rir: int | None = Field(default=None, ge=0, le=10, description="reps in reserve")
    rpe: float | None = Field(default=None, ge=1, le=10, description="rate of perceived exertion")


class ExerciseEntryIn(ApiInput):
    name: str = Field(min_length=1, max_length=255, examples=["Barbell Back Squat"])
    type: ExerciseType
    is_bodyweight: bool = False
    exercise_id: Uuid | None = Field(default=None, description="From /exercises, if any.")
    sets: list[SetIn] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _sets_fit_the_type(self) -> Self:
        for set_ in self.sets:
            if self.type == "weight_training" and set_.reps is None:
                raise ValueError("every weight_training set needs reps")
            if self.type == "cardio" and set_.duration is None and set_.distance is None:
                raise ValueError("every cardio set needs a duration or a distance")
            if self.type == "flexibility" and set_.duration is None and set_.hold_time is None:
                raise ValueError("every flexibility set needs a duration or a hold time")
        return self


EXAMPLE_EXERCISES: list[dict[str, Any]] = [
    {
        "name": "Barbell Back Squat",
        "type": "weight_training",
        "sets": [{"setNumber": 1, "weight": 100, "reps": 5, "rest": 180}],
    },
    {
        "name": "Treadmill Run",
        "type": "cardio",
        "sets": [{"setNumber": 1, "distance": 5, "duration": 28, "calories": 350}],
    },
]


class WorkoutIn(ApiInput):
    trainee_id: Uuid
    trainer_id: Uuid | None = Field(
        default=None,
        description="A trainee logging their own workout names one of their trainers; "
        "omitted, their only active trainer is used.",
    )
    schedule_id: Uuid | None = None
    date: CalendarDate
    duration: int = Field(ge=0, le=1440, description="minutes", examples=[60])
    exercises: list[ExerciseEntryIn] = Field(max_length=50, examples=[EXAMPLE_EXERCISES])
    notes: str | None = Field(default=None, max_length=5000)
    rating: int | None = Field(default=None, ge=1, le=5)
    mood: str | None = Field(default=None, max_length=50)


class WorkoutUpdate(ApiInput):
    date: CalendarDate | None = None
    duration: int | None = Field(default=None, ge=0, le=1440)
    exercises: list[ExerciseEntryIn] | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=5000)
    rating: int | None = Field(default=None, ge=1, le=5)
    mood: str | None = Field(default=None, max_length=50)


class SummaryOut(ApiModel):
    total_sets: int
    total_reps: float
    total_weight: float
    total_distance: float
    total_duration: float
    total_calories: float
    exercise_count: int
    type_breakdown: dict[str, int]


class WorkoutOut(ApiModel):
    id: uuid.UUID
    trainee_id: uuid.UUID
    trainer_id: uuid.UUID
    schedule_id: uuid.UUID | None
    date: dt.date
    duration: int
    exercises: list[dict[str, Any]]
    summary: dict[str, Any]
    notes: str | None
    rating: int | None
    mood: str | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    personal_records: list[dict[str, Any]] = Field(
        default_factory=list, description="Records this workout set (on create)."
    )


def stored_exercises(entries: list[ExerciseEntryIn]) -> list[dict[str, Any]]:
    """The seed's JSON shape: camelCase keys, unset numbers left out."""
    return [entry.model_dump(by_alias=True, exclude_none=True, mode="json") for entry in entries]
