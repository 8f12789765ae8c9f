"""Audit trail queries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, NamedTuple

from sqlalchemy import Select, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import AuditLog
from spotter.db.queries import one_or_404, one_or_none
from spotter.kit.principal import Principal
from spotter.roster.repository import active_trainee_ids_stmt


class AuditFilters(NamedTuple):
    resource_type: str | None = None
    resource_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None


def visible_audit_stmt(principal: Principal) -> Select[AuditLog]:
    # Policy audit_logs_select_visible: what I did, what was done to my data,
    # and what was done to the data of trainees actively linked to me.
    return select(AuditLog).where(
        or_(
            AuditLog.user_id == principal.id,
            AuditLog.subject_user_id == principal.id,
            AuditLog.subject_user_id.in_(active_trainee_ids_stmt(principal.id)),
        )
    )


async def get(session: AsyncSession, principal: Principal, entry_id: uuid.UUID) -> AuditLog:
    stmt = visible_audit_stmt(principal).where(AuditLog.id == entry_id)
    return await one_or_404(session, stmt, "audit entry")


async def listing(
    session: AsyncSession,
    principal: Principal,
    filters: AuditFilters,
    *,
    limit: int,
    before: tuple[dt.datetime, uuid.UUID] | None,
) -> list[AuditLog]:
    """Newest first, by (created_at, id)."""
    stmt = visible_audit_stmt(principal)
    wanted = (
        (AuditLog.resource_type, filters.resource_type),
        (AuditLog.resource_id, filters.resource_id),
        (AuditLog.user_id, filters.user_id),
    )
    for column, value in wanted:
        if value is not None:
            stmt = stmt.where(column == value)
    if before is not None:
        stmt = stmt.where(tuple_(AuditLog.created_at, AuditLog.id) < before)
    stmt = stmt.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(limit + 1)
    return list((await session.execute(stmt)).scalars())


async def locked_row(session: AsyncSession, model: Any, row_id: uuid.UUID) -> Any:
    """The row an entry is about as it is now, locked; None once deleted."""
    return await one_or_none(session, select(model).where(model.id == row_id), lock=True)
