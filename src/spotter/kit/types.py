"""Field types shared by the API's schemas."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, Strict

# Syntax only: one @, no spaces, a dot in the domain. Deliverability is the
# mail server's business, and self-hosted gyms use internal domains.
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def normalize_email(value: str) -> str:
    return value.strip().lower()


def _check_email(value: str) -> str:
    if not EMAIL_PATTERN.match(value):
        raise ValueError("is not a valid email address")
    return value


Email = Annotated[
    str,
    BeforeValidator(lambda v: normalize_email(v) if isinstance(v, str) else v),
    Field(min_length=3, max_length=255, examples=["somchai@example.com"]),
    AfterValidator(_check_email),
]

# An id in a strict input model: JSON carries it as a string, which strict
# Python-mode validation would refuse (see ApiInput).
Uuid = Annotated[uuid.UUID, Strict(False)]


def _json_number(value: object) -> object:
    # bool is an int in Python; a string is not a number in JSON.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("must be a number")
    return value


DecimalNumber = Annotated[Decimal, BeforeValidator(_json_number), Strict(False)]
"""A decimal in a strict input model, from a JSON number (not a bool or a string)."""
