from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.dialects.postgresql import INET
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, created_at, user_ref, uuid_pk


class UserSession(Base):
    """One refresh token of a sign-in; rotated tokens share a family."""

    __tablename__ = "user_sessions"
    __table_args__ = (
        Index("idx_sessions_user", "user_id"),
        Index("idx_sessions_refresh", "refresh_token"),
        Index("idx_sessions_expires", "expires_at"),
        Index("idx_sessions_family", "family_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = user_ref()
    # SHA-256 hex digests, never the tokens themselves.
    refresh_token: Mapped[str] = mapped_column(String(500), unique=True)
    access_token: Mapped[str] = mapped_column(String(500))
    family_id: Mapped[uuid.UUID]
    ip_address: Mapped[str | None] = mapped_column(INET)
    user_agent: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    rotated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime | None] = created_at()
