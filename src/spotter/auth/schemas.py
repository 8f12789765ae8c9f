from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import Field

from spotter.kit.schemas import ApiInput, ApiModel
from spotter.kit.types import Email
from spotter.users.schemas import UserOut


class RegisterIn(ApiInput):
    email: Email
    password: str = Field(min_length=8, max_length=128, examples=["a long passphrase"])
    name: str = Field(min_length=1, max_length=255, examples=["Coach Ploy"])
    role: Literal["trainer", "trainee"] = "trainee"


class LoginIn(ApiInput):
    email: str = Field(min_length=3, max_length=255, examples=["coach@example.com"])
    password: str = Field(min_length=1, max_length=128)


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
