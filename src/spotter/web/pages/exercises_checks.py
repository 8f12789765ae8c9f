"""What the exercise forms share: the typed text kept on the form, and
messages in the viewer's language keyed by the form field's name."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from spotter.web import i18n
from spotter.web.i18n import N_, WeightUnit
from spotter.web.pages.plan_rows import shown_weight
from spotter.web.render import translate

Model = TypeVar("Model", bound=BaseModel)


def lines(text: str) -> list[str]:
    """One item per non-empty line (steps, tags typed one per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Checker:
    """Collects one message per field; the first problem found is the one shown."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str, **values: object) -> None:
        """`message` is English, marked with N_() for the catalogues."""
        worded = translate(self.request, message)
        self.errors.setdefault(field, worded % values if values else worded)

    def required(self, field: str, text: str, message: str) -> None:
        if not text:
            self.fail(field, message)

    def longest(self, field: str, text: str, most: int) -> None:
        if len(text) > most:
            self.fail(field, N_("Use at most %(most)s characters."), most=most)

    def chosen(self, field: str, value: str, allowed: dict[str, str], message: str) -> None:
        if value and value not in allowed:
            self.fail(field, message)

    def at_most(self, field: str, items: list[Any], most: int) -> None:
        if len(items) > most:
            self.fail(field, N_("Enter at most %(most)s."), most=most)

    def whole(self, field: str, text: str, low: int, high: int, message: str) -> int | None:
        """A whole number from `low` to `high`; empty is none."""
        if not text:
            return None
        if text.isdecimal() and low <= int(text) <= high:
            return int(text)
        self.fail(field, message)
        return None

    def kilograms(self, field: str, text: str, unit: WeightUnit, most: int) -> float | None:
        """A weight typed in the viewer's unit, in kg (0 to `most` kg); empty is none."""
        if not text:
            return None
        try:
            kg = i18n.weight_from_input(Decimal(text.replace(",", ".")), unit)
            fits = kg.is_finite() and 0 <= kg <= most
        except (InvalidOperation, ValueError):
            fits = False  # not a number, or one too large to round
        if fits:
            return float(kg)
        highest = shown_weight(most, unit)
        self.fail(field, N_("Enter a weight from 0 to %(high)s %(unit)s."), high=highest, unit=unit)
        return None

    def validated(self, model: type[Model], body: dict[str, Any], field: str) -> Model | None:
        """The API's input model, or None with a message at `field` (the
        form's own checks come first, so this is what they did not foresee)."""
        if self.errors:
            return None
        try:
            # JSON mode: the strict input model reads ids from their text form.
            return model.model_validate_json(json.dumps(body))
        except ValidationError:
            self.fail(field, N_("Please check what you entered"))
            return None
