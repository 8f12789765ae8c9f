"""Keyset pagination: `limit` (1-100) and an opaque `cursor`."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

from spotter.kit.errors import ProblemError
from spotter.kit.schemas import ApiModel

T = TypeVar("T")


class Page(ApiModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


class PageParams(BaseModel):
    limit: int
    cursor: list[Any] | None


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


def page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="Items per page.")] = 20,
    cursor: Annotated[str | None, Query(max_length=512, description="From `nextCursor`.")] = None,
) -> tuple[int, str | None]:
    return limit, cursor


def page_of(rows: list[T], limit: int, key: Any) -> Page[T]:
    """`rows` were fetched with limit + 1; `key(row)` gives the cursor values."""
    more = len(rows) > limit
    items = rows[:limit]
    next_cursor = encode_cursor(key(items[-1])) if more and items else None
    return Page[T](items=items, next_cursor=next_cursor)


def time_id_cursor(cursor: str | None) -> tuple[dt.datetime, uuid.UUID] | None:
    """Decode a cursor of [timestamp, id], the most common keyset."""
    if cursor is None:
        return None
    stamp, row_id = decode_cursor(cursor, 2)
    try:
        return dt.datetime.fromisoformat(stamp), uuid.UUID(row_id)
    except (TypeError, ValueError) as exc:
        raise InvalidCursorError() from exc


def date_id_cursor(cursor: str | None) -> tuple[dt.date, uuid.UUID] | None:
    """Decode a cursor of [date, id]."""
    if cursor is None:
        return None
    day, row_id = decode_cursor(cursor, 2)
    try:
        return dt.date.fromisoformat(day), uuid.UUID(row_id)
    except (TypeError, ValueError) as exc:
        raise InvalidCursorError() from exc
