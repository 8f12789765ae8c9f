"""Settings: language, theme, units, notification and privacy switches;
change password, export my data, delete my account."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from starlette.responses import RedirectResponse, Response

from spotter.auth import credentials
from spotter.auth.schemas import PasswordChangeIn
from spotter.context import Context
from spotter.kit.errors import ProblemError, RateLimitedError
from spotter.rate_limits.deps import enforce
from spotter.users import repository as users_repository
from spotter.users import service as users_service
from spotter.users.settings_schemas import SettingsUpdate
from spotter.web.deps import LANGUAGE_COOKIE, WebContext, clear_session_cookie
from spotter.web.pages.account_forms import ChangePassword, Settings
from spotter.web.pages.forms import parse
from spotter.web.render import render, translate

router = APIRouter()


async def _page(
    request: Request, ctx: WebContext, status_code: int = 200, **extra: Any
) -> Response:
    settings = await users_repository.get_settings(ctx.session, ctx.principal)
    notify = settings.notification_settings or {}
    privacy = settings.privacy_settings or {}
    return render(
        request,
        "settings.html",
        status_code=status_code,
        settings=settings,
        units=f"{settings.weight_unit or 'kg'}-{settings.distance_unit or 'km'}",
        notify=notify,
        privacy=privacy,
        **extra,
    )


@router.get("/settings")
async def settings_page(request: Request, ctx: WebContext) -> Response:
    saved = request.query_params.get("saved")
    notices = {
        "settings": translate(request, "Settings saved."),
        "password": translate(request, "Password changed. Other devices were signed out."),
    }
    return await _page(request, ctx, notice=notices.get(saved or ""))


@router.post("/settings")
async def save_settings(request: Request, ctx: WebContext, form: Settings) -> Response:
    body = parse(SettingsUpdate, form.as_update())
    if isinstance(body, dict):
        message = translate(request, "Choose one of the options offered.")
        return await _page(request, ctx, 422, error=message)
    await users_service.update_settings(ctx, body)
    response = RedirectResponse("/settings?saved=settings", status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE, form.language, max_age=365 * 24 * 3600, httponly=True, samesite="lax"
    )
    return response


async def _change(request: Request, ctx: Context, body: PasswordChangeIn) -> bool | None:
    """Change the password: None when done, else whether the current
    password was the wrong one (rather than the new one too weak)."""
    policy = request.app.state.rate_policies["password"]
    try:
        await enforce(request, None, policy, "password-change", user_id=ctx.user_id, by_ip=False)
        # No savepoint: a wrong password is audited and must be kept.
        await credentials.change_password(ctx, body)
    except ProblemError as refusal:
        if refusal.status != 422:  # a 429 goes to the caller
            raise
        fields = [e.get("field") for e in refusal.extra.get("errors", [])]
        return "body.currentPassword" in fields
    return None


@router.post("/settings/password")
async def change_password(request: Request, ctx: WebContext, form: ChangePassword) -> Response:
    """Other sign-ins end; this browser stays signed in."""
    typed = {"currentPassword": form.current_password, "newPassword": form.new_password}
    body = parse(PasswordChangeIn, typed)
    try:
        wrong = (
            ("currentPassword" in body)
            if isinstance(body, dict)
            else await _change(request, ctx, body)
        )
    except RateLimitedError:
        message = translate(request, "Too many attempts. Wait a minute and try again.")
        return await _page(request, ctx, 429, password_error=message)
    if wrong is None:
        return RedirectResponse("/settings?saved=password", status_code=303)
    if wrong:
        message = translate(request, "The current password is wrong.")
    else:
        message = translate(
            request, "Choose a longer or less common password (at least 8 characters)."
        )
    return await _page(request, ctx, 422, password_error=message)


@router.get("/settings/export")
async def export_my_data(ctx: WebContext) -> JSONResponse:
    return JSONResponse(
        jsonable_encoder(await users_service.export(ctx)),
        headers={
            "Content-Disposition": 'attachment; filename="spotter-export.json"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/settings/delete-account")
async def delete_account(
    request: Request,
    ctx: WebContext,
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    if not confirm:
        message = translate(request, "Tick the box to confirm that everything will be deleted.")
        return await _page(request, ctx, 422, delete_error=message)
    await users_service.delete_me(ctx)
    response = RedirectResponse("/signin?notice=deleted", status_code=303)
    clear_session_cookie(request, response)
    return response
