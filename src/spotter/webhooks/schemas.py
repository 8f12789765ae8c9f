from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field, Strict, field_validator

from spotter.kit.schemas import ApiInput, ApiModel
from spotter.webhooks.events import EVENT_TYPES, EventType

# Strict validation wants an EventType object; JSON carries its value.
EventName = Annotated[EventType, Strict(False)]


class WebhookIn(ApiInput):
    url: str = Field(min_length=10, max_length=2048, examples=["https://hooks.example.com/spotter"])
    events: list[EventName] = Field(min_length=1, max_length=len(EVENT_TYPES))
    description: str | None = Field(default=None, max_length=255)

    @field_validator("events")
    @classmethod
    def _unique(cls, value: list[EventType]) -> list[EventType]:
        return sorted(set(value))


class WebhookUpdate(ApiInput):
    url: str | None = Field(default=None, min_length=10, max_length=2048)
    events: list[EventName] | None = Field(default=None, min_length=1, max_length=len(EVENT_TYPES))
    description: str | None = Field(default=None, max_length=255)
    is_active: bool | None = Field(default=None, description="true re-enables a disabled endpoint.")


class WebhookOut(ApiModel):
    id: uuid.UUID
    url: str
    events: list[str]
    description: str | None
    is_active: bool | None
    consecutive_failures: int
    disabled_reason: str | None
    disabled_at: dt.datetime | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="whsec_...: shown once. Verify signatures with it.")


class DeliveryOut(ApiModel):
    id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    attempt: int
    status: Literal["pending", "succeeded", "failed"]
    response_code: int | None
    duration_ms: int | None
    error: str | None
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime


class PingOut(ApiModel):
    queued: bool = True
