"""Webhook and delivery queries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TypeVar

from sqlalchemy import Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import Webhook, WebhookDelivery
from spotter.db.queries import one_or_404
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


async def _newest_first(
    session: AsyncSession,
    stmt: Select[R],
    row: type[R],
    limit: int,
    before: tuple[dt.datetime, uuid.UUID] | None,
) -> list[R]:
    """One page by (created_at, id), newest first, fetching limit + 1."""
    if before is not None:
        stmt = stmt.where(tuple_(row.created_at, row.id) < before)
    stmt = stmt.order_by(row.created_at.desc(), row.id.desc()).limit(limit + 1)
    return list((await session.execute(stmt)).scalars())


async def listing(
    session: AsyncSession,
    principal: Principal,
    *,
    limit: int,
    before: tuple[dt.datetime, uuid.UUID] | None,
) -> list[Webhook]:
    return await _newest_first(session, visible_webhooks_stmt(principal), Webhook, limit, before)


async def deliveries(
    session: AsyncSession,
    principal: Principal,
    webhook_id: uuid.UUID,
    *,
    limit: int,
    before: tuple[dt.datetime, uuid.UUID] | None,
) -> list[WebhookDelivery]:
    stmt = visible_deliveries_stmt(principal).where(WebhookDelivery.webhook_id == webhook_id)
    return await _newest_first(session, stmt, WebhookDelivery, limit, before)
