"""Puts the web app on the FastAPI app: pages, static files, docs, headers,
and errors answered as pages for people (the API keeps problem+json)."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import cast
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from spotter.config import Settings, secret_key
from spotter.kit.errors import ProblemError
from spotter.web import docs, render
from spotter.web.deps import SignInRequiredError, TrainerPageError
from spotter.web.router import router as pages_router
from spotter.web.security import WebHeadersMiddleware
from spotter.web.static import static_files

Handler = Callable[[Request, Exception], Awaitable[Response]]


def install_web(app: FastAPI, settings: Settings) -> None:
    # A key of its own for CSRF tokens, derived from the server's secret.
    app.state.web_secret = hashlib.sha256(
        b"spotter-web-csrf:" + secret_key(settings).encode()
    ).digest()
    render.configure(settings.google_client_ids)
    app.include_router(docs.router)
    app.include_router(pages_router)
    app.mount("/static", static_files(), name="static")
    app.add_exception_handler(SignInRequiredError, _to_sign_in)
    app.add_exception_handler(TrainerPageError, _to_elsewhere)
    for error in (ProblemError, StarletteHTTPException, RequestValidationError):
        api_handler = cast(Handler, app.exception_handlers[error])
        app.add_exception_handler(error, _as_page_for_people(api_handler))
    app.add_middleware(WebHeadersMiddleware, google_sign_in=bool(settings.google_client_ids))


def is_page_request(request: Request) -> bool:
    if getattr(request.state, "web", False):
        return True
    path = request.url.path
    wants_html = "text/html" in request.headers.get("accept", "")
    return wants_html and not path.startswith(("/api/", "/static/"))


async def _to_sign_in(request: Request, _: Exception) -> Response:
    target = "/signin?next=" + quote(render._full_path(request), safe="/")
    if request.headers.get("hx-request"):
        # htmx follows HX-Redirect with a full page load.
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def _to_elsewhere(_: Request, exc: Exception) -> Response:
    return RedirectResponse(cast(TrainerPageError, exc).elsewhere, status_code=303)


def _as_page_for_people(api_handler: Handler) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        if not is_page_request(request):
            return await api_handler(request, exc)
        if isinstance(exc, ProblemError):
            status, detail = exc.status, exc.detail
        elif isinstance(exc, StarletteHTTPException):
            status, detail = exc.status_code, str(exc.detail)
        else:
            status, detail = 422, None
        return render.render(
            request, "error.html", status_code=status, status=status, detail=detail
        )

    return handler
