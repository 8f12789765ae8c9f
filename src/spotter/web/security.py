"""Headers for everything the web app serves: a strict Content-Security-Policy,
no framing, no sniffing, and gzip for pages and static files (the API's own
responses are left exactly as the API writes them)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

GOOGLE_GSI = "https://accounts.google.com/gsi/"


def content_security_policy(google_sign_in: bool) -> str:
    """No inline script, nothing from another host. Google's sign-in button
    is the one exception, and only when Google sign-in is configured."""
    script = ["'self'"]
    style = ["'self'"]
    connect = ["'self'"]
    frame = ["'none'"]
    if google_sign_in:
        script.append(f"{GOOGLE_GSI}client")
        style.append(f"{GOOGLE_GSI}style")
        connect.append(GOOGLE_GSI)
        frame = [GOOGLE_GSI]
    directives = {
        "default-src": ["'self'"],
        "script-src": script,
        "style-src": style,
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": connect,
        "frame-src": frame,
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


# Swagger UI and ReDoc style their components inline and ReDoc runs a worker
# from a blob; they get this looser policy, pages never do.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)


def _is_api(path: str) -> bool:
    return path.startswith("/api/") or path in ("/openapi.json", "/metrics", "/healthz", "/readyz")


class WebHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, google_sign_in: bool) -> None:
        self.app = app
        self.gzip = GZipMiddleware(self._with_headers, minimum_size=800)
        self.policy = content_security_policy(google_sign_in)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        await self.gzip(scope, receive, send)

    async def _with_headers(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", self.policy)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        await self.app(scope, receive, send_with_headers)
