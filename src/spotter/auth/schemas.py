from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field

from spotter.kit.schemas import ApiInput, ApiModel
from spotter.kit.types import Email
from spotter.users.schemas import UserOut

# A token from an emailed link (`?token=`): 256 random bits, URL-safe.
LinkToken = Annotated[str, Field(min_length=20, max_length=256, pattern=r"^[A-Za-z0-9_-]+$")]
Password = Annotated[str, Field(min_length=8, max_length=128, examples=["a long passphrase"])]

INVITATION_TOKEN = Field(
    default=None,
    description="The `token` of an invitation link; when the invitation was sent to this"
    " account's email, signing up or in with it verifies that address.",
)


class RegisterIn(ApiInput):
    email: Email
    password: Password
    name: str = Field(min_length=1, max_length=255, examples=["Coach Ploy"])
    role: Literal["trainer", "trainee"] = "trainee"
    invitation_token: LinkToken | None = INVITATION_TOKEN


class LoginIn(ApiInput):
    email: str = Field(min_length=3, max_length=255, examples=["coach@example.com"])
    password: str = Field(min_length=1, max_length=128)
    invitation_token: LinkToken | None = INVITATION_TOKEN


class TokenIn(ApiInput):
    token: LinkToken


class PasswordChangeIn(ApiInput):
    current_password: str = Field(min_length=1, max_length=128)
    new_password: Password


class PasswordResetIn(ApiInput):
    email: Email


class PasswordResetConfirmIn(ApiInput):
    token: LinkToken
    new_password: Password


class AcceptedOut(ApiModel):
    detail: str


class GoogleIn(ApiInput):
    id_token: str = Field(min_length=10, max_length=8192)


class RefreshIn(ApiInput):
    refresh_token: str = Field(min_length=20, max_length=256)


class TokensOut(ApiModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105  (the OAuth 2 token type)
    expires_in: int = Field(description="Seconds until the access token expires.")
    user: UserOut


class SessionOut(ApiModel):
    id: uuid.UUID = Field(description="The sign-in (token family); stable across refreshes.")
    signed_in_at: dt.datetime
    last_used_at: dt.datetime
    expires_at: dt.datetime
    ip_address: str | None
    user_agent: str | None
    current: bool
