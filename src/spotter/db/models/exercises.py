from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, created_at, updated_at, uuid_pk

EXERCISE_TYPES = ("weight_training", "cardio", "flexibility")
DIFFICULTIES = ("beginner", "intermediate", "advanced")


class Exercise(Base):
    __tablename__ = "exercises"
    __table_args__ = (
        CheckConstraint("type IN ('weight_training', 'cardio', 'flexibility')", name="type_check"),
        CheckConstraint(
            "difficulty IN ('beginner', 'intermediate', 'advanced')", name="difficulty_check"
        ),
        CheckConstraint("usage_count >= 0", name="usage_count_check"),
        Index("idx_exercises_name", "name"),
        Index("idx_exercises_type", "type"),
        Index("idx_exercises_category", "category"),
        Index("idx_exercises_active", "is_active"),
        Index("idx_exercises_usage", text("usage_count DESC")),
        Index("idx_exercises_difficulty", "difficulty"),
        Index("idx_exercises_muscle_groups", "muscle_groups", postgresql_using="gin"),
        Index("idx_exercises_equipment", "equipment", postgresql_using="gin"),
        Index("idx_exercises_created_by", "created_by"),
        Index(
            "idx_exercises_name_trgm",
            text("search_text((name)::text) gin_trgm_ops"),
            postgresql_using="gin",
        ),
        Index(
            "idx_exercises_name_th_trgm",
            text("search_text((name_th)::text) gin_trgm_ops"),
            postgresql_using="gin",
        ),
        Index("idx_exercises_popular", text("usage_count DESC"), "id"),
        Index("idx_exercises_name_id", "name", "id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    name_th: Mapped[str | None] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(50))
    description: Mapped[str | None] = mapped_column(Text)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSONB)
    muscle_groups: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    equipment: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    difficulty: Mapped[str | None] = mapped_column(String(20))
    instructions: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    tips: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    warnings: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    video_url: Mapped[str | None] = mapped_column(Text)
    thumbnail_url: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    usage_count: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime | None] = created_at()
    updated_at: Mapped[dt.datetime | None] = updated_at()
