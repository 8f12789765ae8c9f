"""Static files at /static/: our CSS and JS, and the vendored third-party files.

URLs carry a content hash (`static_url("app/app.css")` gives
`/static/app/app.css?v=1a2b3c4d5e6f`), so browsers may keep them for a year
and still see a new version at once.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

STATIC = Path(__file__).parent / "static"


@cache
def _version(relative: str) -> str:
    return hashlib.sha256((STATIC / relative).read_bytes()).hexdigest()[:12]


def static_url(relative: str) -> str:
    return f"/static/{relative}?v={_version(relative)}"


class VersionedStaticFiles(StaticFiles):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        versioned = b"v=" in scope.get("query_string", b"")

        async def send_with_cache(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                cache_control = (
                    "public, max-age=31536000, immutable" if versioned else "public, max-age=300"
                )
                message["headers"] = [
                    *[(k, v) for k, v in message["headers"] if k.lower() != b"cache-control"],
                    (b"cache-control", cache_control.encode()),
                ]
            await send(message)

        await super().__call__(scope, receive, send_with_cache)


def static_files() -> VersionedStaticFiles:
    return VersionedStaticFiles(directory=STATIC)
