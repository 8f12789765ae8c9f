from __future__ import annotations

import datetime as dt
import uuid

from pydantic import Field

from spotter.kit.schemas import ApiModel


class Adherence(ApiModel):
    days: int
    completed: int
    cancelled: int
    missed: int = Field(description="Past sessions still pending.")
    rate: float | None = Field(description="completed / (completed + cancelled + missed)")


class TraineeStatsOut(ApiModel):
    trainee_id: uuid.UUID
    name: str
    total_workouts: int
    total_sessions: int
    completed_sessions: int
    avg_rating: float | None
    total_weight_lifted: float = Field(description="kg, sum of weight x reps")
    last_workout_date: dt.date | None
    refreshed_at: dt.datetime | None = Field(
        description="When the statistics view was last refreshed; newer rows are added live."
    )
    adherence: Adherence


class ProgressWeek(ApiModel):
    week: str = Field(description="ISO week, e.g. 2026-W48")
    week_start: dt.date
    best_weight: float | None
    best_weight_reps: int | None
    estimated_one_rep_max: float | None = Field(description="Epley: weight x (1 + reps / 30)")
    volume: float = Field(description="kg, sum of weight x reps")
    sets: int


class ProgressOut(ApiModel):
    trainee_id: uuid.UUID
    exercise: str
    weeks: list[ProgressWeek]


class ExerciseWeeks(ApiModel):
    exercise: str
    sets: int = Field(description="Sets in the whole period, which ranked the exercise.")
    weeks: list[ProgressWeek] = Field(description="Only the weeks with sets, oldest first.")


class TopExercisesOut(ApiModel):
    trainee_id: uuid.UUID
    weeks: int = Field(description="How many ISO weeks back, this one included.")
    exercises: list[ExerciseWeeks] = Field(description="Most sets first.")
