"""/audit-logs: who changed what; trainers see their trainees' resources."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select, tuple_

from spotter.audit import revert as reverting
from spotter.audit.schemas import AuditLogOut, RevertOut
from spotter.auth.deps import CurrentUser
from spotter.db.deps import SessionDep
from spotter.db.models import AuditLog
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, page_of, page_params, time_id_cursor
from spotter.kit.request_context import ClientDep

router = APIRouter(prefix="/audit-logs", tags=["audit"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]


@router.get("", responses=problems(401, 422), summary="Audit entries I may read, newest first")
async def list_audit_logs(
    _: CurrentUser,
    session: SessionDep,
    page: PageArgs,
    resource_type: Annotated[str | None, Query(alias="resourceType", max_length=50)] = None,
    resource_id: Annotated[uuid.UUID | None, Query(alias="resourceId")] = None,
    user_id: Annotated[uuid.UUID | None, Query(alias="userId")] = None,
) -> Page[AuditLogOut]:
    limit, cursor = page
    # RLS: my own actions, my own resources, my active trainees' resources.
    stmt = select(AuditLog)
    if resource_type is not None:
        stmt = stmt.where(AuditLog.resource_type == resource_type)
    if resource_id is not None:
        stmt = stmt.where(AuditLog.resource_id == resource_id)
    if user_id is not None:
        stmt = stmt.where(AuditLog.user_id == user_id)
    after = time_id_cursor(cursor)
    if after is not None:
        stmt = stmt.where(tuple_(AuditLog.created_at, AuditLog.id) < after)
    stmt = stmt.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(limit + 1)
    rows = list((await session.execute(stmt)).scalars())
    result = page_of(rows, limit, lambda a: [a.created_at.isoformat(), str(a.id)])
    return Page[AuditLogOut](
        items=[AuditLogOut.model_validate(a) for a in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "/{entry_id}/revert",
    responses=problems(401, 403, 404, 409, _409="No longer consistent to revert"),
    summary="Undo an update (restore the old values) or a deletion (re-create the row)",
)
async def revert_entry(
    entry_id: uuid.UUID, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> RevertOut:
    entry = await reverting.visible_entry(session, entry_id)
    resource_type, resource_id = await reverting.revert(session, principal, client, entry)
    return RevertOut(reverted=entry.id, resource_type=resource_type, resource_id=resource_id)
