"""The personas every access test speaks of: trainer A, trainer B, trainees A1
and A2 (linked to A), trainee B1 (linked to B), and an outsider."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class Persona:
    key: str
    id: uuid.UUID
    email: str
    role: str


@dataclass(frozen=True)
class Personas:
    trainer_a: Persona
    trainer_b: Persona
    trainee_a1: Persona
    trainee_a2: Persona
    trainee_b1: Persona
    outsider: Persona

    def all(self) -> list[Persona]:
        return [
            self.trainer_a,
            self.trainer_b,
            self.trainee_a1,
            self.trainee_a2,
            self.trainee_b1,
            self.outsider,
        ]


def create_personas(conn: Connection, suffix: str | None = None) -> Personas:
    """Insert the personas as the schema owner; emails are unique per call."""
    tag = suffix or uuid.uuid4().hex[:8]
    spec = {
        "trainer_a": "trainer",
        "trainer_b": "trainer",
        "trainee_a1": "trainee",
        "trainee_a2": "trainee",
        "trainee_b1": "trainee",
        "outsider": "trainee",
    }
    made: dict[str, Persona] = {}
    for key, role in spec.items():
        email = f"{key.replace('_', '.')}.{tag}@personas.test"
        user_id = conn.execute(
            text(
                "INSERT INTO users (email, name, role, height) VALUES (:e, :n, :r, 175)"
                " RETURNING id"
            ),
            {"e": email, "n": key.replace("_", " ").title(), "r": role},
        ).scalar_one()
        conn.execute(text("INSERT INTO settings (user_id) VALUES (:u)"), {"u": user_id})
        made[key] = Persona(key, user_id, email, role)
    for trainer, trainee in (
        ("trainer_a", "trainee_a1"),
        ("trainer_a", "trainee_a2"),
        ("trainer_b", "trainee_b1"),
    ):
        conn.execute(
            text(
                "INSERT INTO trainer_trainees (trainer_id, trainee_id, invited_email, status,"
                " accepted_at) VALUES (:tr, :te, :email, 'active', now())"
            ),
            {"tr": made[trainer].id, "te": made[trainee].id, "email": made[trainee].email},
        )
    return Personas(**made)
