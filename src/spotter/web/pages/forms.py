"""Reading forms into the API's input models, and their errors into words."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


async def form_fields(request: Request) -> dict[str, str]:
    """The submitted text fields (files and the CSRF token left out)."""
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


def parse(model: type[Model], data: dict[str, Any]) -> Model | dict[str, str]:
    """The model, or {field: message} for each invalid field (by its alias,
    which is also the form field's name)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            location = error.get("loc", ())
            field = str(location[0]) if location else "form"
            errors.setdefault(field, str(error.get("msg", "")))
        return errors


def every_field(body: BaseModel, change: type[Model]) -> Model:
    """A form sends every field, so one left empty is cleared: the API's
    change model with every field set from the form's full body."""
    return change.model_validate_json(body.model_dump_json(by_alias=True))
