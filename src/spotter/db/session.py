"""The server's database access: an async engine whose connections act as
spotter_app, and one transaction per request carrying the caller's identity.

The identity is set with set_config(..., true), which PostgreSQL discards at
the end of the transaction, so a pooled connection never carries one into
the next request.
"""

from __future__ import annotations

import select
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from spotter.config import Settings
from spotter.db.urls import APP_ROLE

IDLE_IN_TRANSACTION_MS = 60_000


@dataclass(frozen=True)
class Identity:
    user_id: uuid.UUID
    role: str


def _assume_app_role(dbapi_connection: Any, _record: Any) -> None:
    # Every connection of the server drops to the app role before its first
    # use, whatever role the URL logs in as.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"SET ROLE {APP_ROLE}")
    cursor.close()
    dbapi_connection.commit()


def _refuse_dead_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection whose server went away (backend killed, server
    restarted) has a readable socket: the server's goodbye and then EOF. An
    idle live one has nothing to read. Looking costs a system call, where a
    pre-ping costs a round trip on every checkout; the pool replaces a
    connection refused here with a fresh one."""
    pgconn = dbapi_connection.driver_connection.pgconn
    readable, _, _ = select.select([pgconn.socket], [], [], 0)
    if not readable:
        return
    try:
        # The first read takes the server's FATAL message, the second its EOF.
        pgconn.consume_input()
        pgconn.consume_input()
    except psycopg.OperationalError as exc:
        raise DisconnectionError(str(exc)) from exc
    if pgconn.status != psycopg.pq.ConnStatus.OK:
        raise DisconnectionError("the server closed this connection")


def create_engine_for_app(url: URL, settings: Settings) -> AsyncEngine:
    engine = create_async_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        # Dead connections are caught on checkout without a round trip
        # (_refuse_dead_connection); a connection that dies mid-request
        # makes that request a 503, which clients retry.
        pool_pre_ping=False,
        connect_args={
            # A transaction left open by a hung process would hold its
            # idempotency keys (and row locks) until the server notices:
            # idle in a transaction for a minute, the connection is dropped.
            "options": f"-c statement_timeout={settings.db_statement_timeout_ms}"
            f" -c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}",
            "application_name": "spotter",
        },
    )
    event.listen(engine.sync_engine, "connect", _assume_app_role)
    event.listen(engine.sync_engine.pool, "checkout", _refuse_dead_connection)
    return engine


SET_IDENTITY = text(
    "SELECT set_config('spotter.user_id', :user_id, true),"
    " set_config('spotter.user_role', :role, true)"
)


async def set_identity(session: AsyncSession, identity: Identity) -> None:
    await session.execute(SET_IDENTITY, {"user_id": str(identity.user_id), "role": identity.role})


@dataclass
class OuterTransaction:
    """The request's transaction when a layer outside the route opened it
    (the idempotency middleware), so that what that layer writes commits in
    the same commit as the request's writes. The route's session dependency
    uses it and leaves its verdict here instead of committing."""

    session: AsyncSession
    # None: no route used it; True: commit; False: roll back.
    commit: bool | None = None


# Where an OuterTransaction waits in the request's state.
OUTER_TRANSACTION_STATE = "outer_transaction"


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self, identity: Identity | None = None) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back on error."""
        async with self.sessionmaker() as session, session.begin():
            if identity is not None:
                await set_identity(session, identity)
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
