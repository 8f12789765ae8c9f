"""`spotter seed demo`: a small, realistic data set in Thai and English.

Dates are relative to the day it is loaded, so a fresh install always shows
last month's history and next week's bookings. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy.engine import URL

from spotter import clock
from spotter.db.urls import libpq_dsn
from spotter.kit.passwords import hash_password

DEMO_PASSWORD = "spotter-demo-2026"  # noqa: S105  (printed for the demo on purpose)
MARKER_EMAIL = "ploy@demo.spotter.example"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: str
    language: str
    gender: str
    height: float | None = None
    start_weight: float | None = None
    trainer: str | None = None


TRAINERS = [
    DemoUser(MARKER_EMAIL, "พลอย ศิริวรรณ (Coach Ploy)", "trainer", "th", "female"),
    DemoUser("mark@demo.spotter.example", "Mark Davies", "trainer", "en", "male"),
]
TRAINEES = [
    DemoUser(
        "somchai@demo.spotter.example",
        "สมชาย ใจดี",
        "trainee",
        "th",
        "male",
        172,
        84.0,
        MARKER_EMAIL,
    ),
    DemoUser(
        "nattaya@demo.spotter.example",
        "ณัฐธยา วงศ์สวัสดิ์",
        "trainee",
        "th",
        "female",
        160,
        58.5,
        MARKER_EMAIL,
    ),
    DemoUser(
        "emily@demo.spotter.example",
        "Emily Carter",
        "trainee",
        "en",
        "female",
        168,
        64.0,
        MARKER_EMAIL,
    ),
    DemoUser(
        "arthit@demo.spotter.example", "อาทิตย์ บุญมี", "trainee", "th", "male", 178, 91.2, MARKER_EMAIL
    ),
    DemoUser(
        "kanda@demo.spotter.example",
        "กานดา ศรีสุข",
        "trainee",
        "th",
        "female",
        155,
        52.3,
        MARKER_EMAIL,
    ),
    DemoUser(
        "james@demo.spotter.example",
        "James Miller",
        "trainee",
        "en",
        "male",
        183,
        88.0,
        "mark@demo.spotter.example",
    ),
    DemoUser(
        "sophie@demo.spotter.example",
        "Sophie Turner",
        "trainee",
        "en",
        "female",
        165,
        61.7,
        "mark@demo.spotter.example",
    ),
    DemoUser(
        "piya@demo.spotter.example",
        "ปิยะ รัตนพันธ์",
        "trainee",
        "th",
        "other",
        170,
        70.4,
        "mark@demo.spotter.example",
    ),
]

STRENGTH_DAY = [
    ("barbell-back-squat", 100.0, 5),
    ("barbell-bench-press", 70.0, 8),
    ("barbell-row", 60.0, 10),
]
CARDIO = [("treadmill-run", 5.0, 30.0, 320)]
MOBILITY = [("hip-flexor-stretch", 10.0, 45)]


def print_demo_accounts() -> None:
    print(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for user in TRAINERS + TRAINEES:
        print(f"  {user.role:<8} {user.email:<34} {user.name}")


def seed_demo_if_empty(url: URL) -> bool:
    with psycopg.connect(libpq_dsn(url)) as conn:
        row = conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()
    if row is not None and row[0]:
        return False
    return seed_demo_data(url)


def seed_demo_data(url: URL, today: dt.date | None = None) -> bool:
    """Load the demo set; returns False when it is already there."""
    today = today or clock.today()
    rng = random.Random(2026)
    with psycopg.connect(libpq_dsn(url)) as conn, conn.transaction():
        exists = conn.execute("SELECT 1 FROM users WHERE email = %s", (MARKER_EMAIL,)).fetchone()
        if exists:
            return False
        ids = _insert_users(conn)
        exercise_ids: dict[str, uuid.UUID] = dict(
            conn.execute("SELECT slug, id FROM exercises WHERE slug IS NOT NULL").fetchall()
        )
        for trainee in TRAINEES:
            assert trainee.trainer is not None
            _link(conn, ids[trainee.trainer], ids[trainee.email], trainee.email, today)
        for index, trainee in enumerate(TRAINEES):
            assert trainee.trainer is not None
            _sessions_and_workouts(
                conn, rng, today, ids[trainee.trainer], ids[trainee.email], index, exercise_ids
            )
            _body_weight(conn, rng, today, ids[trainee.email], trainee)
        _templates_and_program(conn, today, ids[MARKER_EMAIL], ids[TRAINEES[0].email], exercise_ids)
    return True


def _insert_users(conn: psycopg.Connection[Any]) -> dict[str, uuid.UUID]:
    password_hash = hash_password(DEMO_PASSWORD)
    ids: dict[str, uuid.UUID] = {}
    for user in TRAINERS + TRAINEES:
        row = conn.execute(
            # Demo people own their (made-up) addresses: verified.
            "INSERT INTO users (email, name, role, gender, height, password_hash,"
            " email_verified_at) VALUES (%s, %s, %s, %s, %s, %s, now()) RETURNING id",
            (user.email, user.name, user.role, user.gender, user.height, password_hash),
        ).fetchone()
        assert row is not None
        ids[user.email] = row[0]
        conn.execute(
            "INSERT INTO settings (user_id, language) VALUES (%s, %s)", (row[0], user.language)
        )
    return ids


def _link(
    conn: psycopg.Connection[Any],
    trainer: uuid.UUID,
    trainee: uuid.UUID,
    email: str,
    today: dt.date,
) -> None:
    accepted = dt.datetime.combine(today - dt.timedelta(days=45), dt.time(9), dt.UTC)
    conn.execute(
        "INSERT INTO trainer_trainees (trainer_id, trainee_id, invited_email, status, accepted_at,"
        " created_at) VALUES (%s, %s, %s, 'active', %s, %s)",
        (trainer, trainee, email, accepted, accepted - dt.timedelta(days=1)),
    )


def _named(slug: str, ids: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """An exercise by its catalogue slug: its name, its library id when the
    catalogue has it, and `fields`."""
    entry: dict[str, Any] = {"name": slug.replace("-", " ").title(), **fields}
    if slug in ids:
        entry["exerciseId"] = str(ids[slug])
    return entry


def _exercise(
    slug: str, exercise_type: str, sets: list[dict[str, Any]], ids: dict[str, Any]
) -> dict[str, Any]:
    return _named(slug, ids, type=exercise_type, isBodyweight=False, sets=sets)


def _workout_exercises(rng: random.Random, week: int, ids: dict[str, Any]) -> list[dict[str, Any]]:
    exercises = []
    for slug, base, reps in STRENGTH_DAY:
        weight = base + 2.5 * week + rng.choice([0, 0, 2.5])
        sets = [
            {"setNumber": n, "weight": weight, "reps": reps, "rest": 90, "rpe": 7 + n % 3}
            for n in range(1, 4)
        ]
        exercises.append(_exercise(slug, "weight_training", sets, ids))
    for slug, km, minutes, kcal in CARDIO:
        distance = round(km + rng.uniform(-0.5, 0.8), 2)
        sets = [
            {
                "setNumber": 1,
                "distance": distance,
                "duration": minutes,
                "pace": round(minutes / distance, 2),
                "calories": kcal,
            }
        ]
        exercises.append(_exercise(slug, "cardio", sets, ids))
    for slug, minutes, hold in MOBILITY:
        exercises.append(
            _exercise(
                slug, "flexibility", [{"setNumber": 1, "duration": minutes, "holdTime": hold}], ids
            )
        )
    return exercises


def _sessions_and_workouts(
    conn: psycopg.Connection[Any],
    rng: random.Random,
    today: dt.date,
    trainer: uuid.UUID,
    trainee: uuid.UUID,
    index: int,
    exercise_ids: dict[str, Any],
) -> None:
    # Each trainee has their own hour, so no trainer is double-booked.
    start = dt.time(7 + index)
    end = dt.time(8 + index)
    for offset in range(-24, 10, 3):
        day = today + dt.timedelta(days=offset + index % 3)
        if day < today:
            status = "cancelled" if offset % 9 == 0 else "completed"
        else:
            status = "confirmed" if offset % 2 == 0 else "pending"
        row = conn.execute(
            "INSERT INTO schedules (trainee_id, trainer_id, title, date, start_time, end_time,"
            " location, status, notes, reminder_sent) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " %s) RETURNING id",
            (
                trainee,
                trainer,
                "Strength & conditioning",
                day,
                start,
                end,
                "Spotter Gym, Sukhumvit",
                status,
                None,
                day < today,
            ),
        ).fetchone()
        assert row is not None
        if status != "completed":
            continue
        week = (offset + 24) // 7
        workout = conn.execute(
            "INSERT INTO workouts (trainee_id, trainer_id, schedule_id, date, duration, exercises,"
            " notes, rating, mood) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id, date",
            (
                trainee,
                trainer,
                row[0],
                day,
                60,
                Jsonb(_workout_exercises(rng, week, exercise_ids)),
                "Good session",
                rng.randint(3, 5),
                rng.choice(["energized", "tired", "focused"]),
            ),
        ).fetchone()
        assert workout is not None
        conn.execute(
            "INSERT INTO notifications (user_id, type, title, message, resource_type, resource_id)"
            " VALUES (%s, 'workout_logged', %s, %s, 'workouts', %s)",
            (trainee, "Workout logged", f"Your workout on {day} was logged.", workout[0]),
        )
        if offset % 2 == 0:
            conn.execute(
                "INSERT INTO session_cards (trainee_id, trainer_id, workout_id, workout_date, date,"
                " summary, achievements, areas_for_improvement, next_session_goals, rating, tags)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    trainee,
                    trainer,
                    workout[0],
                    workout[1],
                    day,
                    "Solid strength session; squat depth improving.",
                    ["Added 2.5 kg to the squat"],
                    ["Keep the bar path vertical on the bench"],
                    ["Squat 3x5 at +2.5 kg"],
                    rng.randint(3, 5),
                    ["strength", "progress"],
                ),
            )


def _body_weight(
    conn: psycopg.Connection[Any],
    rng: random.Random,
    today: dt.date,
    trainee: uuid.UUID,
    user: DemoUser,
) -> None:
    assert user.start_weight is not None
    rows = [
        (
            trainee,
            round(user.start_weight - 0.05 * n + rng.uniform(-0.3, 0.3), 2),
            today - dt.timedelta(days=60 - n),
            None,
        )
        for n in range(0, 61, 3)
    ]
    with conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO body_weight_entries (trainee_id, weight, date, notes)"
            " VALUES (%s, %s, %s, %s)",
            rows,
        )


def _templates_and_program(
    conn: psycopg.Connection[Any],
    today: dt.date,
    trainer: uuid.UUID,
    trainee: uuid.UUID,
    exercise_ids: dict[str, Any],
) -> None:
    def planned(slug: str, sets: int, reps: int, weight: float | None, rest: int) -> dict[str, Any]:
        targets = {"targetSets": sets, "targetReps": reps, "targetWeight": weight, "rest": rest}
        return _named(slug, exercise_ids, **targets)

    templates = {
        "Lower body A": [
            planned("barbell-back-squat", 5, 5, 100, 180),
            planned("romanian-deadlift", 3, 8, 80, 120),
        ],
        "Upper body A": [
            planned("barbell-bench-press", 4, 8, 70, 120),
            planned("barbell-row", 4, 10, 60, 90),
        ],
        "Conditioning": [
            planned("rowing-machine", 1, 1, None, 60),
            planned("kettlebell-swing", 4, 15, 16, 60),
        ],
    }
    template_ids: dict[str, uuid.UUID] = {}
    for position, (name, exercises) in enumerate(templates.items()):
        row = conn.execute(
            "INSERT INTO exercise_templates (created_by, name, description, exercises, tags,"
            " difficulty, duration_minutes, is_public) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " RETURNING id",
            (
                trainer,
                name,
                f"{name} session",
                Jsonb(exercises),
                ["demo"],
                "intermediate",
                60,
                position == 0,
            ),
        ).fetchone()
        assert row is not None
        template_ids[name] = row[0]
    weekly_plan = [
        {
            "week": week,
            "days": [
                {"day": "monday", "templateId": str(template_ids["Lower body A"])},
                {"day": "wednesday", "templateId": str(template_ids["Upper body A"])},
                {"day": "friday", "templateId": str(template_ids["Conditioning"])},
            ],
        }
        for week in range(1, 13)
    ]
    program = conn.execute(
        "INSERT INTO program_templates (created_by, name, description, duration_weeks, weekly_plan,"
        " goals, difficulty, is_public) VALUES (%s, %s, %s, 12, %s, %s, %s, true)"
        " RETURNING id",
        (
            trainer,
            "12-week strength foundation",
            "Three sessions a week, linear progression.",
            Jsonb(weekly_plan),
            ["strength", "consistency"],
            "beginner",
        ),
    ).fetchone()
    assert program is not None
    start = today - dt.timedelta(days=today.weekday() + 14)
    conn.execute(
        "INSERT INTO trainee_programs (trainee_id, trainer_id, program_id, current_week,"
        " start_date, end_date, status) VALUES (%s, %s, %s, 3, %s, %s, 'active')",
        (trainee, trainer, program[0], start, start + dt.timedelta(weeks=12, days=-1)),
    )
    conn.execute(
        "INSERT INTO notifications (user_id, type, title, message, resource_type, resource_id)"
        " VALUES (%s, 'achievement_unlocked', %s, %s, 'workouts', NULL)",
        (trainee, "สถิติใหม่!", "คุณทำสถิติสควอตใหม่ได้สำเร็จ"),
    )
