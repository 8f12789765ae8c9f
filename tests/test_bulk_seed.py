"""`spotter seed bulk`: every seed table at its counts and mix, partitions for
the whole range (nothing in DEFAULT), the schema put back as the migrations
made it, derived values consistent, and bulk accounts that can sign in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import psycopg
import pytest
import pytest_asyncio
from sqlalchemy.engine import URL

from spotter import schema
from spotter.db.urls import libpq_dsn
from spotter.seed.bulk_plan import HISTORY_MONTHS, SEED_COUNTS, trainee_email, trainer_email
from tests.conftest import create_database, drop_database, make_settings
from tests.test_cli import spotter

SCALE = 0.001
PASSWORD = "bulk bench passphrase"


@pytest.fixture(scope="module")
def bulk_url(server_url: URL) -> Iterator[URL]:
    url = create_database(server_url, prefix="spotter_bulk")
    schema.upgrade(url)
    loaded = spotter("seed", "bulk", "--scale", str(SCALE), "--password", PASSWORD, url=url)
    assert loaded.returncode == 0, loaded.stderr
    yield url
    drop_database(url)


def _one(url: URL, query: str, *params: Any) -> Any:
    with psycopg.connect(libpq_dsn(url)) as conn:
        row = conn.execute(query, params).fetchone()
        assert row is not None
        return row[0]


def test_every_seed_table_gets_its_scaled_count(bulk_url: URL) -> None:
    for table, seed_rows in SEED_COUNTS.items():
        expected = max(1, round(seed_rows * SCALE))
        found = _one(bulk_url, f"SELECT count(*) FROM {table}")
        if table == "exercises":  # the shipped catalogue plus trainers' private ones
            assert _one(bulk_url, "SELECT count(*) FROM exercises WHERE created_by IS NOT NULL")
        else:
            assert found == expected, table
    assert _one(bulk_url, "SELECT count(*) FROM trainer_trainees WHERE status = 'active'") > 0


def test_nothing_lands_in_a_default_partition(bulk_url: URL) -> None:
    for parent in ("workouts", "notifications", "audit_logs"):
        assert _one(bulk_url, f"SELECT count(*) FROM {parent}_default") == 0, parent
        months = _one(
            bulk_url,
            "SELECT count(DISTINCT c.relname) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
            f" WHERE p.relname = %s AND EXISTS (SELECT 1 FROM {parent} x"
            "   WHERE x.tableoid = c.oid)",
            parent,
        )
        assert months == HISTORY_MONTHS, parent


# A partition's index takes a generated name (`..._idx`, `..._idx1`) in the
# order the indexes are built, which the loader does not keep: the number is
# left out, the definition still tells the indexes apart.
SCHEMA_SHAPE = """
SELECT 'index '
       || regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX (\\S+_idx)\\d+ ON', 'INDEX \\1 ON')
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relname !~ '_\\d{4}_\\d{2}$'
UNION ALL
SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conparentid = 0
   AND conrelid::regclass::text !~ '_\\d{4}_\\d{2}$'
UNION ALL
SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text
  FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text !~ '_\\d{4}_\\d{2}$'
UNION ALL
SELECT 'rls ' || relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity
  FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
   AND relname !~ '_\\d{4}_\\d{2}$'
"""


def _shape(url: URL) -> set[str]:
    with psycopg.connect(libpq_dsn(url)) as conn:
        return {row[0] for row in conn.execute(SCHEMA_SHAPE)}


def test_indexes_keys_triggers_and_row_security_are_put_back(
    bulk_url: URL, database_url: URL
) -> None:
    assert _shape(bulk_url) == _shape(database_url)
    # Each monthly partition has every index of its parent again.
    assert _one(
        bulk_url,
        "SELECT count(*) FROM pg_indexes WHERE tablename = %s",
        "audit_logs_" + _one(bulk_url, "SELECT to_char(now(), 'YYYY_MM')"),
    ) == _one(
        bulk_url,
        "SELECT count(*) FROM pg_index WHERE indrelid = 'audit_logs'::regclass",
    )


def test_what_triggers_maintain_is_consistent(bulk_url: URL) -> None:
    # users.weight is the newest weigh-in (update_user_current_weight).
    assert (
        _one(
            bulk_url,
            "SELECT count(*) FROM users u WHERE u.weight IS DISTINCT FROM (SELECT b.weight"
            " FROM body_weight_entries b WHERE b.trainee_id = u.id ORDER BY b.date DESC LIMIT 1)",
        )
        == 0
    )
    # usage_count counts the workouts and templates using each exercise.
    assert (
        _one(
            bulk_url,
            "WITH uses AS (SELECT x::uuid AS id FROM workouts w, LATERAL (SELECT DISTINCT"
            " e->>'exerciseId' FROM jsonb_array_elements(w.exercises) e) d(x)"
            " UNION ALL SELECT x::uuid FROM exercise_templates t, LATERAL (SELECT DISTINCT"
            " e->>'exerciseId' FROM jsonb_array_elements(t.exercises) e) d(x))"
            " SELECT count(*) FROM exercises e WHERE e.usage_count <>"
            " (SELECT count(*) FROM uses WHERE uses.id = e.id)",
        )
        == 0
    )
    assert _one(bulk_url, "SELECT sum(usage_count) FROM exercises") > 0
    # No workout uses another trainer's private exercise (refuse_foreign_exercises).
    assert (
        _one(
            bulk_url,
            "SELECT count(*) FROM workouts w, jsonb_array_elements(w.exercises) e,"
            " exercises x WHERE x.id = (e->>'exerciseId')::uuid"
            " AND NOT exercise_usable_by(x.created_by, w.trainer_id)",
        )
        == 0
    )
    assert (
        _one(
            bulk_url,
            "SELECT count(*) FROM program_templates p WHERE p.usage_count <>"
            " (SELECT count(*) FROM trainee_programs a WHERE a.program_id = p.id)",
        )
        == 0
    )
    # Every booking has its "new appointment" notification.
    assert (
        _one(
            bulk_url,
            "SELECT count(*) FROM schedules s WHERE NOT EXISTS (SELECT 1 FROM notifications n"
            " WHERE n.resource_id = s.id AND n.type = 'schedule_created')",
        )
        == 0
    )
    assert _one(bulk_url, "SELECT count(*) FROM body_weight_entries WHERE bmi IS NULL") == 0
    assert _one(bulk_url, "SELECT count(*) FROM trainee_stats WHERE total_workouts > 0") > 0


def test_personal_records_are_what_the_workouts_make(bulk_url: URL) -> None:
    """The loader merges each workout body's bests in Python; rebuilding every
    trainee's records from their workouts in SQL gives the same rows."""
    records = (
        "SELECT trainee_id, exercise, heaviest_weight, best_estimated_1rm, most_reps"
        " FROM personal_records ORDER BY trainee_id, exercise"
    )
    with psycopg.connect(libpq_dsn(bulk_url)) as conn:
        loaded = conn.execute(records).fetchall()
        conn.execute(
            "SELECT rebuild_personal_records(array_agg(id)) FROM users WHERE role = 'trainee'"
        )
        rebuilt = conn.execute(records).fetchall()
        conn.rollback()
    assert len(loaded) > 100
    assert loaded == rebuilt


def test_a_second_load_is_refused(bulk_url: URL) -> None:
    again = spotter("seed", "bulk", "--scale", str(SCALE), url=bulk_url)
    assert again.returncode == 2
    assert "already holds bulk accounts" in again.stderr


@pytest_asyncio.fixture(scope="module")
async def bulk_client(bulk_url: URL) -> AsyncIterator[httpx.AsyncClient]:
    from spotter.app import create_app

    app = create_app(make_settings(), database_url=bulk_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bulk.test") as c:
            yield c


@pytest.mark.parametrize("email", [trainer_email(0), trainee_email(0)])
async def test_bulk_accounts_sign_in_with_the_given_password(
    bulk_client: httpx.AsyncClient, email: str
) -> None:
    signed_in = await bulk_client.post(
        "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
    )
    assert signed_in.status_code == 200, signed_in.text
    token = signed_in.json()["accessToken"]
    workouts = await bulk_client.get(
        "/api/v1/workouts", headers={"Authorization": f"Bearer {token}"}
    )
    assert workouts.status_code == 200
    assert workouts.json()["items"]
    wrong = await bulk_client.post(
        "/api/v1/auth/login", json={"email": email, "password": "not the password"}
    )
    assert wrong.status_code == 401
