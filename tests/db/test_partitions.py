"""Monthly partitions of workouts, notifications and audit_logs."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from tests.db.helpers import add_user, add_workout


def _partition_of(db: Connection, table: str, row_id: object) -> str:
    name: str = db.execute(
        text(f"SELECT tableoid::regclass::text FROM {table} WHERE id = :i"), {"i": row_id}
    ).scalar_one()
    return name


def test_a_workout_of_a_current_month_lands_in_its_partition(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    today = dt.datetime.now(dt.UTC).date()
    workout = add_workout(db, trainer, trainee, today)
    assert _partition_of(db, "workouts", workout) == f"workouts_{today:%Y_%m}"


def test_a_workout_outside_every_created_month_lands_in_default(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    workout = add_workout(db, trainer, trainee, dt.date(2001, 5, 17))
    assert _partition_of(db, "workouts", workout) == "workouts_default"


def test_old_notifications_and_audit_rows_land_in_default(db: Connection) -> None:
    user = add_user(db)
    old = dt.datetime(2001, 5, 17, tzinfo=dt.UTC)
    notification = db.execute(
        text(
            "INSERT INTO notifications (user_id, type, title, message, created_at)"
            " VALUES (:u, 'workout_logged', 't', 'm', :c) RETURNING id"
        ),
        {"u": user, "c": old},
    ).scalar_one()
    audit = db.execute(
        text(
            "INSERT INTO audit_logs (action, resource_type, created_at)"
            " VALUES ('LOGIN', 'users', :c) RETURNING id"
        ),
        {"c": old},
    ).scalar_one()
    assert _partition_of(db, "notifications", notification) == "notifications_default"
    assert _partition_of(db, "audit_logs", audit) == "audit_logs_default"


def test_a_date_bounded_workouts_query_prunes_partitions(db: Connection) -> None:
    month = dt.datetime.now(dt.UTC).date().replace(day=1)
    plan = "\n".join(
        row[0]
        for row in db.execute(
            text("EXPLAIN SELECT * FROM workouts WHERE date >= :lo AND date < :lo + 10"),
            {"lo": month},
        )
    )
    assert f"workouts_{month:%Y_%m}" in plan
    scanned = set(re.findall(r"\bworkouts_(?:\d{4}_\d{2}|default)\b", plan))
    assert scanned == {f"workouts_{month:%Y_%m}"}
    assert "workouts_default" not in plan


def test_ensure_partitions_creates_months_ahead_once(db: Connection) -> None:
    created = db.execute(text("SELECT ensure_partitions(0, 9)")).scalar_one()
    assert created == 3 * 6  # months 4..9 ahead, for three tables
    assert db.execute(text("SELECT ensure_partitions(0, 9)")).scalar_one() == 0
    month = dt.datetime.now(dt.UTC).date().replace(day=1)  # partitions follow UTC months
    ahead = (month + dt.timedelta(days=31 * 9)).replace(day=1)
    exists = db.execute(
        text("SELECT to_regclass(:n) IS NOT NULL"), {"n": f"workouts_{ahead:%Y_%m}"}
    )
    assert exists.scalar_one()


def test_a_month_with_rows_waiting_in_default_is_left_alone(db: Connection) -> None:
    trainer, trainee = add_user(db, "trainer"), add_user(db)
    workout = add_workout(db, trainer, trainee, dt.date(2001, 5, 17))
    created = db.execute(
        text("SELECT create_month_partition('workouts'::regclass, DATE '2001-05-01')")
    ).scalar_one()
    assert created is False
    assert _partition_of(db, "workouts", workout) == "workouts_default"
