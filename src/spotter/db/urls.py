"""Database URLs: resolve the owner's URL, start the embedded server if needed."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

from spotter.config import Settings
from spotter.db import embedded

APP_ROLE = "spotter_app"


def normalize(url: str) -> URL:
    """Accept postgres://, postgresql:// and postgresql+psycopg:// alike."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    return parsed.set(drivername="postgresql+psycopg")


def owner_url(settings: Settings) -> URL:
    """The URL migrations use; starts the embedded server when none is set."""
    if settings.database_url:
        return normalize(settings.database_url)
    return normalize(embedded.start(settings.data_dir))


def app_url(settings: Settings) -> URL:
    if settings.app_database_url:
        return normalize(settings.app_database_url)
    return owner_url(settings)


def libpq_dsn(url: URL) -> str:
    """The same URL for plain psycopg (no SQLAlchemy driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
