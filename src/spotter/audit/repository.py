"""Audit trail queries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Row,
    Select,
    and_,
    case,
    or_,
    select,
    true,
    tuple_,
    union,
)
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import AuditLog, TrainerTrainee
from spotter.db.queries import one_or_404, one_or_none
from spotter.kit.principal import Principal
from spotter.roster.repository import active_trainee_ids_stmt


class AuditFilters(NamedTuple):
    resource_type: str | None = None
    resource_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None


Before = tuple[dt.datetime, uuid.UUID]


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


def _newest_keys(
    who: ColumnElement[bool], filters: AuditFilters, before: Before | None, limit: int
) -> Select[dt.datetime, uuid.UUID]:
    """The newest `limit` (created_at, id) keys matching `who`: one ordered
    walk of idx_audit_logs_user_created or idx_audit_logs_subject per
    partition, stopped after `limit` rows."""
    stmt = select(AuditLog.created_at, AuditLog.id).where(who)
    wanted = (
        (AuditLog.resource_type, filters.resource_type),
        (AuditLog.resource_id, filters.resource_id),
        (AuditLog.user_id, filters.user_id),
    )
    for column, value in wanted:
        if value is not None:
            stmt = stmt.where(column == value)
    if before is not None:
        # The plain bound prunes the partitions newer than the cursor; the
        # row comparison is the exact keyset.
        stmt = stmt.where(
            AuditLog.created_at <= before[0], tuple_(AuditLog.created_at, AuditLog.id) < before
        )
    return stmt.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(limit)


async def listing(
    session: AsyncSession,
    principal: Principal,
    filters: AuditFilters,
    *,
    limit: int,
    before: Before | None,
) -> list[Row[Any]]:
    """Newest first, by (created_at, id).

    The same rule as visible_audit_stmt, stated so the planner can use an
    index: an OR over three columns (left to the policy alone, it was a walk
    of every partition's newest-first index, filtering row by row) becomes a
    UNION of index-ordered walks, one for my own actions, one for rows about
    me and one per actively linked trainee, each stopped at one page. A row
    may match two walks (a trainee changing their own data); UNION keeps it
    once. Only the page's keys are sorted; its rows are then read by key.

    Addresses and user agents are other people's unless I made the entry:
    they are answered only on my own entries.
    """
    me, n = principal.id, limit + 1
    trainees = (
        active_trainee_ids_stmt(me).where(TrainerTrainee.trainee_id != me).subquery("trainees")
    )
    per_trainee = _newest_keys(
        AuditLog.subject_user_id == trainees.c.trainee_id, filters, before, n
    ).lateral("per_trainee")
    keys: CompoundSelect[dt.datetime, uuid.UUID] = union(
        _newest_keys(AuditLog.user_id == me, filters, before, n),
        _newest_keys(AuditLog.subject_user_id == me, filters, before, n),
        select(per_trainee.c.created_at, per_trainee.c.id).select_from(
            trainees.join(per_trainee, true())
        ),
    )
    page = (
        keys.order_by(keys.selected_columns.created_at.desc(), keys.selected_columns.id.desc())
        .limit(n)
        .subquery("page")
    )
    mine = AuditLog.user_id == me
    stmt = (
        select(
            AuditLog.id,
            AuditLog.user_id,
            AuditLog.user_email,
            AuditLog.action,
            AuditLog.resource_type,
            AuditLog.resource_id,
            AuditLog.subject_user_id,
            AuditLog.old_values,
            AuditLog.new_values,
            case((mine, AuditLog.ip_address)).label("ip_address"),
            case((mine, AuditLog.user_agent)).label("user_agent"),
            AuditLog.created_at,
        )
        .join(page, and_(AuditLog.id == page.c.id, AuditLog.created_at == page.c.created_at))
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
    )
    return list(await session.execute(stmt))


async def locked_row(session: AsyncSession, model: Any, row_id: uuid.UUID) -> Any:
    """The row an entry is about as it is now, locked; None once deleted."""
    return await one_or_none(session, select(model).where(model.id == row_id), lock=True)
