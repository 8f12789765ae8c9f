"""Fixtures shared by the whole suite.

The database is PostgreSQL built by the real migrations: the server named by
DATABASE_URL when it is set (CI's PostgreSQL 15), otherwise the embedded
server that `make run` uses. Each test session gets its own database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import pytest_asyncio
from psycopg import sql
from sqlalchemy import create_engine, pool, text
from sqlalchemy.engine import URL, Connection, Engine

from spotter import schema
from spotter.db import embedded
from spotter.db.urls import libpq_dsn, normalize

REPO = Path(__file__).resolve().parent.parent


def _server_url() -> URL:
    given = os.environ.get("DATABASE_URL")
    if given:
        return normalize(given)
    data_dir = Path(os.environ.get("SPOTTER_TEST_DATA_DIR", REPO / ".spotter" / "test"))
    return normalize(embedded.start(data_dir, database="postgres"))


@pytest.fixture(scope="session")
def server_url() -> URL:
    return _server_url()


def create_database(server: URL, prefix: str = "spotter_test") -> URL:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{prefix}_{worker}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(libpq_dsn(server.set(database="postgres")), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server.set(database=name)


def drop_database(url: URL) -> None:
    assert url.database is not None
    admin = libpq_dsn(url.set(database="postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.database))
        )


@pytest.fixture(scope="session")
def database_url(server_url: URL) -> Iterator[URL]:
    """A database at the head revision, with the exercise catalogue."""
    url = create_database(server_url)
    schema.upgrade(url)
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def owner_engine(database_url: URL) -> Iterator[Engine]:
    engine = create_engine(database_url, poolclass=pool.NullPool)
    yield engine
    engine.dispose()


@pytest.fixture
def db(owner_engine: Engine) -> Iterator[Connection]:
    """A connection as the schema owner inside a transaction rolled back after the test."""
    with owner_engine.connect() as conn:
        transaction = conn.begin()
        try:
            yield conn
        finally:
            transaction.rollback()


def act_as(conn: Connection, user_id: uuid.UUID | None, role: str | None = None) -> None:
    """Become the server's app role with this identity, for the rest of the transaction."""
    conn.execute(text("SET LOCAL ROLE spotter_app"))
    conn.execute(
        text(
            "SELECT set_config('spotter.user_id', :uid, true),"
            " set_config('spotter.user_role', :role, true)"
        ),
        {"uid": str(user_id) if user_id else "", "role": role or ""},
    )


TEST_SECRET = "test-secret-key-for-spotter-tests-only-0123456789"
GENEROUS_LIMITS = {
    "rate_limit_login": "100000/minute",
    "rate_limit_register": "100000/minute",
    "rate_limit_refresh": "100000/minute",
    "rate_limit_default": "100000/minute",
}


def make_settings(**overrides: Any) -> Any:
    """Settings for a test app: a fixed key, limits no test reaches by accident."""
    from spotter.config import Settings

    values: dict[str, Any] = {"secret_key": TEST_SECRET, **GENEROUS_LIMITS, **overrides}
    return Settings(**values)


@pytest.fixture(scope="session")
def app(database_url: URL) -> Any:
    from spotter.app import create_app

    return create_app(make_settings(), database_url=database_url)


@pytest_asyncio.fixture(scope="session")
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client speaking to the real app, its lifespan started."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://spotter.test") as c:
            yield c
