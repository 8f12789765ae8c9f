from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Computed, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, Timestamped, user_ref


class Workout(Timestamped, Base):
    """Partitioned by month of date; summary is computed by the database."""

    __tablename__ = "workouts"
    __table_args__ = (
        Index("idx_workouts_trainee", "trainee_id"),
        Index("idx_workouts_trainer", "trainer_id"),
        Index("idx_workouts_schedule", "schedule_id"),
        Index("idx_workouts_date", "date"),
        Index("idx_workouts_exercises", "exercises", postgresql_using="gin"),
        Index("idx_workouts_summary", "summary", postgresql_using="gin"),
        Index("idx_workouts_trainee_date", "trainee_id", text("date DESC"), text("id DESC")),
        {"postgresql_partition_by": "RANGE (date)"},
    )

    id: Mapped[uuid.UUID] = mapped_column(
        primary_key=True, server_default=text("gen_random_uuid()")
    )
    trainee_id: Mapped[uuid.UUID] = user_ref()
    trainer_id: Mapped[uuid.UUID] = user_ref()
    schedule_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("schedules.id", ondelete="SET NULL")
    )
    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    duration: Mapped[int] = mapped_column(Integer)
    exercises: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    summary: Mapped[dict[str, Any]] = mapped_column(
        JSONB, Computed("workout_summary(exercises)", persisted=True)
    )
    notes: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer, index=True)
    mood: Mapped[str | None] = mapped_column(String(50))
