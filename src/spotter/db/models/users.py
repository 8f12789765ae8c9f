from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, Entity


class User(Entity, Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("idx_users_email", "email"),
        Index("idx_users_google_id", "google_id"),
        Index("idx_users_active", "is_active"),
    )

    email: Mapped[str] = mapped_column(String(255), unique=True)
    google_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(255))
    avatar: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(20))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(10))
    role: Mapped[str] = mapped_column(String(20), server_default=text("'trainee'"), index=True)
    height: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    weight: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    last_login: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # When the address was proven to be the account holder's (revision 0002).
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # SHA-256 of the secret in the user's iCal feed URL.
    ical_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
