"""The audit trail: who did what to which resource, from where; reading it,
and undoing a change from it when that is still consistent.

Secrets never reach it: values under secret-looking keys are masked before
they are stored.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import repository
from spotter.audit.repository import AuditFilters
from spotter.db import models
from spotter.db.base import Base
from spotter.db.models import AuditLog
from spotter.db.snapshots import changed_fields, restore_values, snapshot
from spotter.kit.errors import ConflictError, ForbiddenError
from spotter.kit.pagination import PageQuery, time_id_cursor
from spotter.kit.request_context import ClientInfo

if TYPE_CHECKING:
    # Only for annotations: the context writes its entries through this module.
    from spotter.context import Context

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


async def listing(ctx: Context, filters: AuditFilters, page: PageQuery) -> list[Row[Any]]:
    return await repository.listing(
        ctx.session,
        ctx.principal,
        filters,
        limit=page.limit,
        before=time_id_cursor(page.cursor),
    )


REVERTIBLE: dict[str, type[Base]] = {
    "schedules": models.Schedule,
    "workouts": models.Workout,
    "session_cards": models.SessionCard,
    "body_weight_entries": models.BodyWeightEntry,
    "exercises": models.Exercise,
    "exercise_templates": models.ExerciseTemplate,
    "program_templates": models.ProgramTemplate,
    "trainee_programs": models.TraineeProgram,
}
IGNORED = frozenset({"updated_at", "created_at"})


async def _write(session: AsyncSession) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except DBAPIError as exc:
        raise ConflictError(
            "Reverting would conflict with the data as it is now (a uniqueness, overlap or "
            "reference rule)."
        ) from exc


async def revert(ctx: Context, entry_id: uuid.UUID) -> tuple[str, uuid.UUID]:
    """Restore the old values of an update, or re-create a deleted row; which
    resource that was."""
    entry = await repository.get(ctx.session, ctx.principal, entry_id)
    model = REVERTIBLE.get(entry.resource_type)
    if model is None or entry.resource_id is None or entry.action not in ("UPDATE", "DELETE"):
        raise ConflictError("Only updates and deletions of training data can be reverted.")
    if entry.user_id != ctx.user_id:
        raise ForbiddenError("Only the person who made a change can revert it.")
    resource_id = entry.resource_id
    current = await repository.locked_row(ctx.session, model, resource_id)
    old_values = restore_values(model, entry.old_values or {})
    if entry.action == "UPDATE":
        await _undo_update(ctx, entry, current, old_values)
    else:
        await _undo_delete(ctx, entry, current, model(**old_values))
    return entry.resource_type, resource_id


async def _undo_update(
    ctx: Context, entry: AuditLog, current: Base | None, old_values: dict[str, Any]
) -> None:
    if current is None:
        raise ConflictError("The resource was deleted since; revert the deletion first.")
    now = snapshot(current)
    changed_since = [
        key
        for key, value in (entry.new_values or {}).items()
        if key not in IGNORED and now.get(key) != value
    ]
    if changed_since:
        raise ConflictError(
            f"Changed again since ({', '.join(sorted(changed_since))}); revert that first."
        )
    async with ctx.updating(current):
        for key, value in old_values.items():
            setattr(current, key, value)
        await _write(ctx.session)


async def _undo_delete(ctx: Context, entry: AuditLog, current: Base | None, row: Base) -> None:
    if current is not None:
        raise ConflictError("The resource exists again.")
    ctx.session.add(row)
    await _write(ctx.session)
    await ctx.session.refresh(row)
    # Not ctx.created: the trail says REVERT, so the row is seen to come back
    # (with its old id) rather than to be made anew.
    await record_change(
        ctx.session,
        action="REVERT",
        resource_type=entry.resource_type,
        actor=ctx.user_id,
        client=ctx.client,
        resource_id=row.id,  # type: ignore[attr-defined]
        subject_user_id=entry.subject_user_id,
        before=None,
        after=snapshot(row),
    )
