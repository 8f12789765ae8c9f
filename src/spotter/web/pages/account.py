"""Pages for the emailed links and for new accounts: forgot and reset a
password, verify an email address, register from an invitation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter.auth import credentials
from spotter.auth import service as auth_service
from spotter.auth.request import AuthRequestDep
from spotter.auth.schemas import PasswordResetConfirmIn, RegisterIn
from spotter.kit.errors import ProblemError, RateLimitedError
from spotter.rate_limits.deps import email_bucket, enforce
from spotter.web.i18n import N_
from spotter.web.pages.account_forms import Register, ResetPassword
from spotter.web.pages.forms import parse
from spotter.web.pages.signin import signed_in
from spotter.web.render import render, translate

router = APIRouter()
Token = Annotated[str, Query(max_length=256)]


async def _limit(request: Request, bucket: str, email: str | None = None) -> None:
    """The API's limits for the same actions (per address, and per email)."""
    await enforce(request, None, request.app.state.rate_policies["login"], bucket)
    if email is not None:
        policy = request.app.state.rate_policies["password"]
        await enforce(request, None, policy, email_bucket(bucket, email), by_ip=False)


async def _limited(
    request: Request, bucket: str, action: Callable[[], Awaitable[object]]
) -> RateLimitedError | ProblemError | None:
    """Run an emailed link's action within its rate limit: None when done,
    else the refusal (a 429, or the 422 of a link that is not valid)."""
    try:
        await _limit(request, bucket)
        await action()
    except RateLimitedError as refusal:
        return refusal
    except ProblemError as refusal:
        if refusal.status != 422:
            raise
        return refusal
    return None


def _too_many(request: Request, template: str, **values: Any) -> Response:
    message = translate(request, "Too many attempts. Wait a minute and try again.")
    return render(request, template, status_code=429, error=message, **values)


# Forgot and reset a password --------------------------------------------------


@router.get("/forgot-password")
async def forgot_password_page(request: Request) -> Response:
    return render(request, "forgot_password.html", email="", sent=False)


@router.post("/forgot-password")
async def forgot_password(
    request: Request,
    auth: AuthRequestDep,
    email: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    if "@" not in email:
        message = translate(request, "Enter the email address of your account.")
        return render(request, "forgot_password.html", 422, error=message, email=email, sent=False)
    try:
        await _limit(request, "password-reset", email)
    except RateLimitedError:
        return _too_many(request, "forgot_password.html", email=email)
    await credentials.request_reset(auth, email.strip())
    # The same answer whether or not the address has an account.
    return render(request, "forgot_password.html", email=email, sent=True)


@router.get("/reset-password")
async def reset_password_page(request: Request, token: Token = "") -> Response:
    return render(request, "reset_password.html", token=token)


@router.post("/reset-password")
async def reset_password(request: Request, auth: AuthRequestDep, form: ResetPassword) -> Response:
    token = form.token
    body = parse(PasswordResetConfirmIn, {"token": token, "newPassword": form.new_password})
    if isinstance(body, dict):
        return _reset_refused(request, token, "token" if "token" in body else "newPassword")
    refusal = await _limited(
        request, "password-reset-confirm", lambda: credentials.confirm_reset(auth, body)
    )
    if refusal is None:
        return RedirectResponse("/signin?notice=password-reset", status_code=303)
    if isinstance(refusal, RateLimitedError):
        return _too_many(request, "reset_password.html", token=token)
    fields = [e.get("field") for e in refusal.extra.get("errors", [])]
    return _reset_refused(request, token, "token" if "body.token" in fields else "newPassword")


def _reset_refused(request: Request, token: str, field: str) -> Response:
    if field == "token":
        message = translate(request, "This link is not valid any more. Ask for a new one below.")
    else:
        message = translate(
            request, "Choose a longer or less common password (at least 8 characters)."
        )
    return render(request, "reset_password.html", 422, error=message, token=token, field=field)


# Verify an email address ---------------------------------------------------------


@router.get("/verify-email")
async def verify_email_page(request: Request, token: Token = "") -> Response:
    # A button, not the GET itself: mail scanners open links, and the token
    # is single use.
    return render(request, "verify_email.html", token=token, verified=False)


@router.post("/verify-email")
async def verify_email(
    request: Request, auth: AuthRequestDep, token: Annotated[str, Form(max_length=256)] = ""
) -> Response:
    refusal = await _limited(request, "verify-email", lambda: credentials.verify_email(auth, token))
    if refusal is None:
        return render(request, "verify_email.html", token="", verified=True)
    if isinstance(refusal, RateLimitedError):
        return _too_many(request, "verify_email.html", token=token)
    message = translate(request, "This link is not valid any more. Sign in and ask for a new one.")
    return render(request, "verify_email.html", 422, error=message, token=token, verified=False)


# Register from an invitation --------------------------------------------------------


@router.get("/invitations")
async def invitation_link(token: Token = "") -> Response:
    """The link in an invitation email."""
    return RedirectResponse(f"/register?invitation={token}", status_code=303)


@router.get("/register")
async def register_page(request: Request, invitation: Token = "") -> Response:
    return render(request, "register.html", invitation=invitation, name="", email="", errors={})


@router.post("/register")
async def register(request: Request, auth: AuthRequestDep, form: Register) -> Response:
    values = form.model_dump(exclude={"password"})
    typed = {"role": "trainee", "invitationToken": form.invitation or None}
    body = parse(RegisterIn, {**form.model_dump(exclude={"invitation"}), **typed})
    if isinstance(body, dict):
        return render(
            request, "register.html", 422, errors=_register_errors(request, body), **values
        )
    try:
        await enforce(request, None, request.app.state.rate_policies["register"], "register")
        issued = await auth_service.register(auth, body)
    except RateLimitedError:
        return _too_many(request, "register.html", errors={}, **values)
    except ProblemError as refusal:
        if refusal.status not in _REGISTER_REFUSALS:
            raise
        field, message = _REGISTER_REFUSALS[refusal.status]
        errors = {field: translate(request, message)}
        return render(request, "register.html", refusal.status, errors=errors, **values)
    return signed_in(request, issued.refresh_token, "/")


# What the API's refusals of a registration mean on the form: the field and its words.
_REGISTER_REFUSALS = {
    409: ("email", N_("An account with this email already exists. Sign in instead.")),
    422: ("password", N_("Choose a longer or less common password (at least 8 characters).")),
}


def _register_errors(request: Request, invalid: dict[str, str]) -> dict[str, str]:
    messages = {
        "name": translate(request, "Enter your name."),
        "email": translate(request, "Enter a valid email address."),
        "password": translate(
            request, "Choose a longer or less common password (at least 8 characters)."
        ),
        "invitationToken": translate(
            request, "This invitation link is not valid. Ask your trainer for a new one."
        ),
    }
    return {field: messages.get(field, messages["email"]) for field in invalid}
