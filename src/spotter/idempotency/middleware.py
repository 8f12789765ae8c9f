"""`Idempotency-Key` on POST: the same key and body replay the stored
response without a second effect; the same key with another body is a 422;
a request still running with that key is a 409. Keys are per user and live
24 hours. Anonymous POSTs (sign-in) are not stored: their answers hold tokens.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spotter.db.session import Database, Identity
from spotter.idempotency import repository
from spotter.kit.errors import problem_response

HEADER = b"idempotency-key"
VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
KEPT_HEADERS = {"content-type", "location"}


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.asgi_app: Any = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(HEADER)
        identity = self._identity(scope, headers) if raw_key is not None else None
        if raw_key is None or identity is None:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1")
        if not VALID_KEY.match(key):
            await problem_response(
                422,
                "Idempotency-Key must be 1-255 printable characters.",
                errors=[{"field": "header.Idempotency-Key", "message": "invalid key"}],
            )(scope, receive, send)
            return
        body = await _read_body(receive)
        digest = hashlib.sha256(
            b"\n".join([scope["path"].encode(), scope.get("query_string", b""), body])
        ).hexdigest()
        database: Database = scope["app"].state.database
        user_id = identity.user_id
        async with database.transaction(identity) as session:
            claimed = await repository.claim(session, user_id, key, scope["path"], digest)
            existing = None if claimed else await repository.existing(session, user_id, key)
        if claimed is None:
            await self._answer_existing(existing, digest, scope, receive, send)
            return
        await self._run_and_store(claimed, body, scope, send, database, identity)

    def _identity(self, scope: Scope, headers: dict[bytes, bytes]) -> Identity | None:
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        if not authorization.lower().startswith("bearer "):
            return None
        try:
            claims = scope["app"].state.tokens.decode_access(authorization[7:].strip())
        except Exception:  # an invalid token: let authentication answer 401
            return None
        return Identity(claims.user_id, claims.role)

    async def _answer_existing(
        self, existing: Any, digest: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if existing.request_hash != digest:
            response = problem_response(
                422,
                "This Idempotency-Key was used with a different request.",
                errors=[{"field": "header.Idempotency-Key", "message": "reused with another body"}],
            )
        elif existing.status == "in_flight":
            response = problem_response(
                409,
                "A request with this Idempotency-Key is still being processed.",
                headers={"Retry-After": "1"},
            )
        else:
            await send(
                {
                    "type": "http.response.start",
                    "status": existing.response_status,
                    "headers": [
                        *[
                            (k.encode(), v.encode())
                            for k, v in (existing.response_headers or {}).items()
                        ],
                        (b"idempotent-replayed", b"true"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": bytes(existing.response_body or b"")})
            return
        await response(scope, receive, send)

    async def _run_and_store(
        self,
        claim_id: uuid.UUID,
        body: bytes,
        scope: Scope,
        send: Send,
        database: Database,
        identity: Identity,
    ) -> None:
        status = 500
        kept: dict[str, str] = {}
        chunks: list[bytes] = []
        delivered = False

        async def replay_receive() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name.decode("latin-1").lower() in KEPT_HEADERS:
                        kept[name.decode("latin-1").lower()] = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture)
        finally:
            async with database.transaction(identity) as session:
                if status >= 500:
                    # The request failed on our side: the client may retry.
                    await repository.release(session, claim_id)
                else:
                    await repository.store(session, claim_id, status, kept, b"".join(chunks))


async def _read_body(receive: Receive) -> bytes:
    parts: list[bytes] = []
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(parts)
