"""idempotency_keys queries: claim a key, read what it holds, store or release it.

They run in a transaction carrying the caller's identity, so policy
idempotency_keys_own limits them to the caller's keys as the user_id
conditions here do.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

# An in-flight key older than this belongs to a request that died.
STALE_IN_FLIGHT = "60 seconds"

# A key is taken over when it is new, expired, or held by a dead request.
CLAIM = text(
    """
    INSERT INTO idempotency_keys (user_id, key, request_method, request_path, request_hash)
    VALUES (:user_id, :key, :method, :path, :hash)
    ON CONFLICT (user_id, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, status = 'in_flight',
           created_at = now(), expires_at = now() + interval '24 hours',
           response_status = NULL, response_headers = NULL, response_body = NULL
     WHERE idempotency_keys.expires_at < now()
        OR (idempotency_keys.status = 'in_flight'
            AND idempotency_keys.created_at < now() - interval '"""
    + STALE_IN_FLIGHT
    + """')
    RETURNING id
    """
)
EXISTING = text(
    "SELECT request_hash, status, response_status, response_headers, response_body"
    " FROM idempotency_keys WHERE user_id = :user_id AND key = :key"
)
STORE = text(
    "UPDATE idempotency_keys SET status = 'completed', response_status = :status,"
    " response_headers = CAST(:headers AS jsonb), response_body = :body WHERE id = :id"
)
RELEASE = text("DELETE FROM idempotency_keys WHERE id = :id")


async def claim(
    session: AsyncSession, user_id: uuid.UUID, key: str, path: str, request_hash: str
) -> uuid.UUID | None:
    """The claimed key's id, or None when another request holds the key."""
    params = {"user_id": user_id, "key": key, "method": "POST", "path": path, "hash": request_hash}
    claimed: uuid.UUID | None = (await session.execute(CLAIM, params)).scalar_one_or_none()
    return claimed


async def existing(session: AsyncSession, user_id: uuid.UUID, key: str) -> Row[Any]:
    """What a key another request claimed holds: its request hash, status and
    (once completed) the response."""
    return (await session.execute(EXISTING, {"user_id": user_id, "key": key})).one()


async def store(
    session: AsyncSession, claim_id: uuid.UUID, status: int, headers: dict[str, str], body: bytes
) -> None:
    params = {"id": claim_id, "status": status, "headers": json.dumps(headers), "body": body}
    await session.execute(STORE, params)


async def release(session: AsyncSession, claim_id: uuid.UUID) -> None:
    await session.execute(RELEASE, {"id": claim_id})
