from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Double, Numeric, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, user_ref


class PersonalRecord(Base):
    """A trainee's bests at one exercise (by lower-case name) over all their
    workouts. Written only by the workouts triggers of revision 0005, in the
    transaction that writes the workout; the server reads it."""

    __tablename__ = "personal_records"

    trainee_id: Mapped[uuid.UUID] = user_ref(primary_key=True)
    exercise: Mapped[str] = mapped_column(Text, primary_key=True)
    heaviest_weight: Mapped[Decimal] = mapped_column(Numeric)
    best_estimated_1rm: Mapped[float] = mapped_column(Double)
    # The most reps at each weight, keyed by the weight as text ("102.5").
    most_reps: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
