"""Query shapes every repository shares."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, or_, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.kit.errors import NotFoundError
from spotter.kit.pagination import PageQuery, keyset
from spotter.kit.principal import Principal
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


def either_party(model: Any, user_id: uuid.UUID) -> ColumnElement[bool]:
    """The row's trainer or its trainee is `user_id`."""
    return or_(model.trainer_id == user_id, model.trainee_id == user_id)


class ById(Generic[T]):
    """One table's rows by id as a principal may see them: the "get it or
    404" shape, written once. `visible` states who sees what (the twin of the
    table's SELECT policy); `noun` names the 404, which a row that does not
    exist and one the principal may not see answer alike."""

    def __init__(self, column: Any, noun: str, visible: Callable[[Principal], Select[T]]) -> None:
        self.column, self.noun, self.visible = column, noun, visible

    def one(self, principal: Principal, row_id: uuid.UUID) -> Select[T]:
        return self.visible(principal).where(self.column == row_id)

    async def find(
        self, session: AsyncSession, principal: Principal, row_id: uuid.UUID
    ) -> T | None:
        found: T | None = await one_or_none(session, self.one(principal, row_id))
        return found

    async def get(self, session: AsyncSession, principal: Principal, row_id: uuid.UUID) -> T:
        return await one_or_404(session, self.one(principal, row_id), self.noun)

    async def to_change(
        self,
        session: AsyncSession,
        principal: Principal,
        row_id: uuid.UUID,
        *rule: ColumnElement[bool],
    ) -> T:
        """The row locked for a change; `rule` narrows to the rows the
        principal may change (the twin of the write policy, where it says
        more than the SELECT policy)."""
        stmt = self.one(principal, row_id).where(*rule)
        return await one_or_404(session, stmt, self.noun, lock=True)

    async def by_a_party(self, session: AsyncSession, principal: Principal, row_id: uuid.UUID) -> T:
        """Locked for a change only the row's trainer or its trainee may make."""
        party = either_party(self.column.class_, principal.id)
        return await self.to_change(session, principal, row_id, party)


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


# A [timestamp, id] cursor's parsers (`by_created` writes such cursors).
TIME_ID = (dt.datetime.fromisoformat, uuid.UUID)


def newest_created(stmt: Select[T], model: Any, page: PageQuery) -> Select[T]:
    """By creation time, newest first, ties by id."""
    return keyset_page(stmt, (model.created_at, model.id), page, TIME_ID)


def newest_first(stmt: Select[T], day: Any, row_id: Any, page: PageQuery) -> Select[T]:
    """The commonest page: by a date column, newest first, ties by id."""
    return keyset_page(stmt, (day, row_id), page, (dt.date.fromisoformat, uuid.UUID))
