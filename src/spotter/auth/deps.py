"""Who is calling: the bearer token, checked against a live session.

Authorization is visible in route signatures: `CurrentUser`,
`CurrentTrainer`, `CurrentTrainee`.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.auth.tokens import AccessClaims, TokenService
from spotter.db.deps import SessionDep
from spotter.kit.errors import ForbiddenError, UnauthorizedError
from spotter.kit.principal import Principal

__all__ = ["CurrentTrainee", "CurrentTrainer", "CurrentUser", "Principal", "authenticate"]

bearer = HTTPBearer(auto_error=False, description="An access token from /auth/login.")

# One round trip (revision 0004): the account's role if the session is live,
# and the transaction's identity set to that user and role.
AUTHENTICATE = text("SELECT authenticate_request(:sid, :uid)")
# Set by an outer layer that already authenticated this token in the
# request's own transaction (the idempotency middleware): (token, principal).
AUTHENTICATED_STATE = "authenticated"
SESSION_ENDED = "This session has ended; sign in again."


async def authenticate(
    session: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID
) -> Principal | None:
    """The caller as the database knows them now, or None when the session
    has ended (sign-out, password change, reuse detection, expiry) or the
    account is deactivated or gone. The role is the account's, whatever the
    token claims: a demoted trainer is a trainee from the next request on."""
    role = await session.scalar(AUTHENTICATE, {"sid": session_id, "uid": user_id})
    if role is None:
        return None
    return Principal(user_id, str(role), session_id)


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def bearer_claims(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> tuple[str, AccessClaims]:
    """The access token and its checked claims; 401 without one."""
    if credentials is None:
        raise UnauthorizedError()
    tokens: TokenService = request.app.state.tokens
    return credentials.credentials, tokens.decode_access(credentials.credentials)


async def current_principal(
    request: Request, session: SessionDep, credentials: Credentials
) -> Principal:
    token, claims = bearer_claims(request, credentials)
    already = getattr(request.state, AUTHENTICATED_STATE, None)
    if already is not None and already[0] == token:
        principal: Principal | None = already[1]
    else:
        # From here on the transaction carries the caller's identity, for RLS.
        principal = await authenticate(session, claims.user_id, claims.session_id)
    if principal is None:
        raise UnauthorizedError(SESSION_ENDED)
    request.state.principal = principal
    # A stream ends when its token does (notifications/stream.py).
    request.state.access_expires_at = claims.expires_at
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
