"""`spotter seed demo`: the promised data set, and idempotent."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter import schema
from spotter.seed.demo import seed_demo_data
from tests.conftest import create_database, drop_database

THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture(scope="module")
def demo_url(server_url: URL) -> Iterator[URL]:
    url = create_database(server_url, prefix="spotter_demo")
    schema.upgrade(url)
    assert seed_demo_data(url) is True
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def demo_engine(demo_url: URL) -> Iterator[Engine]:
    from sqlalchemy import create_engine, pool

    engine = create_engine(demo_url, poolclass=pool.NullPool)
    yield engine
    engine.dispose()


def test_loading_twice_changes_nothing(demo_url: URL, demo_engine: Engine) -> None:
    with demo_engine.connect() as db:
        before = db.execute(text("SELECT count(*) FROM users")).scalar_one()
    assert seed_demo_data(demo_url) is False
    with demo_engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM users")).scalar_one() == before


def test_two_trainers_and_eight_trainees_with_thai_and_english_names(demo_engine: Engine) -> None:
    with demo_engine.connect() as db:
        rows = db.execute(text("SELECT role, name FROM users")).all()
    assert sum(r.role == "trainer" for r in rows) == 2
    trainees = [r.name for r in rows if r.role == "trainee"]
    assert len(trainees) == 8
    assert any(THAI.search(n) for n in trainees)
    assert any(n.isascii() for n in trainees)


def test_every_demo_account_has_a_verified_email(demo_engine: Engine) -> None:
    # So a demo trainee can accept a demo trainer's invitation at once.
    with demo_engine.connect() as db:
        unverified = db.execute(
            text("SELECT count(*) FROM users WHERE email_verified_at IS NULL")
        ).scalar_one()
    assert unverified == 0


def test_schedules_in_all_four_statuses_over_a_month(demo_engine: Engine) -> None:
    with demo_engine.connect() as db:
        statuses = {r[0] for r in db.execute(text("SELECT DISTINCT status FROM schedules"))}
        span = db.execute(text("SELECT max(date) - min(date) FROM schedules")).scalar_one()
    assert statuses == {"pending", "confirmed", "completed", "cancelled"}
    assert span >= 28


def test_workouts_cover_all_three_exercise_types(demo_engine: Engine) -> None:
    with demo_engine.connect() as db:
        types = {
            r[0]
            for r in db.execute(
                text("SELECT DISTINCT e->>'type' FROM workouts, jsonb_array_elements(exercises) e")
            )
        }
    assert types == {"weight_training", "cardio", "flexibility"}


def test_cards_weights_notifications_templates_and_a_twelve_week_program(
    demo_engine: Engine,
) -> None:
    with demo_engine.connect() as db:

        def count(table: str) -> int:
            value: int = db.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            return value

        assert count("session_cards") > 0
        assert count("body_weight_entries") >= 8 * 10
        assert count("notifications") > 0
        assert count("exercise_templates") >= 3
        weeks = db.execute(
            text(
                "SELECT p.duration_weeks FROM trainee_programs tp"
                " JOIN program_templates p ON p.id = tp.program_id"
            )
        ).scalar_one()
        assert weeks == 12
