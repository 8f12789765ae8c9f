"""Sign-in, token refresh with rotation and reuse detection, sign-out."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth import repository
from spotter.auth.google import GoogleIdentity
from spotter.auth.passwords import (
    hash_password_async,
    password_problem,
    verify_password_async,
)
from spotter.auth.tokens import TokenService, new_refresh_token, token_hash
from spotter.db.models import User
from spotter.db.session import Identity, set_identity
from spotter.jobs.enqueue import enqueue
from spotter.kit.errors import ConflictError, ForbiddenError, UnauthorizedError, UnprocessableError
from spotter.kit.request_context import ClientInfo
from spotter.notifications.service import notify


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
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    user: User


async def _start_session(
    session: AsyncSession, config: AuthConfig, user: User, client: ClientInfo
) -> IssuedTokens:
    family_id = uuid.uuid4()
    return await _issue(
        session,
        config,
        user,
        family_id,
        dt.datetime.now(dt.UTC) + config.refresh_ttl,
        client,
    )


async def _issue(
    session: AsyncSession,
    config: AuthConfig,
    user: User,
    family_id: uuid.UUID,
    expires_at: dt.datetime,
    client: ClientInfo,
) -> IssuedTokens:
    refresh = new_refresh_token()
    access = config.tokens.issue_access(user.id, user.role, family_id)
    await repository.insert_session_row(
        session,
        user_id=user.id,
        family_id=family_id,
        refresh_hash=token_hash(refresh),
        access_hash=token_hash(access),
        expires_at=expires_at,
        ip_address=client.ip_address,
        user_agent=client.user_agent,
    )
    return IssuedTokens(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(config.tokens.access_ttl.total_seconds()),
        user=user,
    )


async def register(
    session: AsyncSession,
    config: AuthConfig,
    client: ClientInfo,
    *,
    email: str,
    password: str,
    name: str,
    role: str,
) -> IssuedTokens:
    if role == "trainer" and not config.allow_trainer_signup:
        raise ForbiddenError("This server does not let trainers sign themselves up.")
    problem = password_problem(password)
    if problem:
        raise UnprocessableError("body.password", f"The password {problem}.")
    user_id = uuid.uuid4()
    # The new user is the identity that inserts their own row (RLS).
    await set_identity(session, Identity(user_id, role))
    password_hash = await hash_password_async(password)
    try:
        async with session.begin_nested():
            user = await repository.insert_user(
                session,
                id=user_id,
                email=email,
                name=name.strip(),
                role=role,
                password_hash=password_hash,
            )
    except IntegrityError as exc:
        raise ConflictError("An account with this email already exists.") from exc
    await repository.touch_last_login(session, user_id)
    await audit.record(
        session,
        action="REGISTER",
        resource_type="users",
        resource_id=user_id,
        user_id=user_id,
        user_email=email,
        subject_user_id=user_id,
        client=client,
        new_values={"email": email, "name": name, "role": role},
    )
    await session.refresh(user)
    return await _start_session(session, config, user, client)


async def login(
    session: AsyncSession, config: AuthConfig, client: ClientInfo, *, email: str, password: str
) -> IssuedTokens:
    email = email.strip().lower()
    found = await repository.user_by_email(session, email)
    # One Argon2 verification either way, so timing does not reveal accounts.
    valid = await verify_password_async(found.password_hash if found else None, password)
    if found is None or not valid or not found.is_active:
        await audit.record(
            session,
            action="LOGIN_FAILED",
            resource_type="users",
            user_email=email,
            client=client,
        )
        raise SignInFailedError("The email or password is wrong.")
    await set_identity(session, Identity(found.id, found.role))
    await repository.touch_last_login(session, found.id)
    user = await repository.get_user(session, found.id)
    assert user is not None
    await audit.record(
        session,
        action="LOGIN",
        resource_type="users",
        resource_id=user.id,
        user_id=user.id,
        user_email=user.email,
        subject_user_id=user.id,
        client=client,
        new_values={"method": "password"},
    )
    return await _start_session(session, config, user, client)


async def google_sign_in(
    session: AsyncSession, config: AuthConfig, client: ClientInfo, identity: GoogleIdentity
) -> IssuedTokens:
    found = await repository.user_by_google(session, identity.subject, identity.email)
    if found is not None:
        if not found.is_active:
            raise SignInFailedError("This account is deactivated.")
        if found.google_id is not None and found.google_id != identity.subject:
            raise SignInFailedError("This email is linked to another Google account.")
        await set_identity(session, Identity(found.id, found.role))
        user = await repository.get_user(session, found.id)
        assert user is not None
        action = "LOGIN" if user.google_id else "GOOGLE_LINKED"
        user.google_id = identity.subject
    else:
        user_id = uuid.uuid4()
        await set_identity(session, Identity(user_id, "trainee"))
        user = await repository.insert_user(
            session,
            id=user_id,
            email=identity.email,
            name=(identity.name or identity.email.split("@")[0])[:255],
            role="trainee",
            google_id=identity.subject,
            avatar=identity.picture,
        )
        action = "REGISTER"
    await repository.touch_last_login(session, user.id)
    await session.flush()
    await session.refresh(user)
    await audit.record(
        session,
        action=action,
        resource_type="users",
        resource_id=user.id,
        user_id=user.id,
        user_email=user.email,
        subject_user_id=user.id,
        client=client,
        new_values={"method": "google"},
    )
    return await _start_session(session, config, user, client)


async def refresh(
    session: AsyncSession, config: AuthConfig, client: ClientInfo, refresh_token: str
) -> IssuedTokens:
    row = await repository.session_by_refresh_hash(session, token_hash(refresh_token))
    if row is None or row.revoked_at is not None or not row.is_active:
        raise UnauthorizedError("The refresh token is not valid.")
    if row.expires_at <= dt.datetime.now(dt.UTC):
        raise UnauthorizedError("The sign-in has expired; sign in again.")
    await set_identity(session, Identity(row.user_id, row.role))
    if row.rotated_at is not None:
        if row.rotated_at > dt.datetime.now(dt.UTC) - config.reuse_grace:
            # Two refreshes racing with one token: the loser simply fails.
            raise UnauthorizedError("This refresh token was just used.")
        await _revoke_reused_family(session, client, row.user_id, row.family_id)
    if not await repository.mark_rotated(session, row.id):
        raise UnauthorizedError("This refresh token was just used.")
    user = await repository.get_user(session, row.user_id)
    assert user is not None
    # The family keeps its first expiry: 7 days after sign-in, whatever happens.
    return await _issue(session, config, user, row.family_id, row.expires_at, client)


async def _revoke_reused_family(
    session: AsyncSession, client: ClientInfo, user_id: uuid.UUID, family_id: uuid.UUID
) -> None:
    """A rotated token came back: someone holds a copy. End the whole sign-in."""
    await repository.revoke_family(session, user_id, family_id)
    await notify(
        session, user_id, "security_alert", resource_type="user_sessions", resource_id=family_id
    )
    user = await repository.get_user(session, user_id)
    if user is not None:
        language = await session.scalar(select(func.preferred_language(user_id))) or "th"
        await enqueue(
            session,
            "emails.send",
            "emails",
            to=user.email,
            kind="security_alert",
            language=language,
            params={},
        )
    await audit.record(
        session,
        action="TOKEN_REUSE",
        resource_type="user_sessions",
        resource_id=family_id,
        user_id=user_id,
        subject_user_id=user_id,
        client=client,
    )
    raise SignInFailedError("This refresh token was already used; the sign-in was ended.")


async def logout(
    session: AsyncSession, client: ClientInfo, user_id: uuid.UUID, family_id: uuid.UUID
) -> None:
    await repository.revoke_family(session, user_id, family_id)
    await audit.record(
        session,
        action="LOGOUT",
        resource_type="user_sessions",
        resource_id=family_id,
        user_id=user_id,
        subject_user_id=user_id,
        client=client,
    )


async def end_session(
    session: AsyncSession, client: ClientInfo, user_id: uuid.UUID, family_id: uuid.UUID
) -> bool:
    ended = await repository.revoke_family(session, user_id, family_id) > 0
    if ended:
        await audit.record(
            session,
            action="SESSION_REVOKED",
            resource_type="user_sessions",
            resource_id=family_id,
            user_id=user_id,
            subject_user_id=user_id,
            client=client,
        )
    return ended
