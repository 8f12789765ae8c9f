"""Notifications: my inbox, mark one or all read, and the live unread count."""

from __future__ import annotations

import json
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.responses import Response

from spotter.kit.pagination import PageQuery, encode_cursor
from spotter.notifications import repository as notifications_repository
from spotter.notifications import service as notifications_service
from spotter.notifications.stream import open_stream
from spotter.web.deps import CurrentViewer, WebContext
from spotter.web.pages.common import back_to, is_htmx
from spotter.web.render import render

router = APIRouter()
PAGE_SIZE = 20


def _unread_changed(response: Response, unread: int) -> Response:
    response.headers["HX-Trigger"] = json.dumps({"unread-changed": {"unread": unread}})
    return response


@router.get("/notifications")
async def notifications_page(
    request: Request,
    ctx: WebContext,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    rows = await notifications_service.listing(ctx, None, PageQuery(PAGE_SIZE, cursor))
    more = None
    if len(rows) > PAGE_SIZE:
        last = rows[PAGE_SIZE - 1]
        more = encode_cursor([last.created_at.isoformat(), str(last.id)])
    return render(request, "notifications.html", items=rows[:PAGE_SIZE], more_cursor=more)


@router.post("/notifications/{notification_id}/read")
async def mark_read(request: Request, ctx: WebContext, notification_id: uuid.UUID) -> Response:
    item = await notifications_service.mark_read(ctx, notification_id)
    if not is_htmx(request):
        return back_to("/notifications", "/notifications")
    unread = await notifications_repository.unread_count(ctx.session, ctx.principal)
    response = render(request, "partials/notification_item.html", item=item)
    return _unread_changed(response, unread)


@router.post("/notifications/read-all")
async def mark_all_read(request: Request, ctx: WebContext) -> Response:
    await notifications_service.mark_all_read(ctx)
    return back_to("/notifications", "/notifications")


@router.get("/notifications/count")
async def unread_count(ctx: WebContext) -> JSONResponse:
    unread = await notifications_repository.unread_count(ctx.session, ctx.principal)
    return JSONResponse({"unread": unread}, headers={"Cache-Control": "no-store"})


@router.get("/notifications/stream")
async def stream(request: Request, viewer: CurrentViewer) -> StreamingResponse:
    """The API's notification stream, signed in by the web cookie (EventSource
    cannot send a bearer token)."""
    return StreamingResponse(
        await open_stream(request, viewer.principal, viewer.session_expires_at),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
