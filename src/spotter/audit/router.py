"""/audit-logs: who changed what; trainers see their trainees' resources."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from spotter.audit import service
from spotter.audit.repository import AuditFilters
from spotter.audit.schemas import AuditLogOut, RevertOut
from spotter.context import UserContext
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, by_created, page_out

router = APIRouter(prefix="/audit-logs", tags=["audit"])


@router.get("", responses=problems(401, 422), summary="Audit entries I may read, newest first")
async def list_audit_logs(
    ctx: UserContext,
    page: PageArgs,
    resource_type: Annotated[str | None, Query(alias="resourceType", max_length=50)] = None,
    resource_id: Annotated[uuid.UUID | None, Query(alias="resourceId")] = None,
    user_id: Annotated[uuid.UUID | None, Query(alias="userId")] = None,
) -> Page[AuditLogOut]:
    filters = AuditFilters(resource_type, resource_id, user_id)
    rows = await service.listing(ctx, filters, page)
    return page_out(rows, page.limit, by_created, AuditLogOut.model_validate)


@router.post(
    "/{entry_id}/revert",
    responses=problems(401, 403, 404, 409, _409="No longer consistent to revert"),
    summary="Undo an update (restore the old values) or a deletion (re-create the row)",
)
async def revert_entry(entry_id: uuid.UUID, ctx: UserContext) -> RevertOut:
    resource_type, resource_id = await service.revert(ctx, entry_id)
    return RevertOut(reverted=entry_id, resource_type=resource_type, resource_id=resource_id)
