"""Each CHECK constraint rejects a bad value."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from tests.db.helpers import add_schedule, add_user, add_workout

DAY = dt.date(2026, 11, 10)

# (table, assignment that must be refused)
BAD_UPDATES = [
    ("users", "gender = 'robot'"),
    ("users", "role = 'admin'"),
    ("users", "email = 'Mixed@Case.test'"),
    ("users", "height = -1"),
    ("settings", "theme = 'neon'"),
    ("settings", "language = 'fr'"),
    ("settings", "weight_unit = 'stone'"),
    ("settings", "distance_unit = 'leagues'"),
    ("schedules", "status = 'maybe'"),
    ("schedules", "end_time = start_time"),
    ("workouts", "rating = 6"),
    ("workouts", "rating = 0"),
    ("workouts", "duration = -5"),
    ("workouts", "exercises = '{}'::jsonb"),
    ("exercises", "type = 'dance'"),
    ("exercises", "difficulty = 'extreme'"),
    ("session_cards", "rating = 9"),
    ("body_weight_entries", "weight = 0"),
    ("body_weight_entries", "body_fat_percentage = 101"),
    ("notifications", "type = 'spam'"),
    ("trainee_programs", "status = 'lost'"),
    ("trainee_programs", "current_week = 0"),
    ("trainee_programs", "end_date = start_date - 1"),
    ("program_templates", "duration_weeks = 53"),
    ("program_templates", "duration_weeks = 0"),
    ("exercise_templates", "difficulty = 'extreme'"),
    ("trainer_trainees", "status = 'maybe'"),
]


@pytest.fixture
def one_of_everything(db: Connection) -> Connection:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    add_schedule(db, trainer, trainee, DAY)
    add_workout(db, trainer, trainee, DAY)
    params = {"tr": trainer, "te": trainee, "d": DAY}
    for statement in (
        "INSERT INTO exercises (name, type, category) VALUES ('Check press', 'cardio', 'c')",
        "INSERT INTO session_cards (trainee_id, trainer_id, date, summary)"
        " VALUES (:te, :tr, :d, 's')",
        "INSERT INTO body_weight_entries (trainee_id, weight, date) VALUES (:te, 70, :d)",
        "INSERT INTO exercise_templates (created_by, name, exercises) VALUES (:tr, 't', '[]')",
        "INSERT INTO program_templates (created_by, name, duration_weeks, weekly_plan)"
        " VALUES (:tr, 'p', 4, '[]')",
        "INSERT INTO trainee_programs (trainee_id, trainer_id, start_date) VALUES (:te, :tr, :d)",
        "INSERT INTO trainer_trainees (trainer_id, trainee_id, invited_email, status)"
        " VALUES (:tr, :te, 'x@example.test', 'active')",
    ):
        db.execute(text(statement), params)
    return db


@pytest.mark.parametrize(("table", "assignment"), BAD_UPDATES)
def test_check_rejects_bad_value(
    one_of_everything: Connection, table: str, assignment: str
) -> None:
    db = one_of_everything
    with pytest.raises(IntegrityError, match="violates check constraint"):
        db.execute(text(f"UPDATE {table} SET {assignment}"))
