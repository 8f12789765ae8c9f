"""/notifications: my inbox, newest first, and a live stream."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials

from spotter.auth.deps import Principal, current_principal
from spotter.context import UserContext
from spotter.db.deps import SessionDep
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_json, time_id_cursor
from spotter.notifications import repository, service
from spotter.notifications.schemas import MarkedOut, NotificationOut, UnreadCountOut
from spotter.notifications.stream import open_stream
from spotter.reads import Reads

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get(
    "",
    responses=problems(401, 422),
    summary="My notifications, newest first",
    response_model=Page[NotificationOut],
)
async def list_notifications(
    reads: Reads,
    page: PageArgs,
    unread: Annotated[bool | None, Query(description="true: only unread ones.")] = None,
) -> Response:
    before = time_id_cursor(page.cursor)
    [rows] = await reads.fetch(repository.inbox_query(reads.user_id, unread, page.limit, before))
    return reads.answer(
        page_json(rows, page.limit, lambda n: [n["createdAt"].isoformat(), str(n["id"])])
    )


@router.get(
    "/unread-count",
    responses=problems(401),
    summary="How many are unread",
    response_model=UnreadCountOut,
)
async def unread_count(reads: Reads) -> Response:
    [rows] = await reads.fetch(repository.unread_count_query(reads.user_id))
    return reads.answer(rows[0])


@router.post("/{notification_id}/read", responses=problems(401, 404), summary="Mark one read")
async def mark_read(notification_id: uuid.UUID, ctx: UserContext) -> NotificationOut:
    return NotificationOut.model_validate(await service.mark_read(ctx, notification_id))


@router.post("/read-all", responses=problems(401), summary="Mark all read")
async def mark_all_read(ctx: UserContext) -> MarkedOut:
    return MarkedOut(marked=await service.mark_all_read(ctx))


async def stream_principal(
    request: Request,
    session: SessionDep,
    access_token: Annotated[
        str | None,
        Query(
            alias="accessToken",
            max_length=4096,
            description="For EventSource, which cannot send headers.",
        ),
    ] = None,
) -> Principal:
    credentials = None
    if access_token:
        credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=access_token)
    else:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=header[7:])
    return await current_principal(request, session, credentials)


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, **problems(401)},
    summary="New notifications as server-sent events",
)
async def stream(
    request: Request, principal: Annotated[Principal, Depends(stream_principal)]
) -> StreamingResponse:
    return StreamingResponse(
        # The stream ends when the token does (set by current_principal).
        await open_stream(request, principal, request.state.access_expires_at),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
