"""Error responses for route declarations, so OpenAPI lists them."""

from __future__ import annotations

from typing import Any

Responses = dict[int | str, dict[str, Any]]

_DESCRIPTIONS = {
    401: "Not signed in, or the token is not valid",
    403: "Signed in with a role that cannot do this",
    404: "Not found, or not yours",
    409: "Conflicts with the current state",
    422: "Invalid input; `errors` names each field",
    429: "Rate limited; see Retry-After",
}


def problems(*codes: int, **descriptions: str) -> Responses:
    """`problems(401, 404)`; a keyword `_409="..."` overrides a description."""
    declared: Responses = {}
    for code in codes:
        text = descriptions.get(f"_{code}", _DESCRIPTIONS.get(code, "Error"))
        declared[code] = {
            "description": text,
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
    return declared


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Not Found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "For 422: each invalid field and why.",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}


def install_problem_schema(app: Any) -> None:
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema: dict[str, Any] = original()
            schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
                PROBLEM_SCHEMA
            )
            app.openapi_schema = schema
        result: dict[str, Any] = app.openapi_schema
        return result

    app.openapi = openapi
