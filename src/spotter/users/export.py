"""The export's JSON: camelCase keys at every depth and UTC timestamps with
`Z`, like every other answer of the API."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import uuid
from decimal import Decimal
from typing import Any

# Only snake_case names become camelCase: keys that are data (an exercise's
# name, a weekday written by a client) stay as they were written.
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def camel_key(key: str) -> str:
    if not _SNAKE.match(key):
        return key
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def utc_timestamp(value: dt.datetime) -> str:
    """2026-11-25T03:00:00Z (a naive value is taken to be UTC already)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


# A timestamp with an offset, as snapshots store them inside JSON (audit
# entries' old and new values): written the same way as every other one.
_ZONED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)$")


def exportable(value: Any) -> Any:
    """`value` as plain JSON types, keys camelCase, timestamps UTC with Z."""
    if isinstance(value, dict):
        return {camel_key(str(k)): exportable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [exportable(v) for v in value]
    if isinstance(value, dt.datetime):
        return utc_timestamp(value)
    if isinstance(value, str) and _ZONED.match(value):
        return utc_timestamp(dt.datetime.fromisoformat(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, uuid.UUID | ipaddress.IPv4Address | ipaddress.IPv6Address):
        return str(value)
    if isinstance(value, ipaddress.IPv4Interface | ipaddress.IPv6Interface):
        return str(value.ip)
    return value
