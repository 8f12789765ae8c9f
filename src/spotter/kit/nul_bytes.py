"""NUL bytes: PostgreSQL text cannot hold \\x00, so one reaching a query is a
500. Bodies are checked by `ApiInput` (kit/schemas.py); everything else a
client sends (path, query string, headers, url-encoded forms) is refused here,
once for the whole app, before any middleware or handler touches a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spotter.kit.errors import problem_response

NUL = "\x00"
MESSAGE = "must not contain NUL bytes"
FORM = b"application/x-www-form-urlencoded"


def contains_nul(value: object) -> bool:
    """Whether a string, or any key or value of nested lists and dicts, holds
    a NUL. A loop, not recursion: JSON nests deeper than Python's stack."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            pending.extend(item)
    return False


def _printable(name: str) -> str:
    return name.replace(NUL, "\\x00")


def _first_in_pairs(prefix: str, pairs: Iterable[tuple[str, str]]) -> str | None:
    for name, value in pairs:
        if NUL in name or NUL in value:
            return f"{prefix}.{_printable(name)}"
    return None


def _path_field(scope: Scope) -> str | None:
    path: str = scope["path"]
    if NUL not in path:
        return None
    # Name the path parameter, as a validation error would. Routing has not
    # happened yet (and must not: inner middleware stores the path), so the
    # templates of the app's OpenAPI document say which segment is which.
    openapi = getattr(scope.get("app"), "openapi", None)
    templates = openapi().get("paths", {}) if callable(openapi) else {}
    for template in templates:
        found = compile_path(template)[0].match(path)
        if found:
            return _first_in_pairs("path", found.groupdict().items()) or "path"
    return "path"


def _header_field(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if b"\x00" in value or b"\x00" in name:
            return f"header.{_printable(name.decode('latin-1'))}"
    return None


def _query_pairs(raw: bytes) -> list[tuple[str, str]]:
    # As Starlette reads them: latin-1 bytes, then %-escapes decoded as UTF-8.
    return parse_qsl(raw.decode("latin-1"), keep_blank_values=True)


class RefuseNulBytes:
    """A 422 problem naming the first field with a NUL byte; other requests
    pass untouched (a url-encoded form body is read once and replayed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        field = (
            _path_field(scope)
            or _first_in_pairs("query", _query_pairs(scope.get("query_string", b"")))
            or _header_field(scope)
        )
        if field is None and _is_form(scope):
            body = await _read_body(receive)
            field = _first_in_pairs("body", _query_pairs(body))
            receive = _replay(body, receive)
        if field is None:
            await self.app(scope, receive, send)
            return
        response = problem_response(
            422, f"Invalid input: {field}", errors=[{"field": field, "message": MESSAGE}]
        )
        await response(scope, receive, send)


def _is_form(scope: Scope) -> bool:
    content_type: bytes = dict(scope["headers"]).get(b"content-type", b"")
    return content_type.split(b";")[0].strip().lower() == FORM


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then the client's own messages (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
