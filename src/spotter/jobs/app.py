"""The procrastinate app: a PostgreSQL-backed queue, periodic tasks, many workers.

Workers connect as the schema owner: their jobs (maintenance, delivery) act
across users, outside any one user's row-level security.
"""

from __future__ import annotations

import procrastinate
from sqlalchemy.engine import URL

from spotter import clock
from spotter.config import Settings
from spotter.db.urls import libpq_dsn
from spotter.jobs import emails, maintenance, reminders, webhooks
from spotter.jobs.context import job_settings, use_settings

QUEUE_SEARCH_PATH = "-c search_path=procrastinate,public"


def create_job_app(url: URL, settings: Settings | None = None) -> procrastinate.App:
    use_settings(settings)
    clock.configure(job_settings().timezone)
    connector = procrastinate.PsycopgConnector(
        conninfo=libpq_dsn(url),
        kwargs={"options": QUEUE_SEARCH_PATH, "application_name": "spotter-worker"},
        min_size=1,
        max_size=4,
    )
    app = procrastinate.App(connector=connector)
    for module in (maintenance, reminders, emails, webhooks):
        module.register(app)
    return app
