"""Query shapes every repository shares."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.kit.errors import NotFoundError

T = TypeVar("T")


async def one_or_none(session: AsyncSession, stmt: Select[Any], *, lock: bool = False) -> Any:
    if lock:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def one_or_404(session: AsyncSession, stmt: Select[T], what: str, *, lock: bool = False) -> T:
    """The one row `stmt` finds, or a 404 naming `what`: a row that does not
    exist and one the caller may not see answer the same."""
    found: T | None = await one_or_none(session, stmt, lock=lock)
    if found is None:
        raise NotFoundError(what)
    return found
