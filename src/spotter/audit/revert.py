"""Undoing a change from the audit trail, when that is still consistent."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import Principal
from spotter.db import models
from spotter.db.base import Base
from spotter.db.snapshots import restore_values, snapshot
from spotter.kit.errors import ConflictError, ForbiddenError, NotFoundError
from spotter.kit.request_context import ClientInfo

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


async def _current(session: AsyncSession, model: Any, row_id: uuid.UUID) -> Any:
    stmt = select(model).where(model.id == row_id).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def _write(session: AsyncSession) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except DBAPIError as exc:
        raise ConflictError(
            "Reverting would conflict with the data as it is now (a uniqueness, overlap or "
            "reference rule)."
        ) from exc


async def revert(
    session: AsyncSession, principal: Principal, client: ClientInfo, entry: models.AuditLog
) -> tuple[str, uuid.UUID]:
    model = REVERTIBLE.get(entry.resource_type)
    if model is None or entry.resource_id is None or entry.action not in ("UPDATE", "DELETE"):
        raise ConflictError("Only updates and deletions of training data can be reverted.")
    if entry.user_id != principal.id:
        raise ForbiddenError("Only the person who made a change can revert it.")
    current = await _current(session, model, entry.resource_id)
    if entry.action == "UPDATE":
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
        for key, value in restore_values(model, entry.old_values or {}).items():
            setattr(current, key, value)
        await _write(session)
        await session.refresh(current)
        after = snapshot(current)
        before = now
    else:
        if current is not None:
            raise ConflictError("The resource exists again.")
        current = model(**restore_values(model, entry.old_values or {}))
        session.add(current)
        await _write(session)
        await session.refresh(current)
        before, after = None, snapshot(current)
    await audit.record_change(
        session,
        action="REVERT" if before is None else "UPDATE",
        resource_type=entry.resource_type,
        actor=principal.id,
        client=client,
        resource_id=entry.resource_id,
        subject_user_id=entry.subject_user_id,
        before=before,
        after=after,
    )
    return entry.resource_type, entry.resource_id


async def visible_entry(session: AsyncSession, entry_id: uuid.UUID) -> models.AuditLog:
    found = (
        await session.execute(select(models.AuditLog).where(models.AuditLog.id == entry_id))
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("audit entry")
    return found
