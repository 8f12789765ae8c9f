"""/notifications: my inbox, newest first, and a live stream."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import Select, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import CurrentUser, Principal, current_principal
from spotter.db.deps import SessionDep
from spotter.db.models import Notification
from spotter.db.session import Database, Identity
from spotter.kit.errors import NotFoundError
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, page_of, page_params, time_id_cursor
from spotter.kit.request_context import ClientDep
from spotter.notifications.schemas import MarkedOut, NotificationOut, UnreadCountOut
from spotter.notifications.stream import NotificationHub

router = APIRouter(prefix="/notifications", tags=["notifications"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]
HEARTBEAT_SECONDS = 15


def mine_stmt(user_id: uuid.UUID) -> Select[Notification]:
    return select(Notification).where(Notification.user_id == user_id)


@router.get("", responses=problems(401, 422), summary="My notifications, newest first")
async def list_notifications(
    principal: CurrentUser,
    session: SessionDep,
    page: PageArgs,
    unread: Annotated[bool | None, Query(description="true: only unread ones.")] = None,
) -> Page[NotificationOut]:
    limit, cursor = page
    stmt = mine_stmt(principal.id)
    if unread:
        stmt = stmt.where(Notification.read_at.is_(None))
    after = time_id_cursor(cursor)
    if after is not None:
        stmt = stmt.where(tuple_(Notification.created_at, Notification.id) < after)
    stmt = stmt.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit + 1)
    rows = list((await session.execute(stmt)).scalars())
    result = page_of(rows, limit, lambda n: [n.created_at.isoformat(), str(n.id)])
    return Page[NotificationOut](
        items=[NotificationOut.model_validate(n) for n in result.items],
        next_cursor=result.next_cursor,
    )


@router.get("/unread-count", responses=problems(401), summary="How many are unread")
async def unread_count(principal: CurrentUser, session: SessionDep) -> UnreadCountOut:
    # Served by the partial index idx_notifications_user_unread.
    count = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == principal.id, Notification.read_at.is_(None))
    )
    return UnreadCountOut(unread=count or 0)


async def _mark(
    session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID | None
) -> int:
    stmt = (
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=func.now(), is_read=True)
    )
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    result = await session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


@router.post("/{notification_id}/read", responses=problems(401, 404), summary="Mark one read")
async def mark_read(
    notification_id: uuid.UUID, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> NotificationOut:
    if await _mark(session, principal.id, notification_id):
        await audit.record(
            session,
            action="UPDATE",
            resource_type="notifications",
            resource_id=notification_id,
            user_id=principal.id,
            subject_user_id=principal.id,
            client=client,
            old_values={"read_at": None},
            new_values={"read_at": "now"},
        )
    found = (
        await session.execute(mine_stmt(principal.id).where(Notification.id == notification_id))
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("notification")
    return NotificationOut.model_validate(found)


@router.post("/read-all", responses=problems(401), summary="Mark all read")
async def mark_all_read(
    principal: CurrentUser, session: SessionDep, client: ClientDep
) -> MarkedOut:
    marked = await _mark(session, principal.id, None)
    if marked:
        await audit.record(
            session,
            action="UPDATE",
            resource_type="notifications",
            user_id=principal.id,
            subject_user_id=principal.id,
            client=client,
            new_values={"marked_read": marked},
        )
    return MarkedOut(marked=marked)


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
    hub: NotificationHub = request.app.state.notification_hub
    database: Database = request.app.state.database
    queue = await hub.subscribe(principal.id)
    identity = Identity(principal.id, principal.role)

    async def events() -> AsyncIterator[str]:
        try:
            yield "retry: 5000\n\n"
            while True:
                try:
                    notification_id = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    yield ": keep-alive\n\n"
                    continue
                async with database.transaction(identity) as session:
                    found = (
                        await session.execute(
                            mine_stmt(principal.id).where(Notification.id == notification_id)
                        )
                    ).scalar_one_or_none()
                if found is None:
                    continue
                data = NotificationOut.model_validate(found).model_dump_json(by_alias=True)
                yield f"id: {found.id}\nevent: notification\ndata: {data}\n\n"
        finally:
            hub.unsubscribe(principal.id, queue)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
