"""JSON answers written straight from rows, for the hot reads: what the
routes' Pydantic models would write, without building the models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from fastapi.responses import Response

JsonText = orjson.Fragment
"""JSON the database already wrote (a jsonb column read as text), put into
the answer as it is."""


def _other(value: Any) -> Any:
    # Decimals are JSON numbers, as kit.schemas.Number writes them.
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_answer(payload: Any, status_code: int = 200) -> Response:
    """`payload` as JSON: UTC times end in "Z", as Pydantic writes them."""
    body = orjson.dumps(payload, default=_other, option=orjson.OPT_UTC_Z)
    return Response(body, status_code=status_code, media_type="application/json")
