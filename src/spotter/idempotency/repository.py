"""idempotency_keys queries: hold a key, read what it holds, store an answer.

A key is held by the request's own transaction (a transaction-level
advisory lock), never by a committed "in flight" row: when the request dies
(process killed, connection lost, server restarted) PostgreSQL ends the
transaction and the key is free at once. The answer is written in the same
transaction as the request's writes, so a write and its stored answer
commit together or not at all: a retry finds either both or neither.

Reads and writes run with the caller's identity, so policy
idempotency_keys_own limits them to the caller's keys as the user_id
conditions here do.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# The web app's offline queue may resend a workout days after it was
# finished (DESIGN.md): a key answers for a week. The column's default says
# the same (revision 0004); jobs/maintenance.py purges expired keys.
RETENTION = "7 days"

# One round trip: who is calling (the account's role, the session live; it
# also sets the transaction's identity, revision 0004) and whether this
# request may hold the key. The lock ends with the transaction.
AUTHENTICATE_AND_HOLD = text(
    "SELECT authenticate_request(:sid, :uid) AS role, pg_try_advisory_xact_lock(:lock) AS held"
)
STORED = text(
    "SELECT request_hash, response_status, response_headers, response_body"
    " FROM idempotency_keys WHERE user_id = :user_id AND key = :key AND expires_at > now()"
)
# An expired key is taken over; a live one means another request stored its
# answer after we looked (it can only happen if that request committed in
# the instant between our lock and our read): nothing is written then.
STORE = text(
    f"""
    INSERT INTO idempotency_keys (user_id, key, request_method, request_path, request_hash,
                                  status, response_status, response_headers, response_body,
                                  expires_at)
    VALUES (:user_id, :key, 'POST', :path, :hash, 'completed', :status,
            CAST(:headers AS jsonb), :body, now() + interval '{RETENTION}')
    ON CONFLICT (user_id, key) DO UPDATE
       SET request_path = EXCLUDED.request_path, request_hash = EXCLUDED.request_hash,
           response_status = EXCLUDED.response_status,
           response_headers = EXCLUDED.response_headers,
           response_body = EXCLUDED.response_body,
           created_at = now(), expires_at = EXCLUDED.expires_at
     WHERE idempotency_keys.expires_at <= now() OR idempotency_keys.response_status IS NULL
    RETURNING id
    """
)


@dataclass(frozen=True)
class Holder:
    """The caller's account role (None: the session has ended) and whether
    this request holds the key (False: another request is running with it)."""

    role: str | None
    held: bool


@dataclass(frozen=True)
class StoredAnswer:
    request_hash: str
    status: int
    headers: dict[str, str]
    body: bytes


def lock_id(user_id: uuid.UUID, key: str) -> int:
    digest = hashlib.sha256(f"idempotency:{user_id}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def authenticate_and_hold(
    session: AsyncSession, session_id: uuid.UUID, user_id: uuid.UUID, key: str
) -> Holder:
    params = {"sid": session_id, "uid": user_id, "lock": lock_id(user_id, key)}
    row = (await session.execute(AUTHENTICATE_AND_HOLD, params)).one()
    return Holder(role=row.role, held=bool(row.held))


async def stored_answer(session: AsyncSession, user_id: uuid.UUID, key: str) -> StoredAnswer | None:
    row = (await session.execute(STORED, {"user_id": user_id, "key": key})).one_or_none()
    if row is None or row.response_status is None:
        return None
    return StoredAnswer(
        request_hash=row.request_hash,
        status=int(row.response_status),
        headers=dict(row.response_headers or {}),
        body=bytes(row.response_body or b""),
    )


async def store(
    session: AsyncSession,
    user_id: uuid.UUID,
    key: str,
    *,
    path: str,
    request_hash: str,
    status: int,
    headers: dict[str, str],
    body: bytes,
) -> bool:
    """False when another request's answer is already stored under the key."""
    params = {
        "user_id": user_id,
        "key": key,
        "path": path,
        "hash": request_hash,
        "status": status,
        "headers": json.dumps(headers),
        "body": body,
    }
    return (await session.execute(STORE, params)).first() is not None
