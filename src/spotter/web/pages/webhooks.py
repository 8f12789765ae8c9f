"""Webhooks: my endpoints, and adding one (its signing secret is shown once,
on the endpoint's page). That page is webhooks_detail."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from spotter.kit.errors import ProblemError
from spotter.kit.pagination import PageQuery, by_created, page_of
from spotter.web.deps import WebContext, attempt
from spotter.web.pages import webhooks_detail
from spotter.web.pages.forms import parse
from spotter.web.pages.webhooks_forms import (
    EVENT_NAMES,
    allow_hosts,
    chosen_events,
    field_errors,
    refused_url,
    remember_secret,
)
from spotter.web.render import render, translate
from spotter.webhooks import service as webhooks_service
from spotter.webhooks.schemas import WebhookIn

router = APIRouter()
router.include_router(webhooks_detail.router)

LIST_SIZE = 50


async def _list_page(
    request: Request, ctx: WebContext, status_code: int = 200, **extra: Any
) -> Response:
    rows = await webhooks_service.listing(ctx, PageQuery(LIST_SIZE, None))
    page = page_of(rows, LIST_SIZE, by_created)
    extra.setdefault("form", {"url": "", "description": "", "events": []})
    return render(
        request,
        "webhooks.html",
        status_code=status_code,
        webhooks=page.items,
        event_names=EVENT_NAMES,
        **extra,
    )


@router.get("/webhooks")
async def webhooks_page(request: Request, ctx: WebContext) -> Response:
    deleted = request.query_params.get("deleted")
    notice = translate(request, "The webhook was deleted.") if deleted else None
    return await _list_page(request, ctx, notice=notice)


@router.post("/webhooks")
async def create_webhook(request: Request, ctx: WebContext) -> Response:
    form = await request.form()
    url, description = str(form.get("url") or ""), str(form.get("description") or "").strip()
    events = await chosen_events(request)
    typed = {"url": url, "description": description, "events": events}
    body = parse(WebhookIn, {"url": url, "events": events, "description": description or None})
    if isinstance(body, dict):
        errors = field_errors(request, body)
        return await _list_page(request, ctx, 422, errors=errors, form=typed)
    checked = body
    outcome = await attempt(
        ctx.session, lambda: webhooks_service.create(ctx, checked, allow_hosts(request))
    )
    if isinstance(outcome, ProblemError):
        if outcome.status != 422:
            raise outcome
        errors = {"url": refused_url(request)}
        return await _list_page(request, ctx, 422, errors=errors, form=typed)
    response = RedirectResponse(f"/webhooks/{outcome.id}", status_code=303)
    remember_secret(request, response, outcome.id, outcome.secret)
    return response
