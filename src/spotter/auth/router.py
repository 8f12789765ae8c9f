"""/auth: sign-in for people (email and password, Google) and for API clients."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status

from spotter.auth import repository, service
from spotter.auth.google import GoogleVerifier
from spotter.auth.schemas import GoogleIn, LoginIn, RefreshIn, RegisterIn, SessionOut, TokensOut
from spotter.auth.service import AuthRequest, IssuedTokens
from spotter.context import UserContext
from spotter.db.deps import SessionDep
from spotter.kit.openapi import problems
from spotter.kit.request_context import ClientDep
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


def auth_request(request: Request, session: SessionDep, client: ClientDep) -> AuthRequest:
    return AuthRequest(session, request.app.state.auth_config, client)


AuthRequestDep = Annotated[AuthRequest, Depends(auth_request)]


def _tokens_out(issued: IssuedTokens) -> TokensOut:
    return TokensOut(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        user=UserOut.model_validate(issued.user),
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
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


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=UNAUTHORIZED,
    summary="End this sign-in",
)
async def logout(ctx: UserContext) -> None:
    await service.logout(ctx)


@router.get("/sessions", responses=UNAUTHORIZED, summary="My signed-in devices")
async def list_sessions(ctx: UserContext) -> list[SessionOut]:
    rows = await repository.live_sessions(ctx.session, ctx.principal)
    return [SessionOut.model_validate(row) for row in rows]


@router.delete(
    "/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 404),
    summary="Sign out one device",
)
async def delete_session(session_id: uuid.UUID, ctx: UserContext) -> None:
    await service.end_session(ctx, session_id)
