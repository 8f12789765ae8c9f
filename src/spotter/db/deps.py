"""The request's transaction, as a FastAPI dependency.

`scope="function"` commits before the response is sent, so a failed commit
becomes the response instead of a lost write behind a 2xx.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.session import Database
from spotter.kit.errors import ProblemError


async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
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
                await transaction.rollback()
            raise
        except BaseException:
            await transaction.rollback()
            raise
        else:
            await transaction.commit()


SessionDep = Annotated[AsyncSession, Depends(request_session, scope="function")]
