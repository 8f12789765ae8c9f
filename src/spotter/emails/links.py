"""Links that emails carry: the page they open, and the single-use token that
proves the reader received the email.

A request asks for an email with a link (`TokenLink`); the worker mints the
token when it sends that email and stores only its SHA-256 (table
account_tokens). The raw token is never in the database, nor in the job
queue: it exists only in the email.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Literal, get_args

Purpose = Literal["verify_email", "password_reset", "invitation"]

# The web app's page for each purpose; it posts the token back to the API.
PATHS: dict[Purpose, str] = {
    "verify_email": "/verify-email",
    "password_reset": "/reset-password",
    "invitation": "/invitations",
}
LIFETIMES: dict[Purpose, dt.timedelta] = {
    "verify_email": dt.timedelta(hours=24),
    "password_reset": dt.timedelta(hours=1),
    # An invitation waits for its reader; the address can still be verified
    # afterwards with a verification email.
    "invitation": dt.timedelta(days=14),
}


@dataclass(frozen=True)
class TokenLink:
    """What the token will act on: an account, or an invitation's address."""

    purpose: Purpose
    user_id: uuid.UUID | None = None
    invitation_id: uuid.UUID | None = None

    def as_args(self) -> dict[str, str | None]:
        """JSON for the job's arguments."""
        return {
            "purpose": self.purpose,
            "user_id": str(self.user_id) if self.user_id else None,
            "invitation_id": str(self.invitation_id) if self.invitation_id else None,
        }

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> TokenLink:
        purpose = args["purpose"]
        if purpose not in get_args(Purpose):
            raise ValueError(f"unknown link purpose {purpose!r}")
        user_id, invitation_id = args.get("user_id"), args.get("invitation_id")
        return cls(
            purpose=purpose,
            user_id=uuid.UUID(user_id) if user_id else None,
            invitation_id=uuid.UUID(invitation_id) if invitation_id else None,
        )


def link_url(public_url: str, purpose: Purpose, token: str) -> str:
    return f"{public_url.rstrip('/')}{PATHS[purpose]}?token={token}"
