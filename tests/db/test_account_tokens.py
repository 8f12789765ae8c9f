"""Emailed-link tokens (revision 0002): hashes only, spent once, each user's
own under the app role, and none made by it."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from tests.conftest import act_as
from tests.personas import Personas, create_personas


@pytest.fixture
def personas(db: Connection) -> Personas:
    return create_personas(db)


def _mint(db: Connection, user_id: object, email: str, purpose: str = "password_reset") -> str:
    """What the worker does (as the schema owner): a token, stored hashed."""
    token = hashlib.sha256(f"{user_id}{purpose}".encode()).hexdigest()
    db.execute(
        text(
            "INSERT INTO account_tokens (token_hash, purpose, user_id, email, expires_at)"
            " VALUES (:h, :p, :u, :e, now() + interval '1 hour')"
        ),
        {"h": hashlib.sha256(token.encode()).hexdigest(), "p": purpose, "u": user_id, "e": email},
    )
    return token


def _use(db: Connection, token: str, purpose: str = "password_reset") -> object:
    return db.execute(
        text("SELECT user_id FROM auth_use_token(:h, :p)"),
        {"h": hashlib.sha256(token.encode()).hexdigest(), "p": purpose},
    ).scalar()


def test_a_user_sees_only_their_own_tokens(db: Connection, personas: Personas) -> None:
    _mint(db, personas.trainee_a1.id, personas.trainee_a1.email)
    _mint(db, personas.trainee_b1.id, personas.trainee_b1.email)
    act_as(db, personas.trainee_a1.id, "trainee")
    owners = db.execute(text("SELECT user_id FROM account_tokens")).scalars().all()
    assert owners == [personas.trainee_a1.id]


def test_the_app_role_cannot_make_tokens(db: Connection, personas: Personas) -> None:
    act_as(db, personas.trainee_a1.id, "trainee")
    with pytest.raises(DBAPIError, match="permission denied"):
        db.execute(
            text(
                "INSERT INTO account_tokens (token_hash, purpose, user_id, email, expires_at)"
                " VALUES ('x', 'password_reset', :u, :e, now() + interval '1 hour')"
            ),
            {"u": personas.trainee_a1.id, "e": personas.trainee_a1.email},
        )


def test_a_token_is_spent_once_even_without_an_identity(db: Connection, personas: Personas) -> None:
    token = _mint(db, personas.trainee_b1.id, personas.trainee_b1.email)
    act_as(db, None)
    assert _use(db, token, "verify_email") is None  # another purpose
    assert _use(db, token) == personas.trainee_b1.id
    assert _use(db, token) is None


def test_an_invitation_token_needs_its_invitation(db: Connection, personas: Personas) -> None:
    with pytest.raises(DBAPIError, match="account_tokens_subject"):
        db.execute(
            text(
                "INSERT INTO account_tokens (token_hash, purpose, email, expires_at)"
                " VALUES ('y', 'invitation', 'someone@example.test', now())"
            )
        )
