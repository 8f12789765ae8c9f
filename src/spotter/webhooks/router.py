"""/webhooks: endpoints that receive signed events (Standard Webhooks)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from spotter.context import UserContext
from spotter.db.models import Webhook, WebhookDelivery
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_out
from spotter.webhooks import repository, service
from spotter.webhooks.schemas import (
    DeliveryOut,
    PingOut,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
    WebhookUpdate,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


async def _allow_hosts(request: Request) -> list[str]:
    hosts: list[str] = request.app.state.settings.webhook_allow_hosts
    return hosts


AllowHosts = Annotated[list[str], Depends(_allow_hosts)]
"""Hosts (SPOTTER_WEBHOOK_ALLOW_HOSTS) exempt from the public-address rules."""


def _newest_key(row: Webhook | WebhookDelivery) -> list[str]:
    return [row.created_at.isoformat() if row.created_at else "", str(row.id)]


@router.post(
    "",
    status_code=201,
    responses=problems(401, 422),
    summary="Add an endpoint; the signing secret is shown only now",
)
async def create_webhook(
    body: WebhookIn, ctx: UserContext, allow_hosts: AllowHosts
) -> WebhookCreatedOut:
    return WebhookCreatedOut.model_validate(await service.create(ctx, body, allow_hosts))


@router.get("", responses=problems(401), summary="My endpoints")
async def list_webhooks(ctx: UserContext, page: PageArgs) -> Page[WebhookOut]:
    rows = await service.listing(ctx, page)
    return page_out(rows, page.limit, _newest_key, WebhookOut.model_validate)


@router.get("/{webhook_id}", responses=problems(401, 404))
async def get_webhook(webhook_id: uuid.UUID, ctx: UserContext) -> WebhookOut:
    return WebhookOut.model_validate(await repository.get(ctx.session, ctx.principal, webhook_id))


@router.patch("/{webhook_id}", responses=problems(401, 404, 422))
async def update_webhook(
    webhook_id: uuid.UUID, body: WebhookUpdate, ctx: UserContext, allow_hosts: AllowHosts
) -> WebhookOut:
    return WebhookOut.model_validate(await service.update(ctx, webhook_id, body, allow_hosts))


@router.delete("/{webhook_id}", status_code=204, responses=problems(401, 404))
async def delete_webhook(webhook_id: uuid.UUID, ctx: UserContext) -> None:
    await service.delete(ctx, webhook_id)


@router.get(
    "/{webhook_id}/deliveries",
    responses=problems(401, 404),
    summary="Delivery attempts, newest first",
)
async def list_deliveries(
    webhook_id: uuid.UUID, ctx: UserContext, page: PageArgs
) -> Page[DeliveryOut]:
    rows = await service.deliveries(ctx, webhook_id, page)
    return page_out(rows, page.limit, _newest_key, DeliveryOut.model_validate)


@router.post(
    "/{webhook_id}/test",
    status_code=202,
    responses=problems(401, 404),
    summary="Send a signed ping event to this endpoint",
)
async def ping_webhook(webhook_id: uuid.UUID, ctx: UserContext) -> PingOut:
    await service.ping(ctx, webhook_id)
    return PingOut()
