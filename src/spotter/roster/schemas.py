from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import Field

from spotter.kit.schemas import ApiInput, ApiModel
from spotter.kit.types import Email
from spotter.users.schemas import PersonOut


class InvitationIn(ApiInput):
    email: Email


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
