"""Every query sign-in needs."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ColumnElement, Row, delete, func, insert, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from spotter.db.models import AccountToken, User, UserSession, UserSettings, Webhook
from spotter.kit.principal import Principal


async def user_by_email(session: AsyncSession, email: str) -> Row[Any] | None:
    return (
        await session.execute(text("SELECT * FROM auth_user_by_email(:e)"), {"e": email})
    ).first()


async def user_by_google(session: AsyncSession, google_id: str, email: str) -> Row[Any] | None:
    return (
        await session.execute(
            text("SELECT * FROM auth_user_by_google(:g, :e)"), {"g": google_id, "e": email}
        )
    ).first()


async def session_by_refresh_hash(session: AsyncSession, digest: str) -> Row[Any] | None:
    return (
        await session.execute(text("SELECT * FROM auth_session_by_refresh(:h)"), {"h": digest})
    ).first()


async def insert_user(session: AsyncSession, **values: Any) -> User:
    user = User(**values)
    session.add(user)
    # Models have no relationships, so the unit of work does not order these
    # inserts by foreign key: flush the user first.
    await session.flush()
    session.add(UserSettings(user_id=values["id"]))
    await session.flush()
    return user


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def insert_session_row(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    family_id: uuid.UUID,
    refresh_hash: str,
    access_hash: str,
    expires_at: dt.datetime,
    ip_address: str | None,
    user_agent: str | None,
) -> None:
    await session.execute(
        insert(UserSession).values(
            user_id=user_id,
            family_id=family_id,
            refresh_token=refresh_hash,
            access_token=access_hash,
            expires_at=expires_at,
            ip_address=ip_address,
            user_agent=user_agent,
        )
    )


async def mark_rotated(session: AsyncSession, row_id: uuid.UUID) -> bool:
    """True for exactly one of any number of concurrent callers: the row lock
    makes the others wait, then see rotated_at set and match nothing."""
    result = await session.execute(
        update(UserSession)
        .where(
            UserSession.id == row_id,
            UserSession.rotated_at.is_(None),
            UserSession.revoked_at.is_(None),
        )
        .values(rotated_at=func.now())
        .returning(UserSession.id)
    )
    return result.first() is not None


async def revoke_family(session: AsyncSession, user_id: uuid.UUID, family_id: uuid.UUID) -> int:
    family = (UserSession.user_id == user_id, UserSession.family_id == family_id)
    return await _stamp_now(session, UserSession.revoked_at, *family)


async def live_sessions(
    session: AsyncSession,
    principal: Principal,
    limit: int,
    before: tuple[dt.datetime, uuid.UUID] | None,
) -> list[Row[Any]]:
    """One row per sign-in, newest first, keyset by (signed_in_at, id): its
    newest token, when the family began, and whether it is the caller's own
    (policy user_sessions_own: only mine; idx_sessions_user finds them)."""
    keyset = "" if before is None else " AND (signed_in_at, family_id) < (:t, :fid)"
    rows = await session.execute(
        text(
            "SELECT family_id AS id, signed_in_at, created_at AS last_used_at, expires_at,"
            " host(ip_address) AS ip_address, user_agent, family_id = :sid AS current FROM ("
            "  SELECT s.*, min(s.created_at) OVER (PARTITION BY s.family_id) AS signed_in_at"
            "  FROM user_sessions s WHERE s.user_id = :u AND s.revoked_at IS NULL"
            " ) f WHERE rotated_at IS NULL AND expires_at > now()" + keyset + ""
            " ORDER BY signed_in_at DESC, family_id DESC LIMIT :n"
        ),
        {
            "u": principal.id,
            "sid": principal.session_id,
            "n": limit + 1,
            "t": before[0] if before else None,
            "fid": before[1] if before else None,
        },
    )
    return list(rows)


async def revoke_sessions(
    session: AsyncSession, user_id: uuid.UUID, *, keep_family: uuid.UUID | None = None
) -> int:
    """End every sign-in of the user, but `keep_family` when given."""
    stmt = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep_family is not None:
        stmt = stmt.where(UserSession.family_id != keep_family)
    result = await session.execute(stmt.values(revoked_at=func.now()))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def use_token(
    session: AsyncSession, digest: str, purpose: str, for_email: str | None = None
) -> Row[Any] | None:
    """Spend a valid emailed token (once, ever); None when it is unknown,
    used, expired, or (with `for_email`) was sent to another address."""
    return (
        await session.execute(
            text("SELECT * FROM auth_use_token(:h, :p, :e)"),
            {"h": digest, "p": purpose, "e": for_email},
        )
    ).first()


async def end_open_tokens(session: AsyncSession, user_id: uuid.UUID, purpose: str) -> None:
    """Links already sent stop working (policy account_tokens_own)."""
    mine = (AccountToken.user_id == user_id, AccountToken.purpose == purpose)
    await _stamp_now(session, AccountToken.used_at, *mine)


async def _stamp_now(
    session: AsyncSession, stamp: InstrumentedAttribute[Any], *where: ColumnElement[bool]
) -> int:
    """Set `stamp` to now() on the rows `where` picks that have none yet
    (revoked, used): how many."""
    stmt = update(stamp.class_).where(*where, stamp.is_(None)).values({stamp.key: func.now()})
    result = await session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def drop_standing_access(session: AsyncSession, user_id: uuid.UUID) -> None:
    """What keeps reaching an account's data without signing in: its
    webhooks and its calendar feed (policies webhooks_own, users_update_self)."""
    await session.execute(delete(Webhook).where(Webhook.user_id == user_id))
    await session.execute(update(User).where(User.id == user_id).values(ical_token_hash=None))


async def touch_last_login(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(update(User).where(User.id == user_id).values(last_login=func.now()))
