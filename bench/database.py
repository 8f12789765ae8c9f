"""The benchmark's databases: one loaded template per scale, kept between
runs, and a fresh copy of it for each run (a run writes workouts).

A template is reused when its comment names the same scale, schema head and
data format; otherwise it is rebuilt with `spotter seed bulk`.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL

from spotter import schema
from spotter.config import Settings
from spotter.db import embedded, migrate
from spotter.db.urls import libpq_dsn, normalize
from spotter.seed.bulk import describe, load

BENCH_PASSWORD = "bench passphrase 2026"  # noqa: S105  (the bulk accounts' known password)
# Bump when the bulk loader's data changes, so old templates are rebuilt.
DATA_FORMAT = 2


def server_url() -> URL:
    """DATABASE_URL's server, else the embedded one `make run` uses."""
    if os.environ.get("DATABASE_URL"):
        return normalize(os.environ["DATABASE_URL"])
    return normalize(embedded.start(Settings().data_dir, database="postgres"))


def _admin(server: URL) -> psycopg.Connection:
    return psycopg.connect(libpq_dsn(server.set(database="postgres")), autocommit=True)


def template_name(scale: float) -> str:
    return "spotter_bench_scale_" + f"{scale:g}".replace(".", "_")


def _marker(scale: float, head: str | None) -> str:
    return f"spotter bench: bulk format {DATA_FORMAT}, scale {scale:g}, schema {head}"


def prepare_template(server: URL, scale: float) -> URL:
    """The loaded template for `scale`, built if missing or stale."""
    url = server.set(database=template_name(scale))
    wanted = _marker(scale, migrate.head_revision(url))
    with _admin(server) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (url.database,),
        ).fetchone()
        if row is not None and row[0] == wanted:
            print(f"Reusing {url.database} (bulk data at scale {scale:g}).")
            return url
        name = sql.Identifier(str(url.database))
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    print(f"Loading bulk data at scale {scale:g} into {url.database} ...", flush=True)
    schema.upgrade(url)
    started = time.perf_counter()
    report = load(url, scale, password=BENCH_PASSWORD)
    print(describe(report))
    print(f"(loaded in {time.perf_counter() - started:.0f} s wall)")
    with _admin(server) as admin:
        admin.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(wanted)))
    return url


def clone(server: URL, template: URL) -> URL:
    """A fresh copy of the template for one run: a file copy, not a reload."""
    url = server.set(database=f"spotter_bench_run_{uuid.uuid4().hex[:8]}")
    with _admin(server) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(str(url.database)), sql.Identifier(str(template.database))
            )
        )
    return url


def drop(url: URL) -> None:
    with _admin(url) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(str(url.database))
            )
        )


def results_dir() -> Path:
    path = Path(os.environ.get("SPOTTER_BENCH_RESULTS", ".spotter/bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path
