from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, ForeignKeyConstraint, Index, Integer, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, Entity, user_ref


class SessionCard(Entity, Base):
    """A trainer's write-up of a session. workout_date travels with
    workout_id because workouts are partitioned by date."""

    __tablename__ = "session_cards"
    __table_args__ = (
        ForeignKeyConstraint(
            ["workout_id", "workout_date"],
            ["workouts.id", "workouts.date"],
            name="session_cards_workout_fkey",
            ondelete="SET NULL",
            onupdate="CASCADE",
        ),
        Index("idx_session_cards_trainee", "trainee_id"),
        Index("idx_session_cards_trainer", "trainer_id"),
        Index("idx_session_cards_workout", "workout_id"),
        Index("idx_session_cards_tags", "tags", postgresql_using="gin"),
        Index("idx_session_cards_trainee_date", "trainee_id", text("date DESC"), text("id DESC")),
    )

    trainee_id: Mapped[uuid.UUID] = user_ref()
    trainer_id: Mapped[uuid.UUID] = user_ref()
    workout_id: Mapped[uuid.UUID | None]
    workout_date: Mapped[dt.date | None] = mapped_column(Date)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    summary: Mapped[str] = mapped_column(Text)
    achievements: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    areas_for_improvement: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    next_session_goals: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    trainer_notes: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer, index=True)
    tags: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    media: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
