from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, DateTime, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, user_ref

NOTIFICATION_TYPES = (
    "schedule_created",
    "schedule_updated",
    "schedule_reminder",
    "workout_logged",
    "session_card_created",
    "achievement_unlocked",
    "schedule_cancelled",
    "roster_invitation",
    "roster_accepted",
    "roster_ended",
    "program_assigned",
    "security_alert",
    "webhook_disabled",
)


class Notification(Base):
    """Partitioned by month of created_at, so the key includes it."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("idx_notifications_user", "user_id"),
        Index("idx_notifications_read", "is_read"),
        Index("idx_notifications_created", text("created_at DESC")),
        Index("idx_notifications_resource", "resource_type", "resource_id"),
        Index(
            "idx_notifications_user_created", "user_id", text("created_at DESC"), text("id DESC")
        ),
        Index("idx_notifications_user_unread", "user_id", postgresql_where=text("read_at IS NULL")),
        # Written into other users' inboxes, which the writer cannot read:
        # no implicit RETURNING.
        {"postgresql_partition_by": "RANGE (created_at)", "implicit_returning": False},
    )

    id: Mapped[uuid.UUID] = mapped_column(
        primary_key=True, server_default=text("gen_random_uuid()")
    )
    user_id: Mapped[uuid.UUID] = user_ref()
    type: Mapped[str] = mapped_column(String(50), index=True)
    title: Mapped[str] = mapped_column(String(255))
    message: Mapped[str] = mapped_column(Text)
    resource_type: Mapped[str | None] = mapped_column(String(50))
    resource_id: Mapped[uuid.UUID | None]
    is_read: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), primary_key=True, server_default=func.now()
    )
