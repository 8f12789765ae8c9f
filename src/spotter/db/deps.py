"""The request's transaction, as a FastAPI dependency.

`scope="function"` commits before the response is sent, so a failed commit
becomes the response instead of a lost write behind a 2xx.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction

from spotter.db.session import OUTER_TRANSACTION_STATE, Database, OuterTransaction
from spotter.kit.errors import ProblemError


async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    outer: OuterTransaction | None = getattr(request.state, OUTER_TRANSACTION_STATE, None)
    if outer is not None:
        async for session in _within(outer):
            yield session
        return
    database: Database = request.app.state.database
    async with database.sessionmaker() as session:
        transaction = await session.begin()
        try:
            yield session
        except ProblemError as exc:
            # Some refusals must still leave a trace (a failed sign-in, a
            # reused token): those errors ask for the transaction to commit.
            if exc.commit_transaction:
                await transaction.commit()
            else:
                await _rollback(transaction)
            raise
        except BaseException:
            await _rollback(transaction)
            raise
        else:
            await transaction.commit()


async def _within(outer: OuterTransaction) -> AsyncIterator[AsyncSession]:
    """The route runs in a transaction opened outside it: say whether it
    should commit; its opener commits or rolls back."""
    try:
        yield outer.session
    except ProblemError as exc:
        outer.commit = exc.commit_transaction
        raise
    except BaseException:
        outer.commit = False
        raise
    else:
        outer.commit = True


async def _rollback(transaction: AsyncSessionTransaction) -> None:
    # The error being raised says what went wrong (a lost connection is a
    # 503); a rollback failing on that same dead connection must not hide it.
    with contextlib.suppress(Exception):
        await transaction.rollback()


SessionDep = Annotated[AsyncSession, Depends(request_session, scope="function")]
