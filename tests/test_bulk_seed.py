"""`spotter seed bulk` loads the seed's row counts times a scale."""

from __future__ import annotations

import psycopg
from sqlalchemy.engine import URL

from spotter import schema
from spotter.db.urls import libpq_dsn
from spotter.seed.bulk import SEED_COUNTS, load
from tests.conftest import create_database, drop_database


def test_bulk_load_at_a_small_scale(server_url: URL) -> None:
    url = create_database(server_url, prefix="spotter_bulk")
    try:
        schema.upgrade(url)
        loaded = load(url, 0.001)
        assert loaded["workouts"] == SEED_COUNTS["workouts"] // 1000
        with psycopg.connect(libpq_dsn(url)) as conn:
            for table, expected in loaded.items():
                row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
                assert row is not None
                assert row[0] >= expected, table
            summary = conn.execute(
                "SELECT count(*) FROM workouts WHERE (summary->>'totalSets')::int = 4"
            ).fetchone()
            assert summary is not None
            assert summary[0] == loaded["workouts"]
    finally:
        drop_database(url)
