"""Query shapes every repository shares."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.kit.errors import NotFoundError
from spotter.kit.pagination import PageQuery, keyset
from spotter.kit.query import DateWindow

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


def within(stmt: Select[T], column: Any, window: DateWindow) -> Select[T]:
    """`stmt` limited to rows whose `column` falls in the window."""
    if window.first is not None:
        stmt = stmt.where(column >= window.first)
    if window.last is not None:
        stmt = stmt.where(column <= window.last)
    return stmt


def keyset_page(
    stmt: Select[T],
    columns: tuple[Any, ...],
    page: PageQuery,
    parsers: tuple[Callable[[Any], Any], ...],
    *,
    descending: bool = True,
) -> Select[T]:
    """One page of `stmt` ordered by `columns` (the last one unique), starting
    after the page's cursor; fetches limit + 1 rows so page_of() sees more."""
    after = keyset(page.cursor, *parsers)
    if after is not None:
        key = tuple_(*columns)
        stmt = stmt.where(key < after if descending else key > after)
    order = [column.desc() for column in columns] if descending else list(columns)
    return stmt.order_by(*order).limit(page.limit + 1)


def newest_first(stmt: Select[T], day: Any, row_id: Any, page: PageQuery) -> Select[T]:
    """The commonest page: by a date column, newest first, ties by id."""
    return keyset_page(stmt, (day, row_id), page, (dt.date.fromisoformat, uuid.UUID))
