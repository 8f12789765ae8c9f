"""Alembic environment: runs the revisions as the schema owner."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import Connection

from spotter.config import get_settings
from spotter.db import models  # noqa: F401  (registers every table)
from spotter.db.base import Base
from spotter.db.urls import owner_url

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        run(given)
        return
    url = config.attributes.get("url") or owner_url(get_settings())
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Spotter's migrations need a database connection (no offline mode).")
run_online()
