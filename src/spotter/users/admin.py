"""Operator actions on accounts, run as the schema owner (the CLI)."""

from __future__ import annotations

import re
import uuid

import psycopg
from sqlalchemy.engine import URL

from spotter.db.urls import libpq_dsn
from spotter.kit.passwords import MAX_LENGTH, MIN_LENGTH, hash_password

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLES = ("trainer", "trainee")


class AccountError(ValueError):
    pass


def normalize_email(email: str) -> str:
    return email.strip().lower()


def create_account(url: URL, email: str, name: str, role: str, password: str | None) -> uuid.UUID:
    email = normalize_email(email)
    if not EMAIL_PATTERN.match(email) or len(email) > 255:
        raise AccountError(f"not a valid email address: {email!r}")
    if not name.strip():
        raise AccountError("the name must not be empty")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if password is not None and not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise AccountError(f"the password must have {MIN_LENGTH} to {MAX_LENGTH} characters")
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
