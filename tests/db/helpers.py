"""Small inserts for database tests, run as the schema owner."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection


def add_user(
    db: Connection, role: str = "trainee", height: float | None = 175, language: str = "th"
) -> uuid.UUID:
    user_id: uuid.UUID = db.execute(
        text("INSERT INTO users (email, name, role, height) VALUES (:e, :n, :r, :h) RETURNING id"),
        {"e": f"{uuid.uuid4().hex}@example.test", "n": "Test User", "r": role, "h": height},
    ).scalar_one()
    db.execute(
        text("INSERT INTO settings (user_id, language) VALUES (:u, :l)"),
        {"u": user_id, "l": language},
    )
    return user_id


def add_schedule(
    db: Connection,
    trainer: uuid.UUID,
    trainee: uuid.UUID,
    day: dt.date,
    start: str = "09:00",
    end: str = "10:00",
    status: str = "pending",
    title: str = "Leg day",
) -> uuid.UUID:
    schedule_id: uuid.UUID = db.execute(
        text(
            "INSERT INTO schedules (trainee_id, trainer_id, title, date, start_time, end_time,"
            " status) VALUES (:te, :tr, :title, :d, CAST(:s AS time), CAST(:e AS time), :st)"
            " RETURNING id"
        ),
        {
            "te": trainee,
            "tr": trainer,
            "title": title,
            "d": day,
            "s": start,
            "e": end,
            "st": status,
        },
    ).scalar_one()
    return schedule_id


def add_workout(
    db: Connection,
    trainer: uuid.UUID,
    trainee: uuid.UUID,
    day: dt.date,
    exercises: list[dict[str, Any]] | None = None,
    rating: int | None = 4,
) -> uuid.UUID:
    workout_id: uuid.UUID = db.execute(
        text(
            "INSERT INTO workouts (trainee_id, trainer_id, date, duration, exercises, rating)"
            " VALUES (:te, :tr, :d, 60, CAST(:ex AS jsonb), :r) RETURNING id"
        ),
        {"te": trainee, "tr": trainer, "d": day, "ex": json.dumps(exercises or []), "r": rating},
    ).scalar_one()
    return workout_id


def squat(weight: float, reps: int, sets: int = 1) -> dict[str, Any]:
    return {
        "name": "Squat",
        "type": "weight_training",
        "sets": [
            {"setNumber": n, "weight": weight, "reps": reps, "rest": 90} for n in range(1, sets + 1)
        ],
    }
