from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, Entity

EXERCISE_TYPES = ("weight_training", "cardio", "flexibility")
DIFFICULTIES = ("beginner", "intermediate", "advanced")


class Exercise(Entity, Base):
    __tablename__ = "exercises"
    __table_args__ = (
        Index("idx_exercises_name", "name"),
        Index("idx_exercises_active", "is_active"),
        Index("idx_exercises_usage", text("usage_count DESC")),
        Index("idx_exercises_muscle_groups", "muscle_groups", postgresql_using="gin"),
        Index("idx_exercises_equipment", "equipment", postgresql_using="gin"),
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

    slug: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    name_th: Mapped[str | None] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(20), index=True)
    category: Mapped[str] = mapped_column(String(50), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSONB)
    muscle_groups: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    equipment: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    difficulty: Mapped[str | None] = mapped_column(String(20), index=True)
    instructions: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    tips: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    warnings: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    video_url: Mapped[str | None] = mapped_column(Text)
    thumbnail_url: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    usage_count: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Names the lift is searched by, ranked as exact matches (revision 0003).
    aliases: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
