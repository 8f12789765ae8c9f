"""/webhooks: endpoints that receive signed events (Standard Webhooks)."""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import CurrentUser
from spotter.db.deps import SessionDep
from spotter.db.models import Webhook, WebhookDelivery
from spotter.db.snapshots import snapshot
from spotter.jobs.enqueue import enqueue
from spotter.kit.errors import NotFoundError, UnprocessableError
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, page_of, page_params, time_id_cursor
from spotter.kit.request_context import ClientDep
from spotter.webhooks.safety import UnsafeTargetError, check_target
from spotter.webhooks.schemas import (
    DeliveryOut,
    PingOut,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
    WebhookUpdate,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


async def _safe_url(request: Request, url: str) -> str:
    try:
        await check_target(url, request.app.state.settings.webhook_allow_hosts)
    except UnsafeTargetError as exc:
        raise UnprocessableError("body.url", f"This URL cannot receive webhooks: {exc}.") from exc
    return url


async def _mine(session: AsyncSession, user_id: uuid.UUID, webhook_id: uuid.UUID) -> Webhook:
    found = (
        await session.execute(
            select(Webhook).where(Webhook.id == webhook_id, Webhook.user_id == user_id)
        )
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("webhook")
    return found


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 422),
    summary="Add an endpoint; the signing secret is shown only now",
)
async def create_webhook(
    body: WebhookIn,
    request: Request,
    principal: CurrentUser,
    session: SessionDep,
    client: ClientDep,
) -> WebhookCreatedOut:
    webhook = Webhook(
        user_id=principal.id,
        url=await _safe_url(request, body.url),
        events=body.events,
        description=body.description,
        secret=new_secret(),
    )
    session.add(webhook)
    await session.flush()
    await session.refresh(webhook)
    await audit.record_change(
        session,
        action="CREATE",
        resource_type="webhooks",
        actor=principal.id,
        client=client,
        resource_id=webhook.id,
        subject_user_id=principal.id,
        before=None,
        after=snapshot(webhook),
    )
    return WebhookCreatedOut.model_validate(webhook)


@router.get("", responses=problems(401), summary="My endpoints")
async def list_webhooks(
    principal: CurrentUser, session: SessionDep, page: PageArgs
) -> Page[WebhookOut]:
    limit, cursor = page
    stmt = select(Webhook).where(Webhook.user_id == principal.id)
    after = time_id_cursor(cursor)
    if after is not None:
        stmt = stmt.where(tuple_(Webhook.created_at, Webhook.id) < after)
    stmt = stmt.order_by(Webhook.created_at.desc(), Webhook.id.desc()).limit(limit + 1)
    rows = list((await session.execute(stmt)).scalars())
    result = page_of(
        rows, limit, lambda w: [w.created_at.isoformat() if w.created_at else "", str(w.id)]
    )
    return Page[WebhookOut](
        items=[WebhookOut.model_validate(w) for w in result.items], next_cursor=result.next_cursor
    )


@router.get("/{webhook_id}", responses=problems(401, 404))
async def get_webhook(
    webhook_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> WebhookOut:
    return WebhookOut.model_validate(await _mine(session, principal.id, webhook_id))


@router.patch("/{webhook_id}", responses=problems(401, 404, 422))
async def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    request: Request,
    principal: CurrentUser,
    session: SessionDep,
    client: ClientDep,
) -> WebhookOut:
    webhook = await _mine(session, principal.id, webhook_id)
    before = snapshot(webhook)
    changes = body.model_dump(exclude_unset=True)
    if changes.get("url") is not None:
        webhook.url = await _safe_url(request, changes["url"])
    if changes.get("events") is not None:
        webhook.events = sorted(set(changes["events"]))
    if "description" in changes:
        webhook.description = changes["description"]
    if changes.get("is_active") is not None:
        webhook.is_active = changes["is_active"]
        if webhook.is_active:
            webhook.consecutive_failures = 0
            webhook.disabled_reason = None
            webhook.disabled_at = None
    await session.flush()
    await session.refresh(webhook)
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type="webhooks",
        actor=principal.id,
        client=client,
        resource_id=webhook.id,
        subject_user_id=principal.id,
        before=before,
        after=snapshot(webhook),
    )
    return WebhookOut.model_validate(webhook)


@router.delete(
    "/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problems(401, 404)
)
async def delete_webhook(
    webhook_id: uuid.UUID, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> None:
    webhook = await _mine(session, principal.id, webhook_id)
    before = snapshot(webhook)
    await session.delete(webhook)
    await session.flush()
    await audit.record_change(
        session,
        action="DELETE",
        resource_type="webhooks",
        actor=principal.id,
        client=client,
        resource_id=webhook.id,
        subject_user_id=principal.id,
        before=before,
        after=None,
    )


@router.get(
    "/{webhook_id}/deliveries",
    responses=problems(401, 404),
    summary="Delivery attempts, newest first",
)
async def list_deliveries(
    webhook_id: uuid.UUID, principal: CurrentUser, session: SessionDep, page: PageArgs
) -> Page[DeliveryOut]:
    await _mine(session, principal.id, webhook_id)
    limit, cursor = page
    stmt = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    after = time_id_cursor(cursor)
    if after is not None:
        stmt = stmt.where(tuple_(WebhookDelivery.created_at, WebhookDelivery.id) < after)
    stmt = stmt.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    rows = list((await session.execute(stmt.limit(limit + 1))).scalars())
    result = page_of(rows, limit, lambda d: [d.created_at.isoformat(), str(d.id)])
    return Page[DeliveryOut](
        items=[DeliveryOut.model_validate(d) for d in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "/{webhook_id}/test",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problems(401, 404),
    summary="Send a signed ping event to this endpoint",
)
async def ping_webhook(
    webhook_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> PingOut:
    await _mine(session, principal.id, webhook_id)
    await enqueue(session, "webhooks.ping", "webhooks", webhook_id=str(webhook_id))
    return PingOut()
