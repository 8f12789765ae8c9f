"""Sign in and out: email and password, Google, and the sign-in cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter.auth import service as auth_service
from spotter.auth.google import GoogleVerifier
from spotter.auth.request import AuthRequestDep
from spotter.auth.schemas import LoginIn
from spotter.kit.errors import ProblemError, RateLimitedError
from spotter.rate_limits.deps import email_bucket, enforce
from spotter.web.deps import (
    OptionalViewer,
    WebContext,
    clear_session_cookie,
    safe_next,
    set_session_cookie,
)
from spotter.web.i18n import N_
from spotter.web.pages.account_forms import SignIn
from spotter.web.render import render, translate

router = APIRouter()


async def limit_sign_in(request: Request, email: str) -> None:
    """The API's sign-in limits: per address and per account email."""
    policy = request.app.state.rate_policies["login"]
    await enforce(request, None, policy, "login")
    await enforce(request, None, policy, email_bucket("login", email), by_ip=False)


def signed_in(request: Request, refresh_token: str, target: str) -> Response:
    response = RedirectResponse(safe_next(target), status_code=303)
    set_session_cookie(request, response, refresh_token)
    return response


def _sign_in_page(
    request: Request, status_code: int = 200, *, error: str | None = None, **values: str | None
) -> Response:
    return render(
        request,
        "signin.html",
        status_code=status_code,
        error=error,
        google=bool(request.app.state.google.client_ids),
        **values,
    )


def _notice(request: Request, key: str | None) -> str | None:
    notices = {
        "password-reset": translate(
            request, "Your password was changed. Sign in with the new one."
        ),
        "deleted": translate(request, "Your account and everything in it were deleted."),
        "signed-out": translate(request, "You are signed out."),
    }
    return notices.get(key or "")


@router.get("/signin")
async def sign_in_page(
    request: Request,
    viewer: OptionalViewer,
    next: Annotated[str, Query(max_length=2000)] = "/",
    notice: Annotated[str | None, Query(max_length=40)] = None,
    invitation: Annotated[str, Query(max_length=256)] = "",
) -> Response:
    if viewer is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _sign_in_page(
        request, next=next, email="", notice=_notice(request, notice), invitation=invitation
    )


def _refused(request: Request, refusal: Exception) -> tuple[int, str]:
    """A refused sign-in's status and words; anything else goes on up."""
    if isinstance(refusal, RateLimitedError):
        return 429, translate(request, "Too many attempts. Wait a minute and try again.")
    if isinstance(refusal, ProblemError):
        # A failed sign-in is audited; the request's transaction still commits.
        if refusal.status != 401:
            raise refusal
        return 401, translate(request, "The email or password is wrong.")
    # A ValueError: an invitation token that cannot be one.
    message = N_("This invitation link is not valid. Ask your trainer for a new one.")
    return 422, translate(request, message)


@router.post("/signin")
async def sign_in(request: Request, auth: AuthRequestDep, form: SignIn) -> Response:
    again = form.model_dump(exclude={"password"})
    if not form.email.strip() or not form.password:
        message = translate(request, "Enter your email and password.")
        return _sign_in_page(request, 422, error=message, **again)
    try:
        await limit_sign_in(request, form.email)
        typed = {"password": form.password, "invitationToken": form.invitation or None}
        issued = await auth_service.login(
            auth, LoginIn.model_validate({"email": form.email, **typed})
        )
    except (ProblemError, ValueError) as refusal:
        status, message = _refused(request, refusal)
        return _sign_in_page(request, status, error=message, **again)
    return signed_in(request, issued.refresh_token, form.next)


@router.post("/signin/google")
async def sign_in_with_google(
    request: Request,
    auth: AuthRequestDep,
    credential: Annotated[str, Form(min_length=10, max_length=8192)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Google Identity Services posts its ID token here (the button's form)."""
    verifier: GoogleVerifier = request.app.state.google
    try:
        await enforce(request, None, request.app.state.rate_policies["login"], "login")
        identity = await verifier.verify(credential)
        issued = await auth_service.google_sign_in(auth, identity)
    except ProblemError as refusal:
        if refusal.status not in (401, 404, 429):
            raise
        message = translate(request, "Google sign-in did not work. Try again or use your password.")
        return _sign_in_page(
            request, refusal.status, error=message, email="", next=next, invitation=""
        )
    return signed_in(request, issued.refresh_token, next)


@router.post("/signout")
async def sign_out(request: Request, ctx: WebContext) -> Response:
    await auth_service.logout(ctx)
    response = RedirectResponse("/signin?notice=signed-out", status_code=303)
    clear_session_cookie(request, response)
    return response
