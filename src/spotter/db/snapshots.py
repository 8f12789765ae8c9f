"""A row as a JSON-ready dict of its columns, and back.

Audit rows keep these snapshots in old_values/new_values so that a change can
be reverted: `restore_values` turns a snapshot into column values again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import Computed, Date, DateTime, Numeric, Time, Uuid
from sqlalchemy.dialects.postgresql import INET

from spotter.db.base import Base

# Columns a snapshot leaves out: secrets and values the database derives.
NEVER_SNAPSHOT = frozenset({"password_hash", "ical_token_hash", "secret"})


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(row: Base) -> dict[str, Any]:
    table = row.__table__
    return {
        column.name: _plain(getattr(row, row.__mapper__.get_property_by_column(column).key))
        for column in table.columns
        if column.name not in NEVER_SNAPSHOT
    }


def changed_fields(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The columns that differ, as (old, new); bookkeeping columns excluded."""
    keys = [k for k in after if before.get(k) != after.get(k) and k != "updated_at"]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _restore(column: Any, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Time):
        return dt.time.fromisoformat(value)
    if isinstance(kind, Uuid):
        return uuid.UUID(value)
    if isinstance(kind, Numeric):
        return Decimal(value)
    if isinstance(kind, INET):
        return str(value)
    return value


def restore_values(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """Attribute values for `model` from a snapshot, skipping derived columns."""
    restored: dict[str, Any] = {}
    mapper = model.__mapper__
    for column in model.__table__.columns:
        if column.name not in values or isinstance(column.computed, Computed):
            continue
        restored[mapper.get_property_by_column(column).key] = _restore(column, values[column.name])
    return restored
