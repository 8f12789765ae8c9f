"""The seed's triggers and the computed values the database enforces."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from tests.db.helpers import add_schedule, add_user, add_workout, squat

DAY = dt.date(2026, 11, 10)


@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("users", "name = 'Renamed'"),
        ("settings", "theme = 'dark'"),
        ("schedules", "title = 'Renamed'"),
        ("workouts", "notes = 'Renamed'"),
        ("exercises", "description = 'Renamed'"),
        ("session_cards", "summary = 'Renamed'"),
    ],
)
def test_updated_at_moves_on_update(db: Connection, table: str, change: str) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    schedule = add_schedule(db, trainer, trainee, DAY)
    workout = add_workout(db, trainer, trainee, DAY)
    db.execute(
        text(
            "INSERT INTO exercises (name, type, category) VALUES ('Test press', 'weight_training',"
            " 'strength')"
        )
    )
    db.execute(
        text(
            "INSERT INTO session_cards (trainee_id, trainer_id, date, summary)"
            " VALUES (:te, :tr, :d, 'Good')"
        ),
        {"te": trainee, "tr": trainer, "d": DAY},
    )
    assert schedule is not None
    assert workout is not None
    # now() is the transaction's start; backdate the rows so a move is visible.
    db.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
    db.execute(text(f"UPDATE {table} SET updated_at = now() - interval '1 day'"))
    db.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    db.execute(text(f"UPDATE {table} SET {change}"))
    stale = db.execute(text(f"SELECT count(*) FROM {table} WHERE updated_at < now()")).scalar_one()
    assert stale == 0


def test_inserting_a_session_removes_expired_sessions(db: Connection) -> None:
    user = add_user(db)
    insert = text(
        "INSERT INTO user_sessions (user_id, refresh_token, access_token, family_id, expires_at)"
        " VALUES (:u, :r, 'a', gen_random_uuid(), :exp)"
    )
    db.execute(insert, {"u": user, "r": "expired", "exp": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)})
    db.execute(insert, {"u": user, "r": "fresh", "exp": dt.datetime(2099, 1, 1, tzinfo=dt.UTC)})
    tokens = db.execute(
        text("SELECT refresh_token FROM user_sessions WHERE user_id = :u"), {"u": user}
    )
    assert [row[0] for row in tokens] == ["fresh"]


def test_a_new_schedule_notifies_the_trainee_in_thai(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db, language="th")
    schedule = add_schedule(db, trainer, trainee, DAY, title="Leg day")
    row = db.execute(
        text(
            "SELECT user_id, type, title, message, resource_type, resource_id FROM notifications"
            " WHERE resource_id = :s"
        ),
        {"s": schedule},
    ).one()
    assert row.user_id == trainee
    assert row.type == "schedule_created"
    assert row.title == "นัดหมายใหม่"
    assert row.message == "คุณมีนัดฝึกใหม่: Leg day วันที่ 2026-11-10"
    assert row.resource_type == "schedules"


def test_a_new_schedule_notifies_an_english_speaking_trainee_in_english(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db, language="en")
    schedule = add_schedule(db, trainer, trainee, DAY, title="Leg day")
    row = db.execute(
        text("SELECT title, message FROM notifications WHERE resource_id = :s"), {"s": schedule}
    ).one()
    assert (row.title, row.message) == (
        "New appointment",
        "You have a new training session: Leg day on 2026-11-10",
    )


def _weight_of(db: Connection, user: object) -> Decimal | None:
    weight: Decimal | None = db.execute(
        text("SELECT weight FROM users WHERE id = :u"), {"u": user}
    ).scalar_one()
    return weight


def test_body_weight_follows_the_newest_entry(db: Connection) -> None:
    trainee = add_user(db)
    add = text("INSERT INTO body_weight_entries (trainee_id, weight, date) VALUES (:u, :w, :d)")
    db.execute(add, {"u": trainee, "w": 80, "d": DAY})
    assert _weight_of(db, trainee) == Decimal("80.00")
    # A late entry for an earlier day does not replace the newest weight.
    db.execute(add, {"u": trainee, "w": 82, "d": DAY - dt.timedelta(days=7)})
    assert _weight_of(db, trainee) == Decimal("80.00")
    db.execute(
        text("UPDATE body_weight_entries SET weight = 79.5 WHERE trainee_id = :u AND date = :d"),
        {"u": trainee, "d": DAY},
    )
    assert _weight_of(db, trainee) == Decimal("79.50")
    db.execute(
        text("DELETE FROM body_weight_entries WHERE trainee_id = :u AND date = :d"),
        {"u": trainee, "d": DAY},
    )
    assert _weight_of(db, trainee) == Decimal("82.00")


def test_bmi_is_computed_from_the_trainees_height(db: Connection) -> None:
    trainee = add_user(db, height=180)
    bmi = db.execute(
        text(
            "INSERT INTO body_weight_entries (trainee_id, weight, date, bmi)"
            " VALUES (:u, 81, :d, 99) RETURNING bmi"
        ),
        {"u": trainee, "d": DAY},
    ).scalar_one()
    assert bmi == Decimal("25.00")  # 81 / 1.8^2, whatever the writer sent
    updated = db.execute(
        text("UPDATE body_weight_entries SET weight = 64.8 WHERE trainee_id = :u RETURNING bmi"),
        {"u": trainee},
    ).scalar_one()
    assert updated == Decimal("20.00")


def test_bmi_is_empty_without_a_height(db: Connection) -> None:
    trainee = add_user(db, height=None)
    bmi = db.execute(
        text(
            "INSERT INTO body_weight_entries (trainee_id, weight, date) VALUES (:u, 70, :d)"
            " RETURNING bmi"
        ),
        {"u": trainee, "d": DAY},
    ).scalar_one()
    assert bmi is None


def test_only_one_body_weight_entry_per_day(db: Connection) -> None:
    trainee = add_user(db)
    add = text("INSERT INTO body_weight_entries (trainee_id, weight, date) VALUES (:u, 70, :d)")
    db.execute(add, {"u": trainee, "d": DAY})
    with pytest.raises(IntegrityError, match="idx_body_weight_unique"):
        db.execute(add, {"u": trainee, "d": DAY})


def test_schedule_duration_is_derived_from_the_times(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    schedule = add_schedule(db, trainer, trainee, DAY, "09:15", "10:45")
    duration = db.execute(text("SELECT duration FROM schedules WHERE id = :s"), {"s": schedule})
    assert duration.scalar_one() == 90
    db.execute(text("UPDATE schedules SET end_time = '09:45' WHERE id = :s"), {"s": schedule})
    duration = db.execute(text("SELECT duration FROM schedules WHERE id = :s"), {"s": schedule})
    assert duration.scalar_one() == 30


def test_a_writer_cannot_store_its_own_duration(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    with pytest.raises(DBAPIError, match="generated column"):
        db.execute(
            text(
                "INSERT INTO schedules (trainee_id, trainer_id, title, date, start_time, end_time,"
                " duration) VALUES (:te, :tr, 'x', :d, '09:00', '10:00', 5)"
            ),
            {"te": trainee, "tr": trainer, "d": DAY},
        )


def test_workout_summary_follows_the_design_exactly(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    exercises = [
        squat(100, 8, sets=2),
        {
            "name": "Push-up",
            "type": "weight_training",
            "isBodyweight": True,
            "sets": [{"setNumber": 1, "reps": 20}],
        },
        {
            "name": "Running",
            "type": "cardio",
            "sets": [
                {"setNumber": 1, "distance": 5.2, "duration": 27.5, "pace": 5.29, "calories": 416}
            ],
        },
        {
            "name": "Yoga Flow",
            "type": "flexibility",
            "sets": [{"setNumber": 1, "duration": 30, "holdTime": 60}],
        },
    ]
    workout = add_workout(db, trainer, trainee, DAY, exercises)
    summary = db.execute(text("SELECT summary FROM workouts WHERE id = :w"), {"w": workout})
    assert summary.scalar_one() == {
        "totalSets": 5,
        "totalReps": 36,
        "totalWeight": 1600,
        "totalDistance": 5.2,
        "totalDuration": 57.5,
        "totalCalories": 416,
        "exerciseCount": 4,
        "typeBreakdown": {"weight_training": 2, "cardio": 1, "flexibility": 1},
    }


def test_workout_summary_is_recomputed_when_exercises_change(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    workout = add_workout(db, trainer, trainee, DAY, [squat(100, 5)])
    db.execute(
        text("UPDATE workouts SET exercises = CAST(:ex AS jsonb) WHERE id = :w"),
        {"w": workout, "ex": json.dumps([squat(60, 10, sets=3)])},
    )
    summary = db.execute(text("SELECT summary FROM workouts WHERE id = :w"), {"w": workout})
    assert summary.scalar_one()["totalWeight"] == 1800


def test_an_empty_workout_has_an_all_zero_summary(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    workout = add_workout(db, trainer, trainee, DAY, [])
    summary = db.execute(text("SELECT summary FROM workouts WHERE id = :w"), {"w": workout})
    assert summary.scalar_one() == {
        "totalSets": 0,
        "totalReps": 0,
        "totalWeight": 0,
        "totalDistance": 0,
        "totalDuration": 0,
        "totalCalories": 0,
        "exerciseCount": 0,
        "typeBreakdown": {"weight_training": 0, "cardio": 0, "flexibility": 0},
    }


def test_overlapping_schedules_of_one_trainer_are_refused(db: Connection) -> None:
    trainer, first, second = add_user(db, "trainer"), add_user(db), add_user(db)
    add_schedule(db, trainer, first, DAY, "09:00", "10:00")
    with pytest.raises(IntegrityError, match="schedules_trainer_no_overlap"):
        add_schedule(db, trainer, second, DAY, "09:30", "10:30")


def test_overlapping_schedules_of_one_trainee_are_refused(db: Connection) -> None:
    first, second, trainee = add_user(db, "trainer"), add_user(db, "trainer"), add_user(db)
    add_schedule(db, first, trainee, DAY, "09:00", "10:00")
    with pytest.raises(IntegrityError, match="schedules_trainee_no_overlap"):
        add_schedule(db, second, trainee, DAY, "09:59", "11:00")


def test_back_to_back_and_cancelled_schedules_do_not_conflict(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    add_schedule(db, trainer, trainee, DAY, "09:00", "10:00")
    add_schedule(db, trainer, trainee, DAY, "10:00", "11:00")
    add_schedule(db, trainer, trainee, DAY, "11:00", "12:00", status="cancelled")
    add_schedule(db, trainer, trainee, DAY, "11:00", "12:00")
    count = db.execute(text("SELECT count(*) FROM schedules WHERE trainer_id = :t"), {"t": trainer})
    assert count.scalar_one() == 4


def test_uncancelling_into_an_overlap_is_refused(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    add_schedule(db, trainer, trainee, DAY, "09:00", "10:00")
    cancelled = add_schedule(db, trainer, trainee, DAY, "09:00", "10:00", status="cancelled")
    with pytest.raises(IntegrityError, match="no_overlap"):
        db.execute(text("UPDATE schedules SET status = 'pending' WHERE id = :s"), {"s": cancelled})
