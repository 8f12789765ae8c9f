"""/auth: sign-in for people (email and password, Google) and for API clients."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from spotter.auth import credentials, repository, service
from spotter.auth.google import GoogleVerifier
from spotter.auth.request import AuthRequestDep
from spotter.auth.schemas import (
    AcceptedOut,
    GoogleIn,
    LoginIn,
    PasswordChangeIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
    RegisterIn,
    SessionOut,
    TokenIn,
    TokensOut,
)
from spotter.auth.service import IssuedTokens
from spotter.context import UserContext
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_out, time_id_cursor
from spotter.rate_limits.deps import email_bucket, enforce, group_limit
from spotter.users.schemas import UserOut

router = APIRouter(prefix="/auth", tags=["auth"])
UNAUTHORIZED = problems(401)


def _sign_in_route(group: str, *codes: int, **descriptions: str) -> dict[str, Any]:
    """A route anyone may call: limited per IP by its rate-limit group."""
    return {
        "dependencies": [Depends(group_limit(group))],
        "responses": problems(*codes, **descriptions),
    }


def _tokens_out(issued: IssuedTokens) -> TokensOut:
    return TokensOut(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        user=UserOut.model_validate(issued.user),
    )


@router.post(
    "/register",
    status_code=201,
    summary="Create an account and sign in",
    **_sign_in_route("register", 409, 422, _409="The email is taken"),
)
async def register(body: RegisterIn, req: AuthRequestDep) -> TokensOut:
    return _tokens_out(await service.register(req, body))


@router.post("/login", summary="Sign in with email and password", **_sign_in_route("login", 401))
async def login(
    body: LoginIn, request: Request, response: Response, req: AuthRequestDep
) -> TokensOut:
    # Per email as well as per IP: guessing one account's password from many
    # addresses is limited too.
    policy = request.app.state.rate_policies["login"]
    await enforce(request, response, policy, email_bucket("login", body.email), by_ip=False)
    return _tokens_out(await service.login(req, body))


@router.post(
    "/google",
    summary="Sign in with a Google ID token",
    **_sign_in_route("login", 401, 404, _404="Google sign-in is not enabled"),
)
async def google(body: GoogleIn, request: Request, req: AuthRequestDep) -> TokensOut:
    verifier: GoogleVerifier = request.app.state.google
    identity = await verifier.verify(body.id_token)
    return _tokens_out(await service.google_sign_in(req, identity))


@router.post(
    "/refresh",
    summary="Exchange a refresh token for new tokens (the old one stops working)",
    **_sign_in_route("refresh", 401),
)
async def refresh(body: RefreshIn, req: AuthRequestDep) -> TokensOut:
    return _tokens_out(await service.refresh(req, body.refresh_token))


@router.post("/logout", status_code=204, responses=UNAUTHORIZED, summary="End this sign-in")
async def logout(ctx: UserContext) -> None:
    await service.logout(ctx)


@router.get("/sessions", responses=UNAUTHORIZED, summary="My signed-in devices; newest first")
async def list_sessions(ctx: UserContext, page: PageArgs) -> Page[SessionOut]:
    rows = await repository.live_sessions(
        ctx.session, ctx.principal, page.limit, time_id_cursor(page.cursor)
    )
    return page_out(
        rows,
        page.limit,
        lambda row: [row.signed_in_at.isoformat(), str(row.id)],
        SessionOut.model_validate,
    )


@router.delete(
    "/sessions/{session_id}",
    status_code=204,
    responses=problems(401, 404),
    summary="Sign out one device",
)
async def delete_session(session_id: uuid.UUID, ctx: UserContext) -> None:
    await service.end_session(ctx, session_id)


# -- email verification and passwords -----------------------------------------


def _limited(policy_name: str, bucket: str) -> Any:
    """A per-IP limit with `policy_name`'s numbers, counted in its own bucket."""

    async def dependency(request: Request, response: Response) -> None:
        await enforce(request, response, request.app.state.rate_policies[policy_name], bucket)

    return Depends(dependency)


async def _per_account(request: Request, response: Response, bucket: str, user: uuid.UUID) -> None:
    policy = request.app.state.rate_policies["password"]
    await enforce(request, response, policy, bucket, user_id=user, by_ip=False)


@router.post(
    "/verify-email/request",
    status_code=202,
    responses=problems(401, 409, 429, _409="Already verified"),
    summary="Email me a link that verifies my address",
)
async def request_verification(
    request: Request, response: Response, ctx: UserContext
) -> AcceptedOut:
    await _per_account(request, response, "verify-email", ctx.user_id)
    await credentials.request_verification(ctx)
    return AcceptedOut(detail="A link to verify your email address is on its way.")


@router.post(
    "/verify-email",
    dependencies=[_limited("login", "verify-email")],
    responses=problems(422, 429, _422="The token is not valid"),
    summary="Verify an email address with the token of its link",
)
async def verify_email(body: TokenIn, req: AuthRequestDep) -> UserOut:
    return UserOut.model_validate(await credentials.verify_email(req, body.token))


@router.post(
    "/password",
    status_code=204,
    responses=problems(401, 422, 429, _422="Wrong current password or weak new one"),
    summary="Change my password; my other sign-ins end",
)
async def change_password(
    body: PasswordChangeIn, request: Request, response: Response, ctx: UserContext
) -> None:
    await _per_account(request, response, "password-change", ctx.user_id)
    await credentials.change_password(ctx, body)


@router.post(
    "/password-reset",
    status_code=202,
    dependencies=[_limited("login", "password-reset")],
    responses=problems(422, 429),
    summary="Email a password-reset link (the same answer for any address)",
)
async def request_password_reset(
    body: PasswordResetIn, request: Request, response: Response, req: AuthRequestDep
) -> AcceptedOut:
    # Per address too: nobody fills someone's mailbox with reset links.
    policy = request.app.state.rate_policies["password"]
    await enforce(
        request, response, policy, email_bucket("password-reset", body.email), by_ip=False
    )
    await credentials.request_reset(req, body.email)
    return AcceptedOut(
        detail="If an account has this email address, a link to reset its password is on its way."
    )


@router.post(
    "/password-reset/confirm",
    status_code=204,
    dependencies=[_limited("login", "password-reset-confirm")],
    responses=problems(422, 429, _422="The token is not valid, or the password is weak"),
    summary="Set a new password with the token of a reset link; every sign-in ends",
)
async def confirm_password_reset(body: PasswordResetConfirmIn, req: AuthRequestDep) -> None:
    await credentials.confirm_reset(req, body)
