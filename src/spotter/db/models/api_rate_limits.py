from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Index, Integer, String, func, text
from sqlalchemy.dialects.postgresql import INET
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, created_at, user_ref, uuid_pk


class ApiRateLimit(Base):
    """One counter per key (user or IP), endpoint group and fixed window."""

    __tablename__ = "api_rate_limits"
    __table_args__ = (
        Index("idx_rate_limits_user", "user_id", "window_start"),
        Index("idx_rate_limits_ip", "ip_address", "window_start"),
        Index("idx_rate_limits_endpoint", "endpoint", "window_start"),
        Index(
            "idx_rate_limits_bucket",
            "endpoint",
            "user_id",
            "ip_address",
            "window_start",
            unique=True,
            postgresql_nulls_not_distinct=True,
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID | None] = user_ref()
    ip_address: Mapped[str | None] = mapped_column(INET)
    endpoint: Mapped[str] = mapped_column(String(255))
    requests_count: Mapped[int | None] = mapped_column(Integer, server_default=text("1"))
    window_start: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    created_at: Mapped[dt.datetime | None] = created_at()
