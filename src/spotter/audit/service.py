"""Writes the audit trail: who did what to which resource, from where.

Secrets never reach it: values under secret-looking keys are masked before
they are stored.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import AuditLog
from spotter.db.snapshots import changed_fields
from spotter.kit.request_context import ClientInfo

MASK = "***"
SECRET_KEYS = frozenset(
    {
        "password",
        "passwordhash",
        "password_hash",
        "newpassword",
        "currentpassword",
        "secret",
        "token",
        "accesstoken",
        "access_token",
        "refreshtoken",
        "refresh_token",
        "idtoken",
        "id_token",
        "icaltoken",
        "ical_token",
    }
)


def mask_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (MASK if k.lower() in SECRET_KEYS else mask_secrets(v)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    return value


async def record(
    session: AsyncSession,
    *,
    action: str,
    resource_type: str,
    client: ClientInfo | None,
    user_id: uuid.UUID | None = None,
    user_email: str | None = None,
    resource_id: uuid.UUID | None = None,
    subject_user_id: uuid.UUID | None = None,
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
) -> None:
    # A Core insert without RETURNING: the row need not be readable by the
    # writer (an anonymous failed sign-in cannot read its own audit row).
    await session.execute(
        insert(AuditLog).values(
            action=action,
            resource_type=resource_type,
            resource_id=resource_id,
            user_id=user_id,
            user_email=user_email,
            subject_user_id=subject_user_id,
            old_values=mask_secrets(old_values) if old_values is not None else None,
            new_values=mask_secrets(new_values) if new_values is not None else None,
            ip_address=client.ip_address if client else None,
            user_agent=client.user_agent if client else None,
        )
    )


async def record_change(
    session: AsyncSession,
    *,
    action: str,
    resource_type: str,
    actor: uuid.UUID,
    client: ClientInfo | None,
    resource_id: uuid.UUID,
    subject_user_id: uuid.UUID | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """CREATE keeps the new row, DELETE the old row, UPDATE the changed
    columns on both sides: enough to revert either."""
    if action == "UPDATE" and before is not None and after is not None:
        before, after = changed_fields(before, after)
        if not after:
            return
    await record(
        session,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        user_id=actor,
        subject_user_id=subject_user_id,
        client=client,
        old_values=before,
        new_values=after,
    )
