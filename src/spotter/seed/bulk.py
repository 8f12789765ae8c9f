"""`spotter seed bulk --scale S`: the seed's 15 tables at its row counts times
S (about 7.08M rows at scale 1, see bulk_plan), for benchmarks and query
plans on realistic volumes.

How it stays fast (scale 1 in a few minutes on two cores):
- one transaction; every table is filled with COPY;
- workouts, notifications and audit rows are made month by month and copied
  straight into that month's partition, created first for the whole range
  (nothing lands in a DEFAULT partition); partitions made by this
  transaction are copied WITH (FREEZE), so they need no vacuum to be
  all-visible;
- secondary indexes, foreign keys and the per-row triggers the loader can
  stand in for are suspended during COPY and restored after
  (bulk_upkeep.py says which and why);
- what those triggers maintain is written directly: users.weight,
  exercises' and programs' usage_count, each booking's notification; the
  trainee_stats view is refreshed at the end.

`--password` gives every bulk account one known password (hashed once), so
benchmarks can sign in as trainer00000@bulk.spotter.test or
trainee000000@bulk.spotter.test (the trainee with the long history).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL

from spotter.db.urls import libpq_dsn
from spotter.kit.passwords import hash_password
from spotter.seed import bulk_history as history
from spotter.seed import bulk_people as people
from spotter.seed import bulk_training as training
from spotter.seed.bulk_plan import EMAIL_DOMAIN, SEED_COUNTS, Plan, make_plan
from spotter.seed.bulk_upkeep import (
    PARTITIONED,
    create_partitions,
    partition_name,
    suspended_upkeep,
)
from spotter.seed.bulk_world import CatalogueExercise, World

__all__ = ["SEED_COUNTS", "BulkLoad", "describe", "load"]

# Every table the loader writes (the roster's links on top of the seed's 15).
LOADED_TABLES = [
    "users",
    "settings",
    "trainer_trainees",
    "user_sessions",
    "exercises",
    "exercise_templates",
    "program_templates",
    "trainee_programs",
    "schedules",
    "workouts",
    "session_cards",
    "body_weight_entries",
    "notifications",
    "audit_logs",
    "api_rate_limits",
    "webhooks",
]


class AlreadyLoadedError(Exception):
    """The database already holds bulk accounts."""


@dataclass
class BulkLoad:
    plan: Plan
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _copy(
    conn: psycopg.Connection, table: str, columns: str, rows: Iterable[Any], *, freeze: bool
) -> int:
    statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
        sql.Identifier(table),
        # The generators' constant column lists.
        sql.SQL(columns),
        sql.SQL(" WITH (FREEZE)" if freeze else ""),
    )
    written = 0
    with conn.cursor().copy(statement) as copy:
        chunk: list[str] = []
        for row in rows:
            if isinstance(row, str):
                # A line already in COPY text format (the big tables' rows):
                # cheaper to make than a tuple for write_row to format.
                chunk.append(row)
                if len(chunk) == 5000:
                    copy.write("".join(chunk))
                    chunk.clear()
            else:
                copy.write_row(row)
            written += 1
        if chunk:
            copy.write("".join(chunk))
    return written


class _Loader:
    def __init__(self, conn: psycopg.Connection, report: BulkLoad, fresh: set[str]) -> None:
        self.conn, self.report, self.fresh = conn, report, fresh

    def copy(self, table: str, columns: str, rows: Iterable[Any], into: str | None = None) -> None:
        """COPY rows into `table` (or into its partition `into`), counted under `table`."""
        started = time.perf_counter()
        target = into or table
        written = _copy(self.conn, target, columns, rows, freeze=target in self.fresh)
        self.report.rows[table] = self.report.rows.get(table, 0) + written
        self.report.seconds[table] = (
            self.report.seconds.get(table, 0.0) + time.perf_counter() - started
        )

    def timed(self, label: str, started: float) -> None:
        self.report.seconds[label] = self.report.seconds.get(label, 0.0) + (
            time.perf_counter() - started
        )


def _catalogue(conn: psycopg.Connection) -> list[CatalogueExercise]:
    rows = conn.execute(
        "SELECT id, name, type FROM exercises WHERE created_by IS NULL ORDER BY name"
    ).fetchall()
    return [CatalogueExercise(r[0], r[1], r[2]) for r in rows]


def _refuse_second_load(conn: psycopg.Connection) -> None:
    found = conn.execute(
        "SELECT 1 FROM users WHERE email LIKE %s LIMIT 1", (f"%@{EMAIL_DOMAIN}",)
    ).fetchone()
    if found:
        raise AlreadyLoadedError(f"this database already holds bulk accounts (@{EMAIL_DOMAIN})")


def _write_people(load: _Loader, world: World) -> None:
    load.copy("users", people.USER_COLUMNS, people.users(world))
    load.copy("settings", people.SETTINGS_COLUMNS, people.settings(world))
    load.copy("trainer_trainees", people.ROSTER_COLUMNS, people.roster(world))
    load.copy("user_sessions", people.SESSION_COLUMNS, people.user_sessions(world))
    load.copy("api_rate_limits", people.RATE_LIMIT_COLUMNS, people.rate_limits(world))
    load.copy("webhooks", people.WEBHOOK_COLUMNS, people.webhooks(world))


def _write_training(load: _Loader, world: World) -> None:
    load.copy("exercises", training.EXERCISE_COLUMNS, training.private_exercises(world))
    load.copy("exercise_templates", training.TEMPLATE_COLUMNS, training.exercise_templates(world))
    templates, assignments = training.programs(world)
    load.copy("program_templates", training.PROGRAM_COLUMNS, templates)
    load.copy("trainee_programs", training.ASSIGNMENT_COLUMNS, assignments)
    load.copy("schedules", training.SCHEDULE_COLUMNS, training.schedules(world))
    owners = training.workout_owners(world)
    pool = world.pool = training.exercise_pool(world)
    world.workouts_by_month = [[] for _ in world.plan.months]
    spread = world.spread(len(owners))
    first = 0
    for month, count in enumerate(spread):
        rows = training.workouts_of_month(world, month, owners[first : first + count], pool)
        load.copy(
            "workouts",
            training.WORKOUT_COLUMNS,
            rows,
            into=partition_name("workouts", world.plan.months[month]),
        )
        first += count
    load.copy("session_cards", training.CARD_COLUMNS, training.session_cards(world))
    load.copy("body_weight_entries", training.WEIGHT_COLUMNS, training.body_weights(world))


def _write_history(load: _Loader, world: World) -> None:
    months = world.plan.months
    booked = history.schedules_by_month(world)
    others = world.spread(max(0, world.plan.counts["notifications"] - len(world.schedules)))
    trail = world.spread(world.plan.counts["audit_logs"])
    for month, first in enumerate(months):
        rows = history.notifications_of_month(world, month, booked[month], others[month])
        load.copy(
            "notifications",
            history.NOTIFICATION_COLUMNS,
            rows,
            into=partition_name("notifications", first),
        )
        load.copy(
            "audit_logs",
            history.AUDIT_COLUMNS,
            history.audit_of_month(world, month, trail[month]),
            into=partition_name("audit_logs", first),
        )


def _write_usage_counts(conn: psycopg.Connection, world: World) -> None:
    """What count_exercise_usage() adds per workout and template, at once."""
    ids, uses = list(world.usage), list(world.usage.values())
    conn.execute(
        "UPDATE exercises e SET usage_count = e.usage_count + u.n"
        " FROM unnest(%s::uuid[], %s::int[]) AS u(id, n) WHERE e.id = u.id",
        (ids, uses),
    )


def fill_personal_records(
    conn: psycopg.Connection, world: World, pool: list[tuple[str, set[uuid.UUID]]]
) -> int:
    """Every loaded trainee's personal records. The statement trigger that
    keeps them is defined on `workouts` and does not fire for rows copied
    straight into its partitions; rebuilding them from 5M workouts' JSON
    would take a minute. Workouts are drawn from a pool of bodies, so the
    database works out each body's bests once (personal_record_bests(), the
    trigger's own function) and the loader merges them per trainee."""
    bests_of_body: list[training.Bests] = [{} for _ in pool]
    found = conn.execute(
        "SELECT p.i - 1, b.exercise, b.heaviest_weight, b.best_estimated_1rm, b.most_reps"
        " FROM unnest(%s::jsonb[]) WITH ORDINALITY AS p(body, i),"
        " personal_record_bests(p.body) b",
        ([body for body, _ in pool],),
    )
    for body, exercise, heaviest, best_1rm, most_reps in found:
        bests_of_body[body][exercise] = (heaviest, best_1rm, most_reps)
    written = 0
    with conn.cursor().copy(
        f"COPY personal_records ({training.RECORD_COLUMNS}) FROM STDIN"
    ) as copy:
        for line in training.personal_records(world, bests_of_body):
            copy.write(line)
            written += 1
    return written


def load(url: URL, scale: float, *, password: str | None = None, seed: int = 7) -> BulkLoad:
    """Load the bulk data set into the database at `url` (at the head
    revision, catalogue synced). Refuses a database that already has it."""
    now = dt.datetime.now(dt.UTC)
    with psycopg.connect(libpq_dsn(url)) as conn:
        _refuse_second_load(conn)
        catalogue = _catalogue(conn)
        plan = make_plan(scale, len(catalogue), now.date())
        report = BulkLoad(plan)
        password_hash = hash_password(password) if password else None
        world = World(plan, random.Random(seed), now, catalogue, password_hash)
        people.make_people(world)
        fresh = create_partitions(conn, plan.months)
        loader = _Loader(conn, report, fresh)
        started = time.perf_counter()
        with suspended_upkeep(conn, LOADED_TABLES):
            loader.timed("(suspend upkeep)", started)
            _write_people(loader, world)
            _write_training(loader, world)
            _write_history(loader, world)
            started = time.perf_counter()
            _write_usage_counts(conn, world)
        loader.timed("(indexes, keys, triggers restored)", started)
        started = time.perf_counter()
        fill_personal_records(conn, world, world.pool)
        loader.timed("(personal records)", started)
        started = time.perf_counter()
        conn.commit()
        loader.timed("(commit)", started)
    report.rows["exercises"] += len(catalogue)  # the shipped catalogue is part of the 500
    started = time.perf_counter()
    _finish(url, plan, fresh)
    report.seconds["(vacuum, analyze, trainee_stats)"] = time.perf_counter() - started
    return report


def _finish(url: URL, plan: Plan, fresh: set[str]) -> None:
    """Statistics for the planner (ANALYZE of a partitioned table covers its
    partitions), visibility maps for index-only scans where COPY FREEZE did
    not set them, and the stats view."""
    stale = [
        partition_name(parent, month)
        for parent in PARTITIONED
        for month in plan.months
        if partition_name(parent, month) not in fresh
    ]
    with psycopg.connect(libpq_dsn(url), autocommit=True) as conn:
        for table in [t for t in LOADED_TABLES if t not in PARTITIONED] + stale:
            conn.execute(sql.SQL("VACUUM {}").format(sql.Identifier(table)))
        for table in LOADED_TABLES:
            conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
        conn.execute("REFRESH MATERIALIZED VIEW trainee_stats")


def describe(report: BulkLoad) -> str:
    seconds = report.total_seconds
    lines = [f"{table:22s} {rows:>10,}" for table, rows in report.rows.items()]
    lines.append(
        f"{'total':22s} {report.total_rows:>10,} rows in {seconds:.1f} s"
        f" ({report.total_rows / max(seconds, 1e-9):,.0f} rows/s) at scale {report.plan.scale:g}"
    )
    phases = sorted(report.seconds.items(), key=lambda item: -item[1])
    lines.append("time: " + ", ".join(f"{label} {spent:.1f} s" for label, spent in phases))
    return "\n".join(lines)
