"""Migrations go up, down to nothing, and up again on an empty database."""

from __future__ import annotations

import psycopg
from sqlalchemy.engine import URL

from spotter import schema
from spotter.db import migrate
from spotter.db.urls import libpq_dsn
from tests.conftest import create_database, drop_database

OBJECTS = """
SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace
          AND relname <> 'alembic_version' AND relname <> 'alembic_version_pkc')
     + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)
     + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
     + (SELECT count(*) FROM pg_policy)
     + (SELECT count(*) FROM pg_namespace WHERE nspname = 'procrastinate')
"""


def _object_count(url: URL) -> int:
    with psycopg.connect(libpq_dsn(url)) as conn:
        row = conn.execute(OBJECTS).fetchone()
        assert row is not None
        count: int = row[0]
        return count


def test_upgrade_downgrade_upgrade_on_an_empty_database(server_url: URL) -> None:
    url = create_database(server_url, prefix="spotter_migrations")
    try:
        schema.upgrade(url)
        built = _object_count(url)
        assert built > 150
        assert migrate.current_revision(url) == migrate.head_revision(url)
        migrate.downgrade(url, "base")
        assert _object_count(url) == 0
        assert migrate.current_revision(url) is None
        schema.upgrade(url)
        assert _object_count(url) == built
    finally:
        drop_database(url)
