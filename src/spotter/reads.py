"""`Reads`: what a hot GET asks for instead of `UserContext`.

It checks the bearer token (no database yet) and gives the route two ways on:
`fetch()`, the one-round-trip read of db/reads.py for the requests the route
can answer from plain rows, and `context()`, the general path (a session, the
caller authenticated in it, a `Context`) for the rest. Both authenticate the
caller in the read's own transaction, as `UserContext` does.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from spotter.auth.deps import SESSION_ENDED, Credentials, authenticate, bearer_claims
from spotter.auth.tokens import AccessClaims
from spotter.context import Context
from spotter.db.reads import Query, read_as
from spotter.db.session import Database
from spotter.kit.errors import UnauthorizedError
from spotter.kit.json_answer import json_answer
from spotter.kit.principal import Principal
from spotter.kit.request_context import client_info


class RoleChangedError(Exception):
    """The account's role is no longer the one the token names: the rows read
    for that role are not the caller's answer."""


@dataclass(frozen=True)
class Reader:
    request: Request
    claims: AccessClaims
    # The response FastAPI lends the route's dependencies: headers they set
    # (the rate limit's) go on the answer.
    response: Response

    @property
    def user_id(self) -> uuid.UUID:
        return self.claims.user_id

    @property
    def claimed(self) -> Principal:
        """The caller as the token names them; `fetch` checks the role."""
        return Principal(self.claims.user_id, self.claims.role, self.claims.session_id)

    def _database(self) -> Database:
        database: Database = self.request.app.state.database
        return database

    def _signed_in(self, principal: Principal) -> None:
        self.request.state.principal = principal

    async def fetch(
        self, *queries: Query, as_claimed_role: bool = False
    ) -> list[list[dict[str, Any]]]:
        """Each query's rows, read as the caller in one round trip. With
        `as_claimed_role` (the queries were written for the token's role),
        raises RoleChangedError when the account's role is another one now,
        so the route answers through `context()` instead."""
        claims = self.claims
        answer = await read_as(self._database().engine, claims.user_id, claims.session_id, queries)
        if answer.role is None:
            raise UnauthorizedError(SESSION_ENDED)
        self._signed_in(Principal(claims.user_id, answer.role, claims.session_id))
        if as_claimed_role and answer.role != claims.role:
            raise RoleChangedError()
        return answer.rows

    def answer(self, payload: Any) -> Response:
        """`payload` as the route's JSON answer (kit/json_answer.py)."""
        answer = json_answer(payload)
        answer.headers.update(self.response.headers)
        return answer

    @asynccontextmanager
    async def context(self) -> AsyncIterator[Context]:
        """The general path: the caller authenticated in a transaction of
        its own, committed when the block ends."""
        async with self._database().transaction() as session:
            principal = await authenticate(session, self.claims.user_id, self.claims.session_id)
            if principal is None:
                raise UnauthorizedError(SESSION_ENDED)
            self._signed_in(principal)
            yield Context(session, principal, client_info(self.request))


async def reader(request: Request, response: Response, credentials: Credentials) -> Reader:
    _, claims = bearer_claims(request, credentials)
    return Reader(request, claims, response)


Reads = Annotated[Reader, Depends(reader)]
"""Any signed-in user, for a hot GET (see the module's docstring)."""
