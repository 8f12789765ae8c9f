"""`spotter seed bulk --scale F`: the seed's row counts times F, loaded with
COPY, for benchmarks and query plans on realistic volumes.

At scale 1 that is about 7 million rows (the seed's table); scale 0.02 loads
in seconds. Rows are spread over the past year, so every monthly partition
and the DEFAULT partitions hold data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any

import psycopg
from sqlalchemy.engine import URL

from spotter.db.urls import libpq_dsn

SEED_COUNTS = {
    "users": 10_000,
    "schedules": 100_000,
    "workouts": 500_000,
    "body_weight_entries": 200_000,
    "notifications": 1_000_000,
    "audit_logs": 5_000_000,
    "session_cards": 100_000,
}
TRAINER_SHARE = 0.05


def _exercises(rng: random.Random) -> str:
    weight = rng.choice([40, 60, 80, 100, 120])
    return json.dumps(
        [
            {
                "name": "Barbell Back Squat",
                "type": "weight_training",
                "sets": [
                    {"setNumber": n, "weight": weight, "reps": rng.randint(3, 10)}
                    for n in range(1, 4)
                ],
            },
            {
                "name": "Treadmill Run",
                "type": "cardio",
                "sets": [{"setNumber": 1, "distance": 5, "duration": rng.randint(20, 40)}],
            },
        ]
    )


def load(url: URL, scale: float, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    count = {table: max(1, int(n * scale)) for table, n in SEED_COUNTS.items()}
    today = dt.date.today()
    loaded: dict[str, int] = {}
    with psycopg.connect(libpq_dsn(url)) as conn:
        trainers = [uuid.uuid4() for _ in range(max(1, int(count["users"] * TRAINER_SHARE)))]
        trainees = [uuid.uuid4() for _ in range(count["users"] - len(trainers))]
        coach = {t: trainers[i % len(trainers)] for i, t in enumerate(trainees)}
        with conn.cursor().copy("COPY users (id, email, name, role, height) FROM STDIN") as copy:
            for user in trainers:
                copy.write_row(
                    (
                        user,
                        f"{user.hex}@bulk.example",
                        "Bulk Trainer",
                        "trainer",
                        None,
                    )
                )
            for user in trainees:
                copy.write_row(
                    (
                        user,
                        f"{user.hex}@bulk.example",
                        "Bulk Trainee",
                        "trainee",
                        rng.randint(150, 195),
                    )
                )
        with conn.cursor().copy(
            "COPY trainer_trainees (trainer_id, trainee_id, invited_email, status, accepted_at)"
            " FROM STDIN"
        ) as copy:
            for trainee, trainer in coach.items():
                copy.write_row(
                    (
                        trainer,
                        trainee,
                        f"{trainee.hex}@bulk.example",
                        "active",
                        dt.datetime.now(dt.UTC),
                    )
                )
        loaded["users"] = len(trainers) + len(trainees)
        # Sessions on distinct slots per trainer so no exclusion constraint fires.
        with conn.cursor().copy(
            "COPY schedules (trainee_id, trainer_id, title, date, start_time, end_time, status)"
            " FROM STDIN"
        ) as copy:
            for n in range(count["schedules"]):
                trainee = trainees[n % len(trainees)]
                slot = n // len(trainers)
                day = today - dt.timedelta(days=300) + dt.timedelta(days=slot // 12)
                hour = 6 + slot % 12
                status = rng.choice(["pending", "confirmed", "completed", "completed", "cancelled"])
                copy.write_row(
                    (
                        trainee,
                        coach[trainee],
                        "Session",
                        day,
                        dt.time(hour),
                        dt.time(hour, 45),
                        status,
                    )
                )
        with conn.cursor().copy(
            "COPY workouts (trainee_id, trainer_id, date, duration, exercises, rating) FROM STDIN"
        ) as copy:
            for n in range(count["workouts"]):
                trainee = trainees[n % len(trainees)]
                day = today - dt.timedelta(days=rng.randint(0, 420))
                copy.write_row(
                    (trainee, coach[trainee], day, 60, _exercises(rng), rng.randint(1, 5))
                )
        with conn.cursor().copy(
            "COPY body_weight_entries (trainee_id, date, weight) FROM STDIN"
        ) as copy:
            for n in range(count["body_weight_entries"]):
                trainee = trainees[n % len(trainees)]
                copy.write_row(
                    (
                        trainee,
                        today - dt.timedelta(days=n // len(trainees)),
                        round(rng.uniform(50, 100), 1),
                    )
                )
        with conn.cursor().copy(
            "COPY notifications (user_id, type, title, message, created_at, read_at) FROM STDIN"
        ) as copy:
            for n in range(count["notifications"]):
                user = trainees[n % len(trainees)]
                created = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=rng.randint(0, 500_000))
                copy.write_row(
                    (
                        user,
                        "workout_logged",
                        "Workout logged",
                        "A workout was logged.",
                        created,
                        None if rng.random() < 0.2 else created,
                    )
                )
        with conn.cursor().copy(
            "COPY audit_logs (user_id, action, resource_type, resource_id, subject_user_id,"
            " new_values, created_at) FROM STDIN"
        ) as copy:
            for n in range(count["audit_logs"]):
                trainee = trainees[n % len(trainees)]
                created = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=rng.randint(0, 500_000))
                copy.write_row(
                    (
                        coach[trainee],
                        "UPDATE",
                        "workouts",
                        uuid.uuid4(),
                        trainee,
                        '{"rating": 4}',
                        created,
                    )
                )
        conn.commit()
        for table in (
            "schedules",
            "workouts",
            "body_weight_entries",
            "notifications",
            "audit_logs",
        ):
            loaded[table] = count[table]
        conn.execute("ANALYZE")
        conn.commit()
    return loaded


def describe(loaded: dict[str, Any]) -> str:
    return ", ".join(f"{table} {rows:,}" for table, rows in loaded.items())
