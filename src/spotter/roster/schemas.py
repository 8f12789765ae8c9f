from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import Field

from spotter.kit.schemas import ApiInput, ApiModel
from spotter.kit.time_fields import ClockTime
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


class NextSessionOut(ApiModel):
    id: uuid.UUID
    date: dt.date
    start_time: ClockTime
    end_time: ClockTime
    status: Literal["pending", "confirmed"]
    title: str


class TraineeEntryOut(RosterEntryOut):
    """A trainee on my roster, with the figures a trainer scans it for."""

    adherence: float | None = Field(
        description="Last 30 days, as in /stats: completed / (completed + cancelled + missed)"
        " sessions, 0..1; null when there were none."
    )
    last_workout_date: dt.date | None = Field(description="Live from the workouts.")
    next_session: NextSessionOut | None = Field(
        description="The next pending or confirmed session with me, from now on."
    )
