from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Computed, Date, Index, Integer, String, Text, Time, text
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, Entity, user_ref

SCHEDULE_STATUSES = ("pending", "confirmed", "completed", "cancelled")


class Schedule(Entity, Base):
    """A booked session. The no-overlap exclusion constraints live in the
    migration; SQLAlchemy has no portable way to declare them."""

    __tablename__ = "schedules"
    __table_args__ = (
        Index("idx_schedules_trainee", "trainee_id"),
        Index("idx_schedules_trainer", "trainer_id"),
        Index("idx_schedules_datetime", "date", "start_time"),
        Index("idx_schedules_trainee_date_status", "trainee_id", "date", "status"),
        Index("idx_schedules_trainer_date", "trainer_id", "date", "start_time", "id"),
        Index("idx_schedules_trainee_calendar", "trainee_id", "date", "start_time", "id"),
        Index(
            "idx_schedules_reminders",
            "date",
            "start_time",
            postgresql_where=text("status = 'confirmed' AND reminder_sent IS NOT TRUE"),
        ),
    )

    trainee_id: Mapped[uuid.UUID] = user_ref()
    trainer_id: Mapped[uuid.UUID] = user_ref()
    title: Mapped[str] = mapped_column(String(255))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time] = mapped_column(Time)
    duration: Mapped[int] = mapped_column(
        Integer,
        Computed("((EXTRACT(EPOCH FROM (end_time - start_time)) / 60)::integer)", persisted=True),
    )
    location: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), server_default=text("'pending'"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    reminder_sent: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
