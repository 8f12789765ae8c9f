from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, created_at, updated_at, uuid_pk


class UserSettings(Base):
    __tablename__ = "settings"
    __table_args__ = (
        CheckConstraint("theme IN ('light', 'dark', 'auto')", name="theme_check"),
        CheckConstraint("language IN ('th', 'en')", name="language_check"),
        CheckConstraint("weight_unit IN ('kg', 'lbs')", name="weight_unit_check"),
        CheckConstraint("distance_unit IN ('km', 'miles')", name="distance_unit_check"),
        Index("idx_settings_user", "user_id", unique=True),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    theme: Mapped[str | None] = mapped_column(String(20), server_default=text("'light'"))
    language: Mapped[str | None] = mapped_column(String(10), server_default=text("'th'"))
    notification_settings: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, server_default=text("""'{"email":true,"push":true,"sms":false}'::jsonb""")
    )
    privacy_settings: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB,
        server_default=text("""'{"profileVisibility":"private","showStats":false}'::jsonb"""),
    )
    weight_unit: Mapped[str | None] = mapped_column(String(10), server_default=text("'kg'"))
    distance_unit: Mapped[str | None] = mapped_column(String(10), server_default=text("'km'"))
    created_at: Mapped[dt.datetime | None] = created_at()
    updated_at: Mapped[dt.datetime | None] = updated_at()
