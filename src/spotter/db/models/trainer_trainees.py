from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, user_ref, uuid_pk


class TrainerTrainee(Base):
    """A roster link: an invitation, then an active coaching relationship."""

    __tablename__ = "trainer_trainees"
    __table_args__ = (
        Index(
            "idx_trainer_trainees_open",
            "trainer_id",
            "invited_email",
            unique=True,
            postgresql_where=text("status <> 'ended'"),
        ),
        Index("idx_trainer_trainees_trainee", "trainee_id", "status"),
        Index("idx_trainer_trainees_trainer", "trainer_id", "status"),
        Index(
            "idx_trainer_trainees_email",
            "invited_email",
            postgresql_where=text("trainee_id IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    trainer_id: Mapped[uuid.UUID] = user_ref()
    trainee_id: Mapped[uuid.UUID | None] = user_ref()
    invited_email: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), server_default=text("'pending'"))
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
