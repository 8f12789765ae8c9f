from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import Date, FetchedValue, Index, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, created_at, user_ref, uuid_pk


class BodyWeightEntry(Base):
    __tablename__ = "body_weight_entries"
    __table_args__ = (
        Index("idx_body_weight_trainee", "trainee_id"),
        Index("idx_body_weight_date", "date"),
        Index("idx_body_weight_unique", "trainee_id", "date", unique=True),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    trainee_id: Mapped[uuid.UUID] = user_ref()
    weight: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    date: Mapped[dt.date] = mapped_column(Date)
    # Set by a trigger from the weight and the trainee's height.
    bmi: Mapped[Decimal | None] = mapped_column(
        Numeric(5, 2), server_default=FetchedValue(), server_onupdate=FetchedValue()
    )
    body_fat_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    muscle_mass: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime | None] = created_at()
