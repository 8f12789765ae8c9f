"""Field types shared by the API's schemas."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

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
