from __future__ import annotations

import datetime as dt
import uuid

from spotter.kit.schemas import ApiModel


class NotificationOut(ApiModel):
    id: uuid.UUID
    type: str
    title: str
    message: str
    resource_type: str | None
    resource_id: uuid.UUID | None
    is_read: bool | None
    read_at: dt.datetime | None
    created_at: dt.datetime


class UnreadCountOut(ApiModel):
    unread: int


class MarkedOut(ApiModel):
    marked: int
