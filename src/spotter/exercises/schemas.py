from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import Field

from spotter.kit.schemas import ApiInput, ApiModel

ExerciseType = Literal["weight_training", "cardio", "flexibility"]
Difficulty = Literal["beginner", "intermediate", "advanced"]


class ExerciseOut(ApiModel):
    id: uuid.UUID
    slug: str | None
    name: str
    name_th: str | None
    type: ExerciseType
    category: str
    description: str | None
    metadata: dict[str, Any] | None = Field(validation_alias="metadata_")
    muscle_groups: list[str] | None
    equipment: list[str] | None
    difficulty: Difficulty | None
    instructions: list[str] | None
    tips: list[str] | None
    warnings: list[str] | None
    video_url: str | None
    thumbnail_url: str | None
    is_active: bool | None
    usage_count: int | None
    created_by: uuid.UUID | None = Field(description="null for the built-in catalogue")
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


class _ExerciseDetails(ApiInput):
    """What an exercise may say besides its name; all optional, on write and on edit."""

    muscle_groups: list[str] | None = Field(default=None, max_length=20)
    equipment: list[str] | None = Field(default=None, max_length=20)
    difficulty: Difficulty | None = None
    instructions: list[str] | None = Field(default=None, max_length=30)
    tips: list[str] | None = Field(default=None, max_length=20)
    warnings: list[str] | None = Field(default=None, max_length=20)
    video_url: str | None = Field(default=None, max_length=2048, pattern=r"^https://")
    thumbnail_url: str | None = Field(default=None, max_length=2048, pattern=r"^https://")


class ExerciseIn(_ExerciseDetails):
    name: str = Field(min_length=1, max_length=255, examples=["Tempo Goblet Squat"])
    name_th: str | None = Field(default=None, max_length=255, examples=["กอบเล็ทสควอตจังหวะช้า"])
    type: ExerciseType
    category: str = Field(min_length=1, max_length=50, examples=["legs"])
    description: str | None = Field(default=None, max_length=5000)
    metadata: dict[str, Any] | None = Field(
        default=None, examples=[{"weight_training": {"defaultSets": 3}}]
    )


class ExerciseUpdate(_ExerciseDetails):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    name_th: str | None = Field(default=None, max_length=255)
    category: str | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=5000)
    metadata: dict[str, Any] | None = None
    is_active: bool | None = None
