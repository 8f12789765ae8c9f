"""One webhook: its deliveries, "Send test", editing its events and whether
it is active, and deleting it after a confirmation."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter.context import Context
from spotter.kit.pagination import InvalidCursorError, PageQuery, by_created, page_of
from spotter.web.deps import WebContext
from spotter.web.pages.forms import parse
from spotter.web.pages.webhooks_forms import (
    EVENT_NAMES,
    allow_hosts,
    chosen_events,
    field_errors,
    forget_secret,
    new_secret_for,
)
from spotter.web.render import render, translate
from spotter.webhooks import repository as webhooks_repository
from spotter.webhooks import service as webhooks_service
from spotter.webhooks.schemas import WebhookUpdate

router = APIRouter()

DELIVERIES_PAGE = 20


async def _detail_page(
    request: Request,
    ctx: Context,
    webhook_id: uuid.UUID,
    cursor: str | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    webhook = await webhooks_repository.get(ctx.session, ctx.principal, webhook_id)
    try:
        rows = await webhooks_service.deliveries(
            ctx, webhook_id, PageQuery(DELIVERIES_PAGE, cursor)
        )
    except InvalidCursorError:
        rows = await webhooks_service.deliveries(ctx, webhook_id, PageQuery(DELIVERIES_PAGE, None))
    page = page_of(rows, DELIVERIES_PAGE, by_created)
    extra.setdefault("chosen", list(webhook.events or []))
    extra.setdefault("active", bool(webhook.is_active))
    return render(
        request,
        "webhooks_detail.html",
        status_code=status_code,
        webhook=webhook,
        deliveries=page.items,
        next_cursor=page.next_cursor,
        event_names=EVENT_NAMES,
        **extra,
    )


@router.get("/webhooks/{webhook_id}")
async def webhook_page(
    request: Request,
    ctx: WebContext,
    webhook_id: uuid.UUID,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    notices = {
        "tested": translate(
            request, "A test event is on its way; its delivery appears below in a moment."
        ),
        "saved": translate(request, "Saved."),
    }
    shown = next((text for key, text in notices.items() if key in request.query_params), None)
    secret = new_secret_for(request, webhook_id)
    response = await _detail_page(request, ctx, webhook_id, cursor, notice=shown, new_secret=secret)
    if secret is not None:
        # Shown once: a reload (or anyone later) no longer sees it.
        forget_secret(request, response)
    return response


@router.post("/webhooks/{webhook_id}")
async def edit_webhook(request: Request, ctx: WebContext, webhook_id: uuid.UUID) -> Response:
    form = await request.form()
    events = await chosen_events(request)
    active = form.get("active") == "true"
    body = parse(WebhookUpdate, {"events": events, "isActive": active})
    if isinstance(body, dict):
        errors = field_errors(request, body)
        return await _detail_page(
            request, ctx, webhook_id, None, 422, errors=errors, chosen=events, active=active
        )
    await webhooks_service.update(ctx, webhook_id, body, allow_hosts(request))
    return RedirectResponse(f"/webhooks/{webhook_id}?saved=1", status_code=303)


@router.post("/webhooks/{webhook_id}/test")
async def send_test(ctx: WebContext, webhook_id: uuid.UUID) -> Response:
    await webhooks_service.ping(ctx, webhook_id)
    return RedirectResponse(f"/webhooks/{webhook_id}?tested=1", status_code=303)


@router.get("/webhooks/{webhook_id}/delete")
async def confirm_delete(request: Request, ctx: WebContext, webhook_id: uuid.UUID) -> Response:
    webhook = await webhooks_repository.get(ctx.session, ctx.principal, webhook_id)
    return render(request, "webhooks_delete.html", webhook=webhook)


@router.post("/webhooks/{webhook_id}/delete")
async def delete_webhook(ctx: WebContext, webhook_id: uuid.UUID) -> Response:
    await webhooks_service.delete(ctx, webhook_id)
    return RedirectResponse("/webhooks?deleted=1", status_code=303)
