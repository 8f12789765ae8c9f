"""Bring a database to this code's schema and to the data that ships with it.

It sits above `db/` and the domains on purpose: migrations know nothing of
the exercise catalogue, and the catalogue knows nothing of Alembic.
"""

from __future__ import annotations

from sqlalchemy.engine import URL

from spotter.db import migrate
from spotter.exercises.catalog import sync_catalog


def upgrade(url: URL, revision: str = "head") -> None:
    migrate.upgrade(url, revision)
    if migrate.current_revision(url) == migrate.head_revision(url):
        # The exercise catalogue is data that ships with the code: it is
        # brought up to date after every upgrade that reaches the head.
        sync_catalog(url)
