"""Maintenance jobs, run by procrastinate workers against the real database."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.jobs.app import create_job_app
from tests.db.helpers import add_user


def _expired_rows(engine: Engine) -> uuid.UUID:
    """An expired session, an old rate-limit window and an expired idempotency key."""
    with engine.begin() as db:
        user = add_user(db)
        db.execute(text("ALTER TABLE user_sessions DISABLE TRIGGER cleanup_expired_sessions"))
        db.execute(
            text(
                "INSERT INTO user_sessions (user_id, refresh_token, access_token, family_id,"
                " expires_at) VALUES (:u, :r, 'a', gen_random_uuid(), now() - interval '1 hour')"
            ),
            {"u": user, "r": uuid.uuid4().hex},
        )
        db.execute(text("ALTER TABLE user_sessions ENABLE TRIGGER cleanup_expired_sessions"))
        db.execute(
            text(
                "INSERT INTO api_rate_limits (user_id, endpoint, window_start)"
                " VALUES (:u, 'default', now() - interval '2 days')"
            ),
            {"u": user},
        )
        db.execute(
            text(
                "INSERT INTO idempotency_keys (user_id, key, request_method, request_path,"
                " request_hash, expires_at) VALUES (:u, 'k', 'POST', '/x', 'h',"
                " now() - interval '1 minute')"
            ),
            {"u": user},
        )
    return user


def _remaining(engine: Engine, user: uuid.UUID) -> dict[str, int]:
    with engine.connect() as db:
        return {
            table: db.execute(
                text(f"SELECT count(*) FROM {table} WHERE user_id = :u"), {"u": user}
            ).scalar_one()
            for table in ("user_sessions", "api_rate_limits", "idempotency_keys")
        }


async def test_purge_removes_expired_sessions_windows_and_keys(
    database_url: URL, owner_engine: Engine
) -> None:
    user = _expired_rows(owner_engine)
    app = create_job_app(database_url)
    async with app.open_async():
        await app.configure_task("maintenance.purge_expired").defer_async(timestamp=0)
        await app.run_worker_async(queues=["maintenance"], wait=False)
    assert _remaining(owner_engine, user) == {
        "user_sessions": 0,
        "api_rate_limits": 0,
        "idempotency_keys": 0,
    }
    with owner_engine.begin() as db:
        db.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})


async def test_create_partitions_keeps_three_months_ahead(
    database_url: URL, owner_engine: Engine
) -> None:
    ahead = (dt.datetime.now(dt.UTC).date().replace(day=1) + dt.timedelta(days=75)).replace(day=1)
    with owner_engine.begin() as db:
        # The migration made these months; remove them so only the job can
        # bring them back.
        for parent in ("workouts", "notifications", "audit_logs"):
            db.execute(text(f"ALTER TABLE {parent} DETACH PARTITION {parent}_{ahead:%Y_%m}"))
            db.execute(text(f"DROP TABLE {parent}_{ahead:%Y_%m}"))
    app = create_job_app(database_url)
    async with app.open_async():
        await app.configure_task("maintenance.create_partitions").defer_async(timestamp=0)
        await app.run_worker_async(queues=["maintenance"], wait=False)
    with owner_engine.connect() as db:
        for parent in ("workouts", "notifications", "audit_logs"):
            name = f"{parent}_{ahead:%Y_%m}"
            assert db.execute(text("SELECT to_regclass(:n) IS NOT NULL"), {"n": name}).scalar()


async def test_refresh_trainee_stats_picks_up_new_trainees(
    database_url: URL, owner_engine: Engine
) -> None:
    with owner_engine.begin() as db:
        trainee = add_user(db)
    app = create_job_app(database_url)
    async with app.open_async():
        await app.configure_task("maintenance.refresh_trainee_stats").defer_async(timestamp=0)
        await app.run_worker_async(queues=["maintenance"], wait=False)
    with owner_engine.begin() as db:
        count = db.execute(
            text("SELECT count(*) FROM trainee_stats WHERE id = :t"), {"t": trainee}
        ).scalar_one()
        db.execute(text("DELETE FROM users WHERE id = :t"), {"t": trainee})
    assert count == 1


def test_the_worker_command_runs_deferred_jobs_and_stops_on_sigterm(
    database_url: URL, owner_engine: Engine, tmp_path: Path
) -> None:
    user = _expired_rows(owner_engine)
    env = dict(os.environ, DATABASE_URL=database_url.render_as_string(hide_password=False))
    # A file, not a pipe: an unread pipe fills up and blocks the worker's logging.
    log_file = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "spotter.cli", "worker"],
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        app = create_job_app(database_url)
        with app.open():
            job_id = app.configure_task("maintenance.purge_expired").defer(timestamp=0)
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            with owner_engine.connect() as db:
                status = db.execute(
                    text("SELECT status FROM procrastinate.procrastinate_jobs WHERE id = :j"),
                    {"j": job_id},
                ).scalar_one()
            if status in {"succeeded", "failed"}:
                break
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.3)
        if status != "succeeded":
            with owner_engine.connect() as db:
                queue = db.execute(
                    text(
                        "SELECT task_name, status, count(*) FROM procrastinate.procrastinate_jobs"
                        " GROUP BY 1, 2 ORDER BY 1, 2"
                    )
                ).all()
            raise AssertionError(
                f"job {status}; queue {queue}; worker said:\n"
                f"{(tmp_path / 'worker.log').read_text()[-5000:]}"
            )
        assert _remaining(owner_engine, user)["user_sessions"] == 0
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        log_file.close()
        output = (tmp_path / "worker.log").read_text()
        with owner_engine.begin() as db:
            db.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert worker.returncode == 0, output


@pytest.mark.parametrize("task", ["create_partitions", "refresh_trainee_stats", "purge_expired"])
def test_every_maintenance_task_is_periodic(database_url: URL, task: str) -> None:
    app = create_job_app(database_url)
    periodic = {p.periodic_id for p in app.periodic_registry.periodic_tasks.values()}
    assert task in periodic
