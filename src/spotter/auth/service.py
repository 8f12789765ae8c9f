"""Sign-in, token refresh with rotation and reuse detection, sign-out."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth import repository
from spotter.auth.google import GoogleIdentity
from spotter.auth.passwords import hash_password_async, password_problem, verify_password_async
from spotter.auth.schemas import LoginIn, RegisterIn
from spotter.auth.tokens import TokenService, new_refresh_token, token_hash
from spotter.context import Context
from spotter.db.models import User
from spotter.db.session import Identity, set_identity
from spotter.emails.outbox import send_later
from spotter.kit.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    UnauthorizedError,
    UnprocessableError,
)
from spotter.kit.request_context import ClientInfo
from spotter.kit.types import normalize_email
from spotter.notifications.service import notify
from spotter.roster import service as roster_service
from spotter.users import repository as users_repository

SecurityEvent = Literal[
    "REGISTER",
    "LOGIN",
    "LOGIN_FAILED",
    "GOOGLE_LINKED",
    "GOOGLE_TAKEOVER",
    "TOKEN_REUSE",
    "LOGOUT",
    "SESSION_REVOKED",
    "EMAIL_VERIFIED",
    "PASSWORD_CHANGED",
    "PASSWORD_CHANGE_FAILED",
    "PASSWORD_RESET_REQUESTED",
    "PASSWORD_RESET",
]


class SignInFailedError(UnauthorizedError):
    # The failed attempt is audited, so the transaction must commit.
    commit_transaction = True


@dataclass(frozen=True)
class AuthConfig:
    tokens: TokenService
    refresh_ttl: dt.timedelta
    reuse_grace: dt.timedelta
    allow_trainer_signup: bool


@dataclass(frozen=True)
class AuthRequest:
    """A request that may start a sign-in, before anyone is signed in: its
    transaction, the sign-in settings and where it came from."""

    session: AsyncSession
    config: AuthConfig
    client: ClientInfo


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    user: User


async def audit_event(
    session: AsyncSession,
    client: ClientInfo | None,
    action: SecurityEvent,
    *,
    user_id: uuid.UUID | None = None,
    user_email: str | None = None,
    family_id: uuid.UUID | None = None,
    values: dict[str, str] | None = None,
) -> None:
    """A security event: about the user, or about one sign-in (`family_id`).
    Not a row change (those go through the request context): nobody may be
    signed in yet, and what matters is who tried what from where."""
    await audit.record(
        session,
        action=action,
        resource_type="users" if family_id is None else "user_sessions",
        resource_id=user_id if family_id is None else family_id,
        user_id=user_id,
        user_email=user_email,
        subject_user_id=user_id,
        client=client,
        new_values=values,
    )


async def act_as(session: AsyncSession, user_id: uuid.UUID, role: str) -> User:
    """From here on the transaction acts as this user (RLS)."""
    await set_identity(session, Identity(user_id, role))
    user = await repository.get_user(session, user_id)
    assert user is not None
    return user


async def _issue(
    req: AuthRequest, user: User, family_id: uuid.UUID, expires_at: dt.datetime
) -> IssuedTokens:
    refresh = new_refresh_token()
    access = req.config.tokens.issue_access(user.id, user.role, family_id)
    await repository.insert_session_row(
        req.session,
        user_id=user.id,
        family_id=family_id,
        refresh_hash=token_hash(refresh),
        access_hash=token_hash(access),
        expires_at=expires_at,
        ip_address=req.client.ip_address,
        user_agent=req.client.user_agent,
    )
    return IssuedTokens(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(req.config.tokens.access_ttl.total_seconds()),
        user=user,
    )


async def _signed_in(
    req: AuthRequest, user: User, action: SecurityEvent, values: dict[str, str]
) -> IssuedTokens:
    """Record the sign-in and start a new sign-in session (a token family)."""
    await repository.touch_last_login(req.session, user.id)
    await req.session.flush()
    await req.session.refresh(user)
    await audit_event(
        req.session, req.client, action, user_id=user.id, user_email=user.email, values=values
    )
    expires_at = dt.datetime.now(dt.UTC) + req.config.refresh_ttl
    return await _issue(req, user, uuid.uuid4(), expires_at)


async def register(req: AuthRequest, body: RegisterIn) -> IssuedTokens:
    if body.role == "trainer" and not req.config.allow_trainer_signup:
        raise ForbiddenError("This server does not let trainers sign themselves up.")
    problem = password_problem(body.password)
    if problem:
        raise UnprocessableError("body.password", f"The password {problem}.")
    user_id = uuid.uuid4()
    # The new user is the identity that inserts their own row (RLS).
    await set_identity(req.session, Identity(user_id, body.role))
    password_hash = await hash_password_async(body.password)
    try:
        async with req.session.begin_nested():
            user = await repository.insert_user(
                req.session,
                id=user_id,
                email=body.email,
                name=body.name.strip(),
                role=body.role,
                password_hash=password_hash,
            )
    except IntegrityError as exc:
        raise ConflictError("An account with this email already exists.") from exc
    values = {"email": body.email, "name": body.name, "role": body.role}
    await _verify_by_invitation(req, user, body.invitation_token)
    # A trigger gave the new account the invitations waiting for its email.
    await roster_service.announce_waiting_invitations(req.session, user.id)
    return await _signed_in(req, user, "REGISTER", values)


async def login(req: AuthRequest, body: LoginIn) -> IssuedTokens:
    email = normalize_email(body.email)
    found = await repository.user_by_email(req.session, email)
    # One Argon2 verification either way, so timing does not reveal accounts.
    valid = await verify_password_async(found.password_hash if found else None, body.password)
    if found is None or not valid or not found.is_active:
        await audit_event(req.session, req.client, "LOGIN_FAILED", user_email=email)
        raise SignInFailedError("The email or password is wrong.")
    user = await act_as(req.session, found.id, found.role)
    await _verify_by_invitation(req, user, body.invitation_token)
    return await _signed_in(req, user, "LOGIN", {"method": "password"})


async def _verify_by_invitation(req: AuthRequest, user: User, token: str | None) -> None:
    """An invitation link proves its reader received email at the address it
    was sent to: signing up or in through it verifies that address. A token
    sent elsewhere (or spent, or expired) verifies nothing and stays unspent."""
    if token is None or user.email_verified_at is not None:
        return
    if await repository.use_token(req.session, token_hash(token), "invitation", user.email):
        await mark_verified(req.session, req.client, user, "invitation")


async def mark_verified(
    session: AsyncSession, client: ClientInfo | None, user: User, method: str
) -> None:
    """The account's address is proven to be the account holder's."""
    user.email_verified_at = func.now()
    await session.flush()
    await session.refresh(user)
    await audit_event(
        session,
        client,
        "EMAIL_VERIFIED",
        user_id=user.id,
        user_email=user.email,
        values={"method": method},
    )


async def google_sign_in(req: AuthRequest, identity: GoogleIdentity) -> IssuedTokens:
    """Google has verified `identity.email` (GoogleVerifier insists)."""
    found = await repository.user_by_google(req.session, identity.subject, identity.email)
    if found is None:
        user_id = uuid.uuid4()
        await set_identity(req.session, Identity(user_id, "trainee"))
        user = await repository.insert_user(
            req.session,
            id=user_id,
            email=identity.email,
            name=(identity.name or identity.email.split("@")[0])[:255],
            role="trainee",
            google_id=identity.subject,
            avatar=identity.picture,
            email_verified_at=func.now(),
        )
        await roster_service.announce_waiting_invitations(req.session, user.id)
        return await _signed_in(req, user, "REGISTER", {"method": "google"})
    if not found.is_active:
        raise SignInFailedError("This account is deactivated.")
    if found.google_id is not None and found.google_id != identity.subject:
        raise SignInFailedError("This email is linked to another Google account.")
    user = await act_as(req.session, found.id, found.role)
    action: SecurityEvent = "LOGIN"
    if user.google_id is None:
        # Linking by email. Only a verified account is linked as it is; an
        # unverified one may have been registered by someone else ahead of
        # the address's owner (account pre-hijacking), so Google's verified
        # identity takes the address over and that someone loses every way in.
        action = "GOOGLE_LINKED" if user.email_verified_at is not None else "GOOGLE_TAKEOVER"
        if action == "GOOGLE_TAKEOVER":
            await _take_over(req, user)
    # Linking is part of the sign-in, audited as GOOGLE_LINKED (or TAKEOVER).
    user.google_id = identity.subject
    if user.email_verified_at is None and user.email == identity.email:
        user.email_verified_at = func.now()
    return await _signed_in(req, user, action, {"method": "google"})


async def _take_over(req: AuthRequest, user: User) -> None:
    """Whoever set up this unverified account keeps no way in: not its
    password, sessions, webhooks or calendar feed."""
    user.password_hash = None
    await repository.revoke_sessions(req.session, user.id)
    await repository.drop_standing_access(req.session, user.id)
    await req.session.flush()
    await req.session.refresh(user)


async def refresh(req: AuthRequest, refresh_token: str) -> IssuedTokens:
    row = await repository.session_by_refresh_hash(req.session, token_hash(refresh_token))
    if row is None or row.revoked_at is not None or not row.is_active:
        raise UnauthorizedError("The refresh token is not valid.")
    if row.expires_at <= dt.datetime.now(dt.UTC):
        raise UnauthorizedError("The sign-in has expired; sign in again.")
    user = await act_as(req.session, row.user_id, row.role)
    if row.rotated_at is not None:
        if row.rotated_at > dt.datetime.now(dt.UTC) - req.config.reuse_grace:
            # Two refreshes racing with one token: the loser simply fails.
            raise UnauthorizedError("This refresh token was just used.")
        await _revoke_reused_family(req, user, row.family_id)
    if not await repository.mark_rotated(req.session, row.id):
        raise UnauthorizedError("This refresh token was just used.")
    # The family keeps its first expiry: 7 days after sign-in, whatever happens.
    return await _issue(req, user, row.family_id, row.expires_at)


async def _revoke_reused_family(req: AuthRequest, user: User, family_id: uuid.UUID) -> None:
    """A rotated token came back: someone holds a copy. End the whole sign-in."""
    await repository.revoke_family(req.session, user.id, family_id)
    await notify(
        req.session, user.id, "security_alert", resource_type="user_sessions", resource_id=family_id
    )
    await send_later(
        req.session,
        to=user.email,
        kind="security_alert",
        language=await users_repository.preferred_language(req.session, user.id),
    )
    await audit_event(req.session, req.client, "TOKEN_REUSE", user_id=user.id, family_id=family_id)
    raise SignInFailedError("This refresh token was already used; the sign-in was ended.")


async def logout(ctx: Context) -> None:
    await _end(ctx, ctx.principal.session_id, "LOGOUT")


async def end_session(ctx: Context, family_id: uuid.UUID) -> None:
    """Sign out one sign-in of mine; 404 for anyone else's."""
    if not await _end(ctx, family_id, "SESSION_REVOKED"):
        raise NotFoundError("session")


async def _end(ctx: Context, family_id: uuid.UUID, action: SecurityEvent) -> bool:
    ended = await repository.revoke_family(ctx.session, ctx.user_id, family_id) > 0
    if ended:
        await audit_event(ctx.session, ctx.client, action, user_id=ctx.user_id, family_id=family_id)
    return ended
