"""Hot reads in one round trip.

On the general path a GET pays for four round trips (BEGIN, the caller's
authentication, its SELECT, COMMIT) and for the ORM around each. The hottest
GETs (/me, the notification inbox and its count, the workout list) instead
send all four as one simple-protocol query string on a connection of the
app's pool and read plain rows: the same transaction, the same
`authenticate_request()` (the session's liveness and the RLS identity, local
to the transaction), the same row-level security. When the session has
ended, the SELECTs ran with no identity, saw nothing, and the caller gets 401.

Why one string rather than a psycopg pipeline: measured on one connection,
the pipeline's bookkeeping took 420 us of CPU a read, the string 210 us.
psycopg binds the parameters on the client (AsyncClientCursor), quoting
each value as a literal; the values are ids, numbers and times the route
parsed, never text.

Each query is a server-side prepared statement (PREPARE once per pooled
connection, then EXECUTE): planning a query over the monthly partitions,
with row-level security, costs PostgreSQL 2-3 ms each time, ten times what
running it does. psycopg deallocates every prepared statement of a
connection when it rolls back a transaction there (DEALLOCATE ALL, for its
own statements); a read that finds its statement gone prepares it again.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row
from sqlalchemy.ext.asyncio import AsyncEngine

# The same function the general path calls (auth/deps.py, revision 0004).
AUTHENTICATE = "SELECT authenticate_request(%(session_id)s, %(user_id)s)"


@dataclass(frozen=True)
class Query:
    sql: str
    params: Mapping[str, Any]


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Which statements a pooled connection has prepared, in its `info`.
PREPARED_KEY = "spotter_prepared_reads"
PREFIX = "spotter_read_"
HELD = "SELECT name FROM pg_prepared_statements WHERE name LIKE %(prefix)s"


@dataclass(frozen=True)
class Prepared:
    name: str
    definition: str  # PREPARE <name> AS <the query with $1, $2, ...>
    arguments: tuple[str, ...]  # the parameters' names, in $n order

    @classmethod
    def of(cls, sql: str) -> Prepared:
        names: list[str] = []

        def positional(match: re.Match[str]) -> str:
            if match.group(1) not in names:
                names.append(match.group(1))
            return f"${names.index(match.group(1)) + 1}"

        # The client cursor binds %(name)s in the whole string: a % left in
        # the definition (a LIKE pattern) must reach the server as itself.
        body = _PLACEHOLDER.sub(positional, sql).replace("%", "%%")
        name = PREFIX + hashlib.sha256(sql.encode()).hexdigest()[:16]
        return cls(name, f"PREPARE {name} AS {body}", tuple(names))

    def execute(self) -> str:
        """EXECUTE with the parameters for the client cursor to bind."""
        arguments = ", ".join(f"%({name})s" for name in self.arguments)
        return f"EXECUTE {self.name}({arguments})" if arguments else f"EXECUTE {self.name}"


@dataclass(frozen=True)
class Answer:
    role: str | None  # the account's role; None when the session has ended
    rows: list[list[dict[str, Any]]]  # each query's rows


_statements: dict[str, Prepared] = {}


def _prepared(sql: str) -> Prepared:
    found = _statements.get(sql)
    if found is None:
        found = _statements[sql] = Prepared.of(sql)
    return found


async def read_as(
    engine: AsyncEngine, user_id: uuid.UUID, session_id: uuid.UUID, queries: Sequence[Query]
) -> Answer:
    """BEGIN, authenticate, run `queries`, COMMIT: one round trip."""
    params: dict[str, Any] = {"session_id": session_id, "user_id": user_id}
    for query in queries:
        if params.keys() & query.params.keys():
            raise ValueError(f"parameter names repeat: {params.keys() & query.params.keys()}")
        params.update(query.params)
    statements = [_prepared(query.sql) for query in queries]
    async with engine.connect() as conn:
        pooled = await conn.get_raw_connection()
        pg: psycopg.AsyncConnection[Any] = pooled.driver_connection  # type: ignore[assignment]
        known: set[str] = pooled.info.setdefault(PREPARED_KEY, set())
        try:
            # The string holds its own BEGIN and COMMIT.
            await pg.set_autocommit(True)
            try:
                found, rows = await _run(pg, statements, params, known)
            except psycopg.errors.InvalidSqlStatementName:
                # A rollback on this connection deallocated the statements:
                # ask the server which it holds, and prepare the others.
                await pg.rollback()
                held = await pg.execute(HELD, {"prefix": f"{PREFIX}%"})
                known.clear()
                known.update(str(name) for (name,) in await held.fetchall())
                found, rows = await _run(pg, statements, params, known)
            await pg.set_autocommit(False)
        except BaseException:
            # What the connection holds is unknown now (a failed string may
            # have prepared some statements, or left a transaction open):
            # it is closed, not given back.
            await conn.invalidate()
            raise
    role = found["authenticate_request"] if found else None
    return Answer(str(role) if role is not None else None, rows)


async def _run(
    pg: psycopg.AsyncConnection[Any],
    statements: list[Prepared],
    params: dict[str, Any],
    known: set[str],
) -> tuple[dict[str, Any] | None, list[list[dict[str, Any]]]]:
    new = [s for s in dict.fromkeys(statements) if s.name not in known]
    text = "; ".join(
        [s.definition for s in new]
        + ["BEGIN", AUTHENTICATE, *(s.execute() for s in statements), "COMMIT"]
    )
    cursor = psycopg.AsyncClientCursor(pg, row_factory=dict_row)
    await cursor.execute(text, params)
    known.update(s.name for s in new)
    for _ in range(len(new) + 1):
        cursor.nextset()  # past each PREPARE and BEGIN
    found = await cursor.fetchone()
    rows = []
    for _ in statements:
        cursor.nextset()
        rows.append(await cursor.fetchall())
    return found, rows
