"""/auth: sign-in for people (email and password, Google) and for API clients."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from spotter.auth import repository, service
from spotter.auth.deps import CurrentUser
from spotter.auth.google import GoogleVerifier
from spotter.auth.schemas import GoogleIn, LoginIn, RefreshIn, RegisterIn, SessionOut, TokensOut
from spotter.auth.service import AuthConfig, IssuedTokens
from spotter.db.deps import SessionDep
from spotter.kit.errors import NotFoundError
from spotter.kit.openapi import problems
from spotter.kit.request_context import ClientDep
from spotter.rate_limits.deps import email_bucket, enforce, group_limit
from spotter.users.schemas import UserOut

router = APIRouter(prefix="/auth", tags=["auth"])
UNAUTHORIZED = problems(401)


def auth_config(request: Request) -> AuthConfig:
    config: AuthConfig = request.app.state.auth_config
    return config


ConfigDep = Annotated[AuthConfig, Depends(auth_config)]


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
    dependencies=[Depends(group_limit("register"))],
    responses=problems(409, 422, _409="The email is taken"),
    summary="Create an account and sign in",
)
async def register(
    body: RegisterIn, session: SessionDep, config: ConfigDep, client: ClientDep
) -> TokensOut:
    issued = await service.register(
        session,
        config,
        client,
        email=body.email,
        password=body.password,
        name=body.name,
        role=body.role,
    )
    return _tokens_out(issued)


@router.post(
    "/login",
    dependencies=[Depends(group_limit("login"))],
    responses=UNAUTHORIZED,
    summary="Sign in with email and password",
)
async def login(
    body: LoginIn,
    request: Request,
    response: Response,
    session: SessionDep,
    config: ConfigDep,
    client: ClientDep,
) -> TokensOut:
    # Per email as well as per IP: guessing one account's password from many
    # addresses is limited too.
    policy = request.app.state.rate_policies["login"]
    await enforce(request, response, policy, email_bucket("login", body.email), by_ip=False)
    return _tokens_out(
        await service.login(session, config, client, email=body.email, password=body.password)
    )


@router.post(
    "/google",
    dependencies=[Depends(group_limit("login"))],
    responses=problems(401, 404, _404="Google sign-in is not enabled"),
    summary="Sign in with a Google ID token",
)
async def google(
    body: GoogleIn, request: Request, session: SessionDep, config: ConfigDep, client: ClientDep
) -> TokensOut:
    verifier: GoogleVerifier = request.app.state.google
    identity = await verifier.verify(body.id_token)
    return _tokens_out(await service.google_sign_in(session, config, client, identity))


@router.post(
    "/refresh",
    dependencies=[Depends(group_limit("refresh"))],
    responses=UNAUTHORIZED,
    summary="Exchange a refresh token for new tokens (the old one stops working)",
)
async def refresh(
    body: RefreshIn, session: SessionDep, config: ConfigDep, client: ClientDep
) -> TokensOut:
    return _tokens_out(await service.refresh(session, config, client, body.refresh_token))


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=UNAUTHORIZED,
    summary="End this sign-in",
)
async def logout(principal: CurrentUser, session: SessionDep, client: ClientDep) -> None:
    await service.logout(session, client, principal.id, principal.session_id)


@router.get("/sessions", responses=UNAUTHORIZED, summary="My signed-in devices")
async def list_sessions(principal: CurrentUser, session: SessionDep) -> list[SessionOut]:
    rows = await repository.live_sessions(session, principal.id)
    return [
        SessionOut(
            id=row.id,
            signed_in_at=row.signed_in_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            ip_address=row.ip_address,
            user_agent=row.user_agent,
            current=row.id == principal.session_id,
        )
        for row in rows
    ]


@router.delete(
    "/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 404),
    summary="Sign out one device",
)
async def delete_session(
    session_id: uuid.UUID, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> None:
    if not await service.end_session(session, client, principal.id, session_id):
        raise NotFoundError("session")
