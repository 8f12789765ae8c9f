"""Proving an email address, and changing or resetting a password.

Emailed links carry single-use tokens that the worker mints (emails/links.py);
here they are spent, once, through auth_use_token(). Every change is a
security event in the audit log, and a new password is announced by email.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from spotter.auth import repository
from spotter.auth.passwords import hash_password_async, password_problem, verify_password_async
from spotter.auth.schemas import PasswordChangeIn, PasswordResetConfirmIn
from spotter.auth.service import AuthRequest, SecurityEvent, act_as, audit_event, mark_verified
from spotter.auth.tokens import token_hash
from spotter.context import Context
from spotter.db.models import User
from spotter.emails.links import TokenLink
from spotter.emails.outbox import send_later
from spotter.kit.errors import ConflictError, UnprocessableError
from spotter.kit.request_context import ClientInfo
from spotter.users import repository as users_repository

INVALID_LINK = "This link is not valid: it was already used, has expired, or was never sent."


class WrongPasswordError(UnprocessableError):
    # The failed attempt is audited, so the transaction must commit.
    commit_transaction = True


async def _email(session: AsyncSession, user: User, kind: str, link: TokenLink | None) -> None:
    language = await users_repository.preferred_language(session, user.id)
    await send_later(session, to=user.email, kind=kind, language=language, link=link)


# -- email verification --------------------------------------------------------


async def request_verification(ctx: Context) -> None:
    user = await users_repository.get_self(ctx.session, ctx.principal)
    if user.email_verified_at is not None:
        raise ConflictError("This email address is already verified.")
    await _email(ctx.session, user, "verify_email", TokenLink("verify_email", user_id=user.id))


async def verify_email(req: AuthRequest, token: str) -> User:
    """Anyone holding the link may use it (it may open on another device)."""
    row = await repository.use_token(req.session, token_hash(token), "verify_email")
    # The address must still be the account's: the token proves that one only.
    if row is None or not row.is_active or row.account_email != row.email:
        raise UnprocessableError("body.token", INVALID_LINK)
    user = await act_as(req.session, row.user_id, row.role)
    if user.email_verified_at is None:
        await mark_verified(req.session, req.client, user, "email_link")
    return user


# -- passwords -------------------------------------------------------------------


def _check_new(password: str) -> None:
    if problem := password_problem(password):
        raise UnprocessableError("body.newPassword", f"The password {problem}.")


async def _set_password(
    session: AsyncSession,
    client: ClientInfo | None,
    user: User,
    password: str,
    event: SecurityEvent,
) -> None:
    user.password_hash = await hash_password_async(password)
    await session.flush()
    # Reset links already sent would undo this change: they stop working.
    await repository.end_open_tokens(session, user.id, "password_reset")
    await audit_event(session, client, event, user_id=user.id, user_email=user.email)
    await _email(session, user, "password_changed", None)


async def change_password(ctx: Context, body: PasswordChangeIn) -> None:
    """Ends every other sign-in of the user; this one goes on."""
    user = await users_repository.get_self(ctx.session, ctx.principal)
    if user.password_hash is None:
        raise UnprocessableError(
            "body.currentPassword",
            "This account has no password yet; set one with a password reset.",
        )
    if not await verify_password_async(user.password_hash, body.current_password):
        await audit_event(
            ctx.session,
            ctx.client,
            "PASSWORD_CHANGE_FAILED",
            user_id=user.id,
            user_email=user.email,
        )
        raise WrongPasswordError("body.currentPassword", "The current password is wrong.")
    _check_new(body.new_password)
    await repository.revoke_sessions(ctx.session, user.id, keep_family=ctx.principal.session_id)
    await _set_password(ctx.session, ctx.client, user, body.new_password, "PASSWORD_CHANGED")


async def request_reset(req: AuthRequest, email: str) -> None:
    """Answers the same whether or not the address has an account: only the
    email, which reaches the address's owner alone, tells."""
    found = await repository.user_by_email(req.session, email)
    if found is None or not found.is_active:
        await audit_event(req.session, req.client, "PASSWORD_RESET_REQUESTED", user_email=email)
        return
    user = await act_as(req.session, found.id, found.role)
    await audit_event(
        req.session, req.client, "PASSWORD_RESET_REQUESTED", user_id=user.id, user_email=user.email
    )
    await _email(req.session, user, "password_reset", TokenLink("password_reset", user_id=user.id))


async def confirm_reset(req: AuthRequest, body: PasswordResetConfirmIn) -> None:
    """Sets the password and ends every sign-in: whoever knew the old one is out."""
    _check_new(body.new_password)
    row = await repository.use_token(req.session, token_hash(body.token), "password_reset")
    if row is None or not row.is_active or row.account_email != row.email:
        raise UnprocessableError("body.token", INVALID_LINK)
    user = await act_as(req.session, row.user_id, row.role)
    await repository.revoke_sessions(req.session, user.id)
    if user.email_verified_at is None:
        # The link proved the address; whoever set up the account before its
        # owner (account pre-hijacking) keeps no standing access either.
        await repository.drop_standing_access(req.session, user.id)
        await mark_verified(req.session, req.client, user, "password_reset")
    await _set_password(req.session, req.client, user, body.new_password, "PASSWORD_RESET")
