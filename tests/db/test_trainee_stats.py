"""trainee_stats: refreshed concurrently, and equal to the base tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.engine import Engine

from spotter import clock
from tests.db.helpers import add_schedule, add_user, add_workout, squat

BASE_FIGURES = text(
    """
    SELECT u.id,
           (SELECT count(*) FROM workouts w WHERE w.trainee_id = u.id) AS total_workouts,
           (SELECT count(*) FROM schedules s WHERE s.trainee_id = u.id) AS total_sessions,
           (SELECT count(*) FROM schedules s WHERE s.trainee_id = u.id
                AND s.status = 'completed') AS completed_sessions,
           (SELECT avg(rating) FROM workouts w WHERE w.trainee_id = u.id) AS avg_rating,
           (SELECT coalesce(sum((summary->>'totalWeight')::numeric), 0)
              FROM workouts w WHERE w.trainee_id = u.id) AS total_weight_lifted
      FROM users u WHERE u.role = 'trainee' ORDER BY u.id
    """
)
VIEW_FIGURES = text(
    "SELECT id, total_workouts, total_sessions, completed_sessions, avg_rating,"
    " total_weight_lifted FROM trainee_stats ORDER BY id"
)


def test_trainee_stats_equals_the_base_tables_after_a_concurrent_refresh(
    owner_engine: Engine,
) -> None:
    # REFRESH ... CONCURRENTLY cannot run inside a transaction block that
    # also wrote the data, so this test commits and cleans up after itself.
    with owner_engine.begin() as db:
        trainer, trainee, other = add_user(db, "trainer"), add_user(db), add_user(db)
        day = clock.today()
        # Several schedules and several workouts: the seed's single join
        # would multiply each workout's weight by the number of schedules.
        for hour in (6, 8, 10):
            add_schedule(
                db,
                trainer,
                trainee,
                day,
                f"{hour:02d}:00",
                f"{hour + 1:02d}:00",
                status="completed",
            )
        add_schedule(db, trainer, trainee, day, "12:00", "13:00", status="cancelled")
        add_workout(db, trainer, trainee, day, [squat(100, 5, sets=3)], rating=5)
        add_workout(db, trainer, trainee, day - dt.timedelta(days=2), [squat(90, 8)], rating=3)
    try:
        with owner_engine.connect() as db:
            db = db.execution_options(isolation_level="AUTOCOMMIT")
            db.execute(text("REFRESH MATERIALIZED VIEW CONCURRENTLY trainee_stats"))
            assert db.execute(VIEW_FIGURES).all() == db.execute(BASE_FIGURES).all()
            row = db.execute(
                text("SELECT * FROM trainee_stats WHERE id = :t"), {"t": trainee}
            ).one()
            assert row.total_workouts == 2
            assert row.total_sessions == 4
            assert row.completed_sessions == 3
            assert row.avg_rating == Decimal(4)
            assert row.total_weight_lifted == Decimal(100 * 5 * 3 + 90 * 8)
            empty = db.execute(
                text("SELECT total_workouts, total_weight_lifted FROM trainee_stats WHERE id = :t"),
                {"t": other},
            ).one()
            assert tuple(empty) == (0, 0)
    finally:
        with owner_engine.begin() as db:
            db.execute(
                text("DELETE FROM users WHERE id IN (:a, :b, :c)"),
                {"a": trainer, "b": trainee, "c": other},
            )
