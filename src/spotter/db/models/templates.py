from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
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

_DIFFICULTY_CHECK = "difficulty IN ('beginner', 'intermediate', 'advanced')"


class ExerciseTemplate(Base):
    __tablename__ = "exercise_templates"
    __table_args__ = (
        CheckConstraint("jsonb_typeof(exercises) = 'array'", name="exercises_check"),
        CheckConstraint(_DIFFICULTY_CHECK, name="difficulty_check"),
        CheckConstraint("duration_minutes > 0", name="duration_minutes_check"),
        CheckConstraint("usage_count >= 0", name="usage_count_check"),
        Index("idx_exercise_templates_creator", "created_by"),
        Index("idx_exercise_templates_public", "is_public"),
        Index("idx_exercise_templates_usage", text("usage_count DESC")),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    exercises: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    tags: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    difficulty: Mapped[str | None] = mapped_column(String(20))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    is_public: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    usage_count: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    created_at: Mapped[dt.datetime | None] = created_at()
    updated_at: Mapped[dt.datetime | None] = updated_at()


class ProgramTemplate(Base):
    __tablename__ = "program_templates"
    __table_args__ = (
        CheckConstraint("duration_weeks BETWEEN 1 AND 52", name="duration_weeks_check"),
        CheckConstraint("jsonb_typeof(weekly_plan) = 'array'", name="weekly_plan_check"),
        CheckConstraint(_DIFFICULTY_CHECK, name="difficulty_check"),
        CheckConstraint("usage_count >= 0", name="usage_count_check"),
        Index("idx_program_templates_creator", "created_by"),
        Index("idx_program_templates_public", "is_public"),
        Index("idx_program_templates_usage", text("usage_count DESC")),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    duration_weeks: Mapped[int] = mapped_column(Integer)
    weekly_plan: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    goals: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    difficulty: Mapped[str | None] = mapped_column(String(20))
    is_public: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    usage_count: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    created_at: Mapped[dt.datetime | None] = created_at()
    updated_at: Mapped[dt.datetime | None] = updated_at()


class TraineeProgram(Base):
    __tablename__ = "trainee_programs"
    __table_args__ = (
        CheckConstraint("current_week >= 1", name="current_week_check"),
        CheckConstraint(
            "status IN ('active', 'paused', 'completed', 'cancelled')", name="status_check"
        ),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        Index("idx_trainee_programs_trainee", "trainee_id"),
        Index("idx_trainee_programs_trainer", "trainer_id"),
        Index("idx_trainee_programs_program", "program_id"),
        Index("idx_trainee_programs_status", "status"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    trainee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    trainer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    program_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("program_templates.id", ondelete="SET NULL")
    )
    current_week: Mapped[int | None] = mapped_column(Integer, server_default=text("1"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(20), server_default=text("'active'"))
    created_at: Mapped[dt.datetime | None] = created_at()
    updated_at: Mapped[dt.datetime | None] = updated_at()
