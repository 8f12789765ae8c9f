from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, Entity, user_ref


class UserSettings(Entity, Base):
    __tablename__ = "settings"
    __table_args__ = (Index("idx_settings_user", "user_id", unique=True),)

    user_id: Mapped[uuid.UUID] = user_ref(unique=True)
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
