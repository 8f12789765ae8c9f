"""Keyset pagination: `limit` (1-100) and an opaque `cursor`."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, NamedTuple, TypeVar

from fastapi import Depends, Query
from pydantic import Field

from spotter.kit.errors import ProblemError
from spotter.kit.schemas import ApiModel

T = TypeVar("T")
R = TypeVar("R")


class Page(ApiModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursorError() from exc
    if not isinstance(values, list) or len(values) != size:
        raise InvalidCursorError()
    return values


class InvalidCursorError(ProblemError):
    status = 422

    def __init__(self) -> None:
        super().__init__(
            "The cursor is not one this API issued.",
            errors=[{"field": "query.cursor", "message": "invalid cursor"}],
        )


class PageQuery(NamedTuple):
    limit: int
    cursor: str | None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="Items per page.")] = 20,
    cursor: Annotated[str | None, Query(max_length=512, description="From `nextCursor`.")] = None,
) -> PageQuery:
    return PageQuery(limit, cursor)


PageArgs = Annotated[PageQuery, Depends(page_params)]
"""A list route's `limit` and `cursor` query parameters."""


def keyset(cursor: str | None, *parsers: Callable[[Any], Any]) -> tuple[Any, ...] | None:
    """Decode a cursor of len(parsers) values, each through its parser
    (`keyset(cursor, dt.date.fromisoformat, uuid.UUID)`); None for no cursor."""
    if cursor is None:
        return None
    values = decode_cursor(cursor, len(parsers))
    try:
        return tuple(parse(value) for parse, value in zip(parsers, values, strict=True))
    except (TypeError, ValueError) as exc:
        raise InvalidCursorError() from exc


def page_of(rows: Sequence[R], limit: int, key: Callable[[R], list[Any]]) -> Page[R]:
    """`rows` were fetched with limit + 1; `key(row)` gives the cursor values."""
    more = len(rows) > limit
    items = list(rows[:limit])
    next_cursor = encode_cursor(key(items[-1])) if more and items else None
    return Page[R](items=items, next_cursor=next_cursor)


def page_json(
    rows: Sequence[dict[str, Any]], limit: int, key: Callable[[dict[str, Any]], list[Any]]
) -> dict[str, Any]:
    """page_of for plain rows (the hot reads): `{"items", "nextCursor"}`."""
    more = len(rows) > limit
    items = list(rows[:limit])
    next_cursor = encode_cursor(key(items[-1])) if more and items else None
    return {"items": items, "nextCursor": next_cursor}


def page_out(
    rows: Sequence[R], limit: int, key: Callable[[R], list[Any]], out: Callable[[R], T]
) -> Page[T]:
    """page_of, with each item shaped by `out` (usually `Schema.model_validate`)."""
    page = page_of(rows, limit, key)
    return Page[T](items=[out(row) for row in page.items], next_cursor=page.next_cursor)


def by_date(row: Any) -> list[Any]:
    """A row's [date, id] cursor values; `date_id_cursor` reads them back."""
    return [row.date.isoformat(), str(row.id)]


def by_created(row: Any) -> list[Any]:
    """A row's [created_at, id] cursor values; `time_id_cursor` reads them back."""
    return [row.created_at.isoformat(), str(row.id)]


def time_id_cursor(cursor: str | None) -> tuple[dt.datetime, uuid.UUID] | None:
    """A cursor of [timestamp, id], the most common keyset."""
    return keyset(cursor, dt.datetime.fromisoformat, uuid.UUID)


def date_id_cursor(cursor: str | None) -> tuple[dt.date, uuid.UUID] | None:
    """A cursor of [date, id]."""
    return keyset(cursor, dt.date.fromisoformat, uuid.UUID)
