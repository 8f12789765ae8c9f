"""Base models for the API: camelCase on the wire, strict about unknown fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer, field_validator
from pydantic.alias_generators import to_camel

from spotter.kit.nul_bytes import MESSAGE, contains_nul

# NUMERIC columns come back as Decimal; JSON clients expect numbers.
Number = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


class ApiModel(BaseModel):
    """Responses: read from ORM objects, written in camelCase."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class ApiInput(BaseModel):
    """Requests: camelCase, and a field the server owns or does not know is a 422.

    Strict: `true` is not the integer 1, `1` and `"1"` are not booleans, and
    an integer field refuses any JSON number written with a fraction (`5.0`
    too). FastAPI validates the parsed JSON in Python mode, where strict would
    also refuse the strings that carry dates, ids and decimals: fields of
    those types use the kit's types (`CalendarDate`, `Uuid`, `DecimalNumber`),
    which parse the JSON form explicitly.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=False,
        extra="forbid",
        str_strip_whitespace=True,
        strict=True,
    )

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul_bytes(cls, value: object) -> object:
        # After each field's own validation, so a nested model has already
        # checked itself and the error names the innermost field
        # (body.exercises.0.notes); dict values are searched at any depth.
        if contains_nul(value):
            raise ValueError(MESSAGE)
        return value
