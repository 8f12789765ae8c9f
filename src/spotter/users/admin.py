"""Operator actions on accounts, run as the schema owner (the CLI)."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy.engine import URL

from spotter.auth.passwords import password_problem
from spotter.db.urls import libpq_dsn
from spotter.kit.passwords import hash_password
from spotter.kit.types import EMAIL_PATTERN, normalize_email

ROLES = ("trainer", "trainee")


class AccountError(ValueError):
    pass


def _checked_password(password: str) -> str:
    if problem := password_problem(password):
        raise AccountError(f"the password {problem}")
    return hash_password(password)


def create_account(url: URL, email: str, name: str, role: str, password: str) -> uuid.UUID:
    """An account that can sign in at once. Its address counts as verified:
    an operator made it for that person."""
    email = normalize_email(email)
    if not EMAIL_PATTERN.match(email) or len(email) > 255:
        raise AccountError(f"not a valid email address: {email!r}")
    if not name.strip():
        raise AccountError("the name must not be empty")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    password_hash = _checked_password(password)
    with psycopg.connect(libpq_dsn(url)) as conn:
        try:
            row = conn.execute(
                "INSERT INTO users (email, name, role, password_hash, email_verified_at)"
                " VALUES (%s, %s, %s, %s, now()) RETURNING id",
                (email, name.strip(), role, password_hash),
            ).fetchone()
        except psycopg.errors.UniqueViolation as exc:
            raise AccountError(f"an account with the email {email} already exists") from exc
        assert row is not None
        conn.execute("INSERT INTO settings (user_id) VALUES (%s)", (row[0],))
        user_id: uuid.UUID = row[0]
        return user_id


def set_password(url: URL, email: str, password: str) -> None:
    """A new password chosen by an operator: every sign-in of the account
    ends, links to reset the old one stop working, and the user is told by
    email (sent by the worker)."""
    email = normalize_email(email)
    password_hash = _checked_password(password)
    with psycopg.connect(libpq_dsn(url)) as conn:
        row = conn.execute(
            "UPDATE users SET password_hash = %s WHERE email = %s RETURNING id",
            (password_hash, email),
        ).fetchone()
        if row is None:
            raise AccountError(f"no account has the email {email}")
        conn.execute(
            "UPDATE user_sessions SET revoked_at = now() WHERE user_id = %s AND revoked_at IS NULL",
            (row[0],),
        )
        conn.execute(
            "UPDATE account_tokens SET used_at = now()"
            " WHERE user_id = %s AND purpose = 'password_reset' AND used_at IS NULL",
            (row[0],),
        )
        conn.execute(
            # No acting user: an operator did it. The account holder reads it
            # in their own history (subject_user_id).
            "INSERT INTO audit_logs (subject_user_id, action, resource_type, resource_id,"
            " new_values) VALUES (%s, 'PASSWORD_RESET', 'users', %s, %s)",
            (row[0], row[0], Jsonb({"method": "operator"})),
        )
        conn.execute(
            "SELECT defer_job('emails.send', 'emails', %s)",
            (
                Jsonb(
                    {
                        "to": email,
                        "kind": "password_changed",
                        "language": _language(conn, row[0]),
                        "params": {},
                    }
                ),
            ),
        )


def _language(conn: psycopg.Connection[Any], user_id: uuid.UUID) -> str:
    row = conn.execute("SELECT preferred_language(%s)", (user_id,)).fetchone()
    return str(row[0]) if row and row[0] else "th"


def set_active(url: URL, email: str, active: bool) -> None:
    """Deactivating signs the user out everywhere at once (a trigger revokes
    their sessions); reactivating lets them sign in again."""
    with psycopg.connect(libpq_dsn(url)) as conn:
        row = conn.execute(
            "UPDATE users SET is_active = %s WHERE email = %s RETURNING id",
            (active, normalize_email(email)),
        ).fetchone()
    if row is None:
        raise AccountError(f"no account has the email {normalize_email(email)}")
