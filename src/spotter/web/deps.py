"""Who is using the web app: the sign-in cookie, the request's Context, CSRF.

The cookie holds the refresh token of an ordinary API sign-in (a
`user_sessions` token family started by `auth.service.login`). It is never
rotated by the web app; each request looks the token up and requires its row
to be live: not revoked, not rotated, not expired, its user active. So
signing out anywhere, a password change that ends the family, deactivation,
or someone using the token against `/auth/refresh` ends the browser's session
too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.auth import repository as auth_repository
from spotter.auth.tokens import token_hash
from spotter.context import Context
from spotter.db.deps import SessionDep
from spotter.db.session import Identity, set_identity
from spotter.kit.errors import ForbiddenError, NotFoundError, ProblemError
from spotter.kit.principal import Principal
from spotter.kit.request_context import ClientDep
from spotter.notifications import repository as notifications_repository
from spotter.users import repository as users_repository
from spotter.web.i18n import DistanceUnit, Locale, WeightUnit, choose_locale

SESSION_COOKIE = "spotter_session"
CSRF_COOKIE = "spotter_csrf"
LANGUAGE_COOKIE = "spotter_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
T = TypeVar("T")


class SignInRequiredError(Exception):
    """A page that needs a signed-in user was asked for without one: the
    web app's handler answers with a redirect to /signin."""


class CsrfError(ForbiddenError):
    def __init__(self) -> None:
        super().__init__("The form expired or came from another site; reload the page and retry.")


@dataclass(frozen=True)
class Viewer:
    """The signed-in person and what every page shows of them."""

    principal: Principal
    name: str
    email: str
    locale: Locale
    theme: str
    weight_unit: WeightUnit
    distance_unit: DistanceUnit
    unread: int
    # When the sign-in (its token family) ends at the latest.
    session_expires_at: dt.datetime

    @property
    def is_trainer(self) -> bool:
        return self.principal.is_trainer


# The sign-in cookie -----------------------------------------------------------


def set_session_cookie(request: Request, response: Response, refresh_token: str) -> None:
    ttl = request.app.state.auth_config.refresh_ttl
    response.set_cookie(
        SESSION_COOKIE,
        refresh_token,
        max_age=int(ttl.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


async def _live_principal(
    request: Request, session: AsyncSession
) -> tuple[Principal, dt.datetime] | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 256:
        return None
    row = await auth_repository.session_by_refresh_hash(session, token_hash(token))
    if row is None or row.revoked_at is not None or row.rotated_at is not None:
        return None
    if not row.is_active:
        return None
    if row.expires_at <= dt.datetime.now(dt.UTC):
        return None
    return Principal(row.user_id, row.role, row.family_id), row.expires_at


async def _viewer(
    request: Request, session: AsyncSession, principal: Principal, expires_at: dt.datetime
) -> Viewer:
    # From here on the transaction carries the user's identity, for RLS.
    await set_identity(session, Identity(principal.id, principal.role))
    user = await users_repository.get_self(session, principal)
    settings = await users_repository.get_settings(session, principal)
    unread = await notifications_repository.unread_count(session, principal)
    locale = choose_locale(settings.language, request.headers.get("accept-language"))
    return Viewer(
        principal=principal,
        name=user.name,
        email=user.email,
        locale=locale,
        theme=settings.theme or "auto",
        weight_unit="lbs" if settings.weight_unit == "lbs" else "kg",
        distance_unit="miles" if settings.distance_unit == "miles" else "km",
        unread=unread,
        session_expires_at=expires_at,
    )


async def optional_viewer(request: Request, session: SessionDep) -> Viewer | None:
    """The signed-in person, or None (sign-in pages, the language switch)."""
    cached: Viewer | None = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    live = await _live_principal(request, session)
    if live is None:
        return None
    principal, expires_at = live
    viewer = await _viewer(request, session, principal, expires_at)
    request.state.viewer = viewer
    request.state.principal = principal
    return viewer


async def required_viewer(viewer: Annotated[Viewer | None, Depends(optional_viewer)]) -> Viewer:
    if viewer is None:
        raise SignInRequiredError()
    return viewer


class TrainerPageError(Exception):
    """A trainee asked for a page only a trainer uses: the web app's handler
    answers with a redirect to `elsewhere`, a page a trainee may open."""

    def __init__(self, elsewhere: str) -> None:
        super().__init__(elsewhere)
        self.elsewhere = elsewhere


def trainers_only(elsewhere: str | None) -> list[Any]:
    """A router's dependencies for pages only a trainer uses; a trainee who
    opens one is sent to `elsewhere`, or, with None, answered 404 as by the
    API (the page does not exist for them)."""

    async def trainer_viewer(viewer: Annotated[Viewer, Depends(required_viewer)]) -> Viewer:
        if viewer.is_trainer:
            return viewer
        if elsewhere is None:
            raise NotFoundError("page")
        raise TrainerPageError(elsewhere)

    return [Depends(trainer_viewer)]


async def web_context(
    viewer: Annotated[Viewer, Depends(required_viewer)], session: SessionDep, client: ClientDep
) -> Context:
    """The same Context the API's UserContext gives: the request's one
    transaction, already acting as the signed-in user."""
    return Context(session, viewer.principal, client)


OptionalViewer = Annotated[Viewer | None, Depends(optional_viewer)]
CurrentViewer = Annotated[Viewer, Depends(required_viewer)]
WebContext = Annotated[Context, Depends(web_context)]


# CSRF ---------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The token pages put in forms (and htmx in a header): an HMAC of the
    browser's random CSRF cookie, so another site can neither read nor forge it."""
    seed = _csrf_seed(request)
    secret: bytes = request.app.state.web_secret
    return hmac.new(secret, seed.encode(), hashlib.sha256).hexdigest()


def _csrf_seed(request: Request) -> str:
    seed = request.cookies.get(CSRF_COOKIE)
    if not seed or len(seed) > 128:
        seed = getattr(request.state, "new_csrf_seed", None) or secrets.token_urlsafe(32)
        # render() sets this cookie on the response.
        request.state.new_csrf_seed = seed
    return seed


def set_csrf_cookie(request: Request, response: Response) -> None:
    seed: str | None = getattr(request.state, "new_csrf_seed", None)
    if seed is not None:
        response.set_cookie(
            CSRF_COOKIE,
            seed,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )


async def require_csrf(request: Request) -> None:
    """On every unsafe request to a page route: the token from the form
    field or the htmx header must match the browser's cookie."""
    if request.method not in UNSAFE_METHODS:
        return
    if not request.cookies.get(CSRF_COOKIE):
        raise CsrfError()
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, csrf_token(request)):
        raise CsrfError()


# Running a service from a form ----------------------------------------------------


async def attempt(session: AsyncSession, action: Callable[[], Awaitable[T]]) -> T | ProblemError:
    """Run a service call in a savepoint and hand back its refusal instead of
    raising it, so the page can show the form again with the message. The
    savepoint matters: the request's transaction still commits, and a
    refused change must not leave half its writes behind."""
    try:
        async with session.begin_nested():
            return await action()
    except ProblemError as refusal:
        return refusal


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to; never another site (open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    return target
