"""`Idempotency-Key` on POST: the same key and body replay the stored
answer without a second effect; the same key with another body is a 422; a
request still running with that key is a 409. Keys are per user and answer
for 7 days. Anonymous POSTs (sign-in) are not stored: their answers hold
tokens.

Exactly once, even through faults: the middleware opens the request's
transaction itself, holds the key with a lock of that transaction, lets the
route run in it (db/deps.py), and stores the answer in the same commit as
the route's writes. The answer is held back until that commit succeeds. A
request that dies mid-way commits nothing and leaves nothing held; one whose
commit succeeded has its answer stored, and a retry replays it.

A stored answer is replayed only to its own user, and only while their
session is live and their account active: the caller is authenticated
before anything is looked up.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spotter.auth.deps import AUTHENTICATED_STATE
from spotter.auth.tokens import AccessClaims, TokenService
from spotter.db.session import OUTER_TRANSACTION_STATE, Database, OuterTransaction
from spotter.idempotency import repository
from spotter.kit.errors import error_response, problem_response
from spotter.kit.principal import Principal

HEADER = b"idempotency-key"
VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
KEPT_HEADERS = {"content-type", "location"}


@dataclass
class Answer:
    """A whole response, held until the transaction's fate is known."""

    status: int = 500
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)

    async def capture(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))

    def kept_headers(self) -> dict[str, str]:
        kept = {}
        for name, value in self.headers:
            lowered = name.decode("latin-1").lower()
            if lowered in KEPT_HEADERS:
                kept[lowered] = value.decode("latin-1")
        return kept

    async def send_to(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": b"".join(self.chunks)})


async def _as_answer(response: ASGIApp, scope: Scope) -> Answer:
    answer = Answer()

    async def no_body() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, no_body, answer.capture)
    return answer


def _replayed(stored: repository.StoredAnswer) -> Answer:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers.items()]
    headers.append((b"idempotent-replayed", b"true"))
    return Answer(stored.status, headers, [stored.body])


@dataclass(frozen=True)
class KeyedRequest:
    key: str
    token: str
    claims: AccessClaims
    body: bytes
    digest: str


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(HEADER)
        token = _bearer(headers) if raw_key is not None else None
        claims = self._claims(scope, token)
        if raw_key is None or token is None or claims is None:
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
        request = KeyedRequest(key, token, claims, body, digest)
        database: Database = scope["app"].state.database
        try:
            answer = await self._answer(scope, database, request)
        except Exception as exc:  # the database failed under us: 503 (or 500), never silence
            answer = await _as_answer(error_response(exc), scope)
        await answer.send_to(send)

    def _claims(self, scope: Scope, token: str | None) -> AccessClaims | None:
        if token is None:
            return None
        tokens: TokenService = scope["app"].state.tokens
        try:
            return tokens.decode_access(token)
        except Exception:  # an invalid token: let authentication answer 401
            return None

    async def _answer(self, scope: Scope, database: Database, request: KeyedRequest) -> Answer:
        user_id = request.claims.user_id
        async with database.sessionmaker() as session:
            # Closing the session without a commit rolls everything back.
            await session.begin()
            holder = await repository.authenticate_and_hold(
                session, request.claims.session_id, user_id, request.key
            )
            if holder.role is None:
                return await _as_answer(
                    problem_response(
                        401,
                        "This session has ended; sign in again.",
                        headers={"WWW-Authenticate": "Bearer"},
                    ),
                    scope,
                )
            if not holder.held:
                return await _as_answer(
                    problem_response(
                        409,
                        "A request with this Idempotency-Key is still being processed.",
                        headers={"Retry-After": "1"},
                    ),
                    scope,
                )
            stored = await repository.stored_answer(session, user_id, request.key)
            if stored is not None:
                return await self._replay_or_refuse(stored, request, scope)
            principal = Principal(user_id, holder.role, request.claims.session_id)
            return await self._run(scope, session, principal, request, database)

    async def _replay_or_refuse(
        self, stored: repository.StoredAnswer, request: KeyedRequest, scope: Scope
    ) -> Answer:
        if stored.request_hash != request.digest:
            return await _as_answer(
                problem_response(
                    422,
                    "This Idempotency-Key was used with a different request.",
                    errors=[
                        {"field": "header.Idempotency-Key", "message": "reused with another body"}
                    ],
                ),
                scope,
            )
        return _replayed(stored)

    async def _run(
        self,
        scope: Scope,
        session: AsyncSession,
        principal: Principal,
        request: KeyedRequest,
        database: Database,
    ) -> Answer:
        outer = OuterTransaction(session)
        state = scope.setdefault("state", {})
        state[OUTER_TRANSACTION_STATE] = outer
        state[AUTHENTICATED_STATE] = (request.token, principal)
        answer = Answer()
        await self.app(scope, _replaying(request.body), answer.capture)
        if answer.status >= 500 or outer.commit is False:
            return answer  # the session closes uncommitted: nothing happened
        if answer.status < 400:
            stored = await repository.store(
                session,
                principal.id,
                request.key,
                path=scope["path"],
                request_hash=request.digest,
                status=answer.status,
                headers=answer.kept_headers(),
                body=b"".join(answer.chunks),
            )
            if not stored:
                # Another request with this key committed first: ours rolls
                # back and its answer is the one.
                await session.rollback()
                return await self._stored_after_race(scope, database, principal, request)
        # A refusal (4xx) stores nothing and writes only what it asked to
        # keep (a failed sign-in's trace): a retry simply runs again.
        await session.commit()
        return answer

    async def _stored_after_race(
        self, scope: Scope, database: Database, principal: Principal, request: KeyedRequest
    ) -> Answer:
        async with database.sessionmaker() as session, session.begin():
            holder = await repository.authenticate_and_hold(
                session, principal.session_id, principal.id, request.key
            )
            stored = await repository.stored_answer(session, principal.id, request.key)
        if holder.role is None or stored is None:
            return await _as_answer(error_response(RuntimeError("idempotency race")), scope)
        return await self._replay_or_refuse(stored, request, scope)


def _bearer(headers: dict[bytes, bytes]) -> str | None:
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    if not authorization.lower().startswith("bearer "):
        return None
    return authorization[7:].strip()


def _replaying(body: bytes) -> Receive:
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


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
