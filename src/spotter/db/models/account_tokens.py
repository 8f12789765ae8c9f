from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from spotter.db.base import Base, user_ref, uuid_pk


class AccountToken(Base):
    """A single-use token an email carried (verify an address, reset a
    password, answer an invitation); only its SHA-256 is stored."""

    __tablename__ = "account_tokens"
    __table_args__ = (
        Index(
            "idx_account_tokens_user",
            "user_id",
            "purpose",
            postgresql_where=text("used_at IS NULL"),
        ),
        Index("idx_account_tokens_invitation", "invitation_id"),
        Index("idx_account_tokens_expires", "expires_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[uuid.UUID | None] = user_ref()
    invitation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("trainer_trainees.id", ondelete="CASCADE")
    )
    # The address the token was sent to: the only one it can verify.
    email: Mapped[str] = mapped_column(String(255))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
