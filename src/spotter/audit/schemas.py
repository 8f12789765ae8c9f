from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import BeforeValidator

from spotter.kit.schemas import ApiModel


class AuditLogOut(ApiModel):
    id: uuid.UUID
    user_id: uuid.UUID | None
    user_email: str | None
    action: str
    resource_type: str
    resource_id: uuid.UUID | None
    subject_user_id: uuid.UUID | None
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    ip_address: Annotated[str | None, BeforeValidator(lambda v: None if v is None else str(v))]
    user_agent: str | None
    created_at: dt.datetime


class RevertOut(ApiModel):
    reverted: uuid.UUID
    resource_type: str
    resource_id: uuid.UUID
