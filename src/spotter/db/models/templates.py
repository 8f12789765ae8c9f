from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, Entity, user_ref


class TemplateColumns(Entity):
    """What exercise and program templates share: a creator, a name, whether
    other trainers may use it, and how often it was used."""

    created_by: Mapped[uuid.UUID] = user_ref()
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    difficulty: Mapped[str | None] = mapped_column(String(20))
    is_public: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    usage_count: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))


def _template_indexes(table: str) -> tuple[Index, ...]:
    """Both template tables are found by creator, by being public, and by use."""
    return (
        Index(f"idx_{table}_creator", "created_by"),
        Index(f"idx_{table}_public", "is_public"),
        Index(f"idx_{table}_usage", text("usage_count DESC")),
    )


class ExerciseTemplate(TemplateColumns, Base):
    __tablename__ = "exercise_templates"
    __table_args__ = _template_indexes("exercise_templates")

    exercises: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    tags: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)


class ProgramTemplate(TemplateColumns, Base):
    __tablename__ = "program_templates"
    __table_args__ = _template_indexes("program_templates")

    duration_weeks: Mapped[int] = mapped_column(Integer)
    weekly_plan: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    goals: Mapped[list[str] | None] = mapped_column(ARRAY(Text))


class TraineeProgram(Entity, Base):
    __tablename__ = "trainee_programs"
    __table_args__ = (
        Index("idx_trainee_programs_trainee", "trainee_id"),
        Index("idx_trainee_programs_trainer", "trainer_id"),
        Index("idx_trainee_programs_program", "program_id"),
    )

    trainee_id: Mapped[uuid.UUID] = user_ref()
    trainer_id: Mapped[uuid.UUID] = user_ref()
    program_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("program_templates.id", ondelete="SET NULL")
    )
    current_week: Mapped[int | None] = mapped_column(Integer, server_default=text("1"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'active'"), index=True
    )
