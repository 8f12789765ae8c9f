"""Webhook endpoints: a user's own, checked to be safe targets when saved."""

from __future__ import annotations

import base64
import secrets
import uuid

from spotter.context import Context
from spotter.db.models import Webhook, WebhookDelivery
from spotter.jobs.enqueue import enqueue
from spotter.kit.errors import UnprocessableError
from spotter.kit.pagination import PageQuery
from spotter.webhooks import repository
from spotter.webhooks.safety import UnsafeTargetError, check_target
from spotter.webhooks.schemas import WebhookIn, WebhookUpdate


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


async def _safe_url(url: str, allow_hosts: list[str]) -> str:
    """The URL in its normalised form (punycode host, canonical address):
    what is stored is what was checked, and what delivery checks again."""
    try:
        target = await check_target(url, allow_hosts)
    except UnsafeTargetError as exc:
        raise UnprocessableError("body.url", f"This URL cannot receive webhooks: {exc}.") from exc
    return target.url


async def listing(ctx: Context, page: PageQuery) -> list[Webhook]:
    return await repository.listing(ctx.session, ctx.principal, page)


async def create(ctx: Context, body: WebhookIn, allow_hosts: list[str]) -> Webhook:
    """The returned row still holds the secret: the only time it is shown."""
    return await ctx.created(
        Webhook(
            user_id=ctx.user_id,
            url=await _safe_url(body.url, allow_hosts),
            events=body.events,
            description=body.description,
            secret=new_secret(),
        )
    )


async def update(
    ctx: Context, webhook_id: uuid.UUID, body: WebhookUpdate, allow_hosts: list[str]
) -> Webhook:
    webhook = await repository.get(ctx.session, ctx.principal, webhook_id, lock=True)
    changes = body.model_dump(exclude_unset=True)
    url = changes.get("url")
    if url is not None:
        url = await _safe_url(url, allow_hosts)
    async with ctx.updating(webhook):
        if url is not None:
            webhook.url = url
        if changes.get("events") is not None:
            webhook.events = sorted(set(changes["events"]))
        if "description" in changes:
            webhook.description = changes["description"]
        if changes.get("is_active") is not None:
            webhook.is_active = changes["is_active"]
            if webhook.is_active:
                # Re-enabling starts the failure count afresh.
                webhook.consecutive_failures = 0
                webhook.disabled_reason = None
                webhook.disabled_at = None
    return webhook


async def delete(ctx: Context, webhook_id: uuid.UUID) -> None:
    webhook = await repository.get(ctx.session, ctx.principal, webhook_id, lock=True)
    await ctx.deleted(webhook)


async def deliveries(ctx: Context, webhook_id: uuid.UUID, page: PageQuery) -> list[WebhookDelivery]:
    # An unknown endpoint is a 404, not an empty page.
    await repository.get(ctx.session, ctx.principal, webhook_id)
    return await repository.deliveries(ctx.session, ctx.principal, webhook_id, page)


async def ping(ctx: Context, webhook_id: uuid.UUID) -> None:
    """Queue a signed ping; the job, not the request, records the attempt
    (a queued job is no audited change to the webhook)."""
    await repository.get(ctx.session, ctx.principal, webhook_id)
    await enqueue(ctx.session, "webhooks.ping", "webhooks", webhook_id=str(webhook_id))
