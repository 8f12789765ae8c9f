from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import EmailStr, Field, field_validator

from spotter.kit.schemas import ApiInput, ApiModel
from spotter.users.schemas import PersonOut


class InvitationIn(ApiInput):
    email: EmailStr = Field(max_length=255, examples=["somchai@example.com"])

    @field_validator("email")
    @classmethod
    def _normalize(cls, value: str) -> str:
        return value.strip().lower()


class InvitationOut(ApiModel):
    id: uuid.UUID
    trainer_id: uuid.UUID
    trainee_id: uuid.UUID | None
    invited_email: str
    status: Literal["pending", "active", "ended"]
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    ended_at: dt.datetime | None
    trainer: PersonOut | None = Field(default=None, description="Shown to the invited trainee.")


class RosterEntryOut(ApiModel):
    link_id: uuid.UUID
    since: dt.datetime | None
    person: PersonOut
