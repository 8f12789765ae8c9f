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


PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
# Answers any API operation can give, whatever its own declarations.
COMMON = {
    "429": "Rate limited; see Retry-After",
}


def _declare_problems(path: str, operation: dict[str, Any]) -> None:
    """Every error an operation can answer is declared, as problem+json."""
    responses: dict[str, Any] = operation.setdefault("responses", {})
    needs: dict[str, str] = {}
    if operation.get("security"):
        needs["401"] = _DESCRIPTIONS[401]
    if operation.get("parameters") or operation.get("requestBody"):
        needs["422"] = _DESCRIPTIONS[422]
    if operation.get("requestBody"):
        needs["400"] = "The body is not valid JSON"
    if path.startswith("/api/"):
        needs.update(COMMON)
    for code, description in needs.items():
        responses.setdefault(code, {"description": description})
    for code, response in responses.items():
        if code.startswith(("4", "5")):
            response["content"] = PROBLEM_CONTENT
            if code == "422" and response.get("description") == "Validation Error":
                response["description"] = _DESCRIPTIONS[422]


def install_problem_schema(app: Any) -> None:
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema: dict[str, Any] = original()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components["Problem"] = PROBLEM_SCHEMA
            # FastAPI's own validation-error shapes are replaced by Problem.
            components.pop("HTTPValidationError", None)
            components.pop("ValidationError", None)
            for path, item in schema.get("paths", {}).items():
                for method, operation in item.items():
                    if method in ("get", "post", "put", "patch", "delete"):
                        _declare_problems(path, operation)
            app.openapi_schema = schema
        result: dict[str, Any] = app.openapi_schema
        return result

    app.openapi = openapi
