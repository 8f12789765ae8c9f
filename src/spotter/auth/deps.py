"""Who is calling: the bearer token, checked against a live session.

Authorization is visible in route signatures: `CurrentUser`,
`CurrentTrainer`, `CurrentTrainee`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text

from spotter.auth.tokens import TokenService
from spotter.db.deps import SessionDep
from spotter.db.session import Identity, set_identity
from spotter.kit.errors import ForbiddenError, UnauthorizedError
from spotter.kit.principal import Principal

__all__ = ["CurrentTrainee", "CurrentTrainer", "CurrentUser", "Principal"]

bearer = HTTPBearer(auto_error=False, description="An access token from /auth/login.")

SESSION_IS_LIVE = text(
    "SELECT EXISTS (SELECT 1 FROM user_sessions s JOIN users u ON u.id = s.user_id"
    " WHERE s.family_id = :sid AND s.user_id = :uid AND s.revoked_at IS NULL"
    " AND s.rotated_at IS NULL AND s.expires_at > now() AND u.is_active IS NOT FALSE)"
)


async def current_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise UnauthorizedError()
    tokens: TokenService = request.app.state.tokens
    claims = tokens.decode_access(credentials.credentials)
    # From here on the transaction carries the caller's identity, for RLS.
    await set_identity(session, Identity(claims.user_id, claims.role))
    # A signed-out session or a deactivated user stops working at once, not
    # when the access token expires.
    live = await session.scalar(SESSION_IS_LIVE, {"sid": claims.session_id, "uid": claims.user_id})
    if not live:
        raise UnauthorizedError("This session has ended; sign in again.")
    principal = Principal(claims.user_id, claims.role, claims.session_id)
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(current_principal)]


async def current_trainer(principal: CurrentUser) -> Principal:
    if not principal.is_trainer:
        raise ForbiddenError("Only trainers can do this.")
    return principal


async def current_trainee(principal: CurrentUser) -> Principal:
    if principal.is_trainer:
        raise ForbiddenError("Only trainees can do this.")
    return principal


CurrentTrainer = Annotated[Principal, Depends(current_trainer)]
CurrentTrainee = Annotated[Principal, Depends(current_trainee)]
