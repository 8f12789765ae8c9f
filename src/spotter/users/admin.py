"""Operator actions on accounts, run as the schema owner (the CLI)."""

from __future__ import annotations

import uuid

import psycopg
from sqlalchemy.engine import URL

from spotter.auth.passwords import password_problem
from spotter.db.urls import libpq_dsn
from spotter.kit.passwords import hash_password
from spotter.kit.types import EMAIL_PATTERN, normalize_email

ROLES = ("trainer", "trainee")


class AccountError(ValueError):
    pass


def create_account(url: URL, email: str, name: str, role: str, password: str | None) -> uuid.UUID:
    email = normalize_email(email)
    if not EMAIL_PATTERN.match(email) or len(email) > 255:
        raise AccountError(f"not a valid email address: {email!r}")
    if not name.strip():
        raise AccountError("the name must not be empty")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if password is not None and (problem := password_problem(password)):
        raise AccountError(f"the password {problem}")
    password_hash = hash_password(password) if password is not None else None
    with psycopg.connect(libpq_dsn(url)) as conn:
        try:
            row = conn.execute(
                "INSERT INTO users (email, name, role, password_hash) VALUES (%s, %s, %s, %s)"
                " RETURNING id",
                (email, name.strip(), role, password_hash),
            ).fetchone()
        except psycopg.errors.UniqueViolation as exc:
            raise AccountError(f"an account with the email {email} already exists") from exc
        assert row is not None
        conn.execute("INSERT INTO settings (user_id) VALUES (%s)", (row[0],))
        user_id: uuid.UUID = row[0]
        return user_id


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
