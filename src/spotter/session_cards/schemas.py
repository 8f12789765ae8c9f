from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from spotter.kit.schemas import ApiInput, ApiModel
from spotter.kit.time_fields import CalendarDate
from spotter.kit.types import Uuid

ListItem = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


def _https_only(urls: list[str]) -> list[str]:
    for url in urls:
        if not url.startswith("https://") or len(url) > 2048 or " " in url:
            raise ValueError("media URLs must be https:// URLs")
    return urls


MediaUrls = Annotated[
    list[str], Field(default_factory=list, max_length=20), AfterValidator(_https_only)
]


class Media(ApiInput):
    images: MediaUrls
    videos: MediaUrls


class _CardNotes(ApiInput):
    """What a card may say besides its summary; all optional, on write and on edit."""

    achievements: list[ListItem] | None = Field(default=None, max_length=20)
    areas_for_improvement: list[ListItem] | None = Field(default=None, max_length=20)
    next_session_goals: list[ListItem] | None = Field(default=None, max_length=20)
    trainer_notes: str | None = Field(default=None, max_length=5000)
    rating: int | None = Field(default=None, ge=1, le=5)
    tags: list[Tag] | None = Field(default=None, max_length=20)
    media: Media | None = None


class SessionCardIn(_CardNotes):
    trainee_id: Uuid
    workout_id: Uuid | None = None
    date: CalendarDate
    summary: str = Field(min_length=1, max_length=5000, examples=["Solid lower-body session."])


class SessionCardUpdate(_CardNotes):
    date: CalendarDate | None = None
    summary: str | None = Field(default=None, min_length=1, max_length=5000)


class SessionCardOut(ApiModel):
    id: uuid.UUID
    trainee_id: uuid.UUID
    trainer_id: uuid.UUID
    workout_id: uuid.UUID | None
    date: dt.date
    summary: str
    achievements: list[str] | None
    areas_for_improvement: list[str] | None
    next_session_goals: list[str] | None
    trainer_notes: str | None
    rating: int | None
    tags: list[str] | None
    media: dict[str, list[str]] | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
