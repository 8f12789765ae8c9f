"""Webhook and delivery queries."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Webhook, WebhookDelivery
from spotter.db.queries import newest_created, one_or_404
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal

R = TypeVar("R", Webhook, WebhookDelivery)


def visible_webhooks_stmt(principal: Principal) -> Select[Webhook]:
    # Policy webhooks_own: a user's own endpoints, for reading and writing alike.
    return select(Webhook).where(Webhook.user_id == principal.id)


def visible_deliveries_stmt(principal: Principal) -> Select[WebhookDelivery]:
    # Policy webhook_deliveries_of_own_webhooks: the attempts made to endpoints
    # the caller can see, which are their own.
    own_ids = visible_webhooks_stmt(principal).with_only_columns(Webhook.id)
    return select(WebhookDelivery).where(WebhookDelivery.webhook_id.in_(own_ids))


async def get(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID, *, lock: bool = False
) -> Webhook:
    stmt = visible_webhooks_stmt(principal).where(Webhook.id == webhook_id)
    return await one_or_404(session, stmt, "webhook", lock=lock)


async def listing(session: AsyncSession, principal: Principal, page: PageQuery) -> list[Webhook]:
    stmt = newest_created(visible_webhooks_stmt(principal), Webhook, page)
    return list(await session.scalars(stmt))


async def deliveries(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID, page: PageQuery
) -> list[WebhookDelivery]:
    stmt = visible_deliveries_stmt(principal).where(WebhookDelivery.webhook_id == webhook_id)
    return list(await session.scalars(newest_created(stmt, WebhookDelivery, page)))
