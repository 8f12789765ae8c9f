from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal, Self

from pydantic import Field, model_validator

from spotter.kit.schemas import ApiInput, ApiModel
from spotter.kit.time_fields import CalendarDate
from spotter.kit.types import Uuid

Difficulty = Literal["beginner", "intermediate", "advanced"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ProgramStatus = Literal["active", "paused", "completed", "cancelled"]


class PlannedExercise(ApiInput):
    name: str = Field(min_length=1, max_length=255, examples=["Barbell Back Squat"])
    exercise_id: Uuid | None = None
    type: Literal["weight_training", "cardio", "flexibility"] | None = None
    target_sets: int | None = Field(default=None, ge=1, le=20)
    target_reps: int | None = Field(default=None, ge=1, le=100)
    target_weight: float | None = Field(default=None, ge=0, le=1000, description="kg")
    target_duration: float | None = Field(default=None, ge=0, le=600, description="minutes")
    rest: int | None = Field(default=None, ge=0, le=900, description="seconds")
    notes: str | None = Field(default=None, max_length=1000)


class ExerciseTemplateIn(ApiInput):
    name: str = Field(min_length=1, max_length=255, examples=["Lower body A"])
    description: str | None = Field(default=None, max_length=5000)
    exercises: list[PlannedExercise] = Field(min_length=1, max_length=50)
    tags: list[str] | None = Field(default=None, max_length=20)
    difficulty: Difficulty | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=600)
    is_public: bool = False


class ExerciseTemplateUpdate(ApiInput):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=5000)
    exercises: list[PlannedExercise] | None = Field(default=None, min_length=1, max_length=50)
    tags: list[str] | None = Field(default=None, max_length=20)
    difficulty: Difficulty | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=600)
    is_public: bool | None = None


class PlanDay(ApiInput):
    day: Weekday
    template_id: Uuid | None = None
    exercises: list[PlannedExercise] | None = Field(default=None, min_length=1, max_length=50)

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.template_id is None) == (self.exercises is None):
            raise ValueError("a day has either a templateId or inline exercises")
        return self


class PlanWeek(ApiInput):
    week: int = Field(ge=1, le=52)
    days: list[PlanDay] = Field(min_length=1, max_length=7)

    @model_validator(mode="after")
    def _distinct_days(self) -> Self:
        if len({d.day for d in self.days}) != len(self.days):
            raise ValueError("each weekday appears at most once in a week")
        return self


def _check_plan(weeks: list[PlanWeek], duration: int) -> None:
    numbers = [w.week for w in weeks]
    if len(set(numbers)) != len(numbers):
        raise ValueError("each week number appears at most once")
    if max(numbers) > duration:
        raise ValueError(f"the plan has a week after week {duration}")


class ProgramTemplateIn(ApiInput):
    name: str = Field(min_length=1, max_length=255, examples=["12-week strength foundation"])
    description: str | None = Field(default=None, max_length=5000)
    duration_weeks: int = Field(ge=1, le=52, examples=[12])
    weekly_plan: list[PlanWeek] = Field(min_length=1, max_length=52)
    goals: list[str] | None = Field(default=None, max_length=20)
    difficulty: Difficulty | None = None
    is_public: bool = False

    @model_validator(mode="after")
    def _plan_fits(self) -> Self:
        _check_plan(self.weekly_plan, self.duration_weeks)
        return self


class ProgramTemplateUpdate(ApiInput):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=5000)
    duration_weeks: int | None = Field(default=None, ge=1, le=52)
    weekly_plan: list[PlanWeek] | None = Field(default=None, min_length=1, max_length=52)
    goals: list[str] | None = Field(default=None, max_length=20)
    difficulty: Difficulty | None = None
    is_public: bool | None = None


class ExerciseTemplateOut(ApiModel):
    id: uuid.UUID
    created_by: uuid.UUID
    name: str
    description: str | None
    exercises: list[dict[str, object]]
    tags: list[str] | None
    difficulty: Difficulty | None
    duration_minutes: int | None
    is_public: bool | None
    usage_count: int | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


class ProgramTemplateOut(ApiModel):
    id: uuid.UUID
    created_by: uuid.UUID
    name: str
    description: str | None
    duration_weeks: int
    weekly_plan: list[dict[str, object]]
    goals: list[str] | None
    difficulty: Difficulty | None
    is_public: bool | None
    usage_count: int | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


class AssignIn(ApiInput):
    trainee_id: Uuid
    start_date: CalendarDate


class TraineeProgramOut(ApiModel):
    id: uuid.UUID
    trainee_id: uuid.UUID
    trainer_id: uuid.UUID
    program_id: uuid.UUID | None
    current_week: int | None = Field(description="Follows the calendar from startDate.")
    start_date: dt.date
    end_date: dt.date | None
    status: ProgramStatus | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


class TraineeProgramUpdate(ApiInput):
    current_week: int | None = Field(
        default=None, ge=1, le=52, description="Setting it moves startDate so the calendar agrees."
    )
    status: ProgramStatus | None = None
