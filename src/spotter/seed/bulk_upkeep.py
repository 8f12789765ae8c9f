"""The loader's DDL: monthly partitions for the months it fills, and the
per-row upkeep it suspends while COPY runs.

Everything here runs inside the load's one transaction, so a failed load
rolls the DDL back with the rows and leaves the schema as it was.

What is suspended, and why that is safe:
- secondary indexes (not those behind a primary key, unique or exclusion
  constraint) are dropped and rebuilt from their own definitions: one sort
  per index instead of millions of inserts;
- foreign keys are dropped and added again by their own definitions; adding
  one checks every row, so nothing unchecked slips in;
- the triggers in DEFERRED_TRIGGERS are disabled; the loader writes what
  each would have written (see the reasons there);
- FORCE ROW LEVEL SECURITY is lifted, because COPY refuses tables whose
  policies apply to the role copying; the schema owner loads the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

PARTITIONED = ("workouts", "notifications", "audit_logs")

# Trigger -> why the loader may go without it.
DEFERRED_TRIGGERS: dict[tuple[str, str], str] = {
    ("users", "claim_invitations_on_signup"): "no bulk invitation waits for an email",
    ("trainer_trainees", "resolve_invited_trainee"): "every bulk link names its trainee",
    ("user_sessions", "cleanup_expired_sessions"): "no bulk session is expired",
    ("workouts", "count_exercise_usage_on_workout"): "usage counts are written in bulk",
    ("workouts", "refuse_foreign_exercises_on_workout"): (
        "bulk workouts draw only on the shipped catalogue, never a private exercise"
    ),
    ("exercise_templates", "count_exercise_usage_on_template"): "usage counts in bulk",
    ("trainee_programs", "count_program_usage"): "templates are written with their counts",
    ("body_weight_entries", "update_user_weight_on_insert"): "users carry their newest weight",
    ("schedules", "notify_schedule_created"): "the loader writes each booking's notification",
    ("notifications", "announce_notification"): "nobody listens for history",
}


def partition_name(parent: str, month: dt.date) -> str:
    return f"{parent}_{month:%Y_%m}"


def create_partitions(conn: psycopg.Connection, months: list[dt.date]) -> set[str]:
    """Every month's partition of the partitioned tables; returns those this
    transaction created (COPY FREEZE may fill them). A month whose rows sit in
    a DEFAULT partition cannot get one: that is an error, not a silent spill."""
    created: set[str] = set()
    for parent in PARTITIONED:
        for month in months:
            name = partition_name(parent, month)
            row = conn.execute(
                "SELECT create_month_partition(%s::regclass, %s), to_regclass(%s) IS NOT NULL",
                (parent, month, name),
            ).fetchone()
            assert row is not None
            if row[0]:
                created.add(name)
            elif not row[1]:
                raise RuntimeError(f"{parent}_default holds rows of {month:%Y-%m}; cannot load it")
    return created


def _foreign_keys(conn: psycopg.Connection, tables: list[str]) -> list[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conparentid = 0 AND conrelid = ANY(%s::regclass[])",
        (tables,),
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def _secondary_indexes(conn: psycopg.Connection, tables: list[str]) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = ANY(%s::regclass[])"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        (tables,),
    ).fetchall()
    # A partitioned table's definition says ON ONLY; rebuilt on the parent, it
    # must cover every partition again.
    return [(r[0], r[1].replace(" ON ONLY ", " ON ", 1)) for r in rows]


def _forced_rls(conn: psycopg.Connection, tables: list[str]) -> list[str]:
    rows = conn.execute(
        "SELECT oid::regclass::text FROM pg_class"
        " WHERE oid = ANY(%s::regclass[]) AND relforcerowsecurity",
        (tables,),
    ).fetchall()
    return [r[0] for r in rows]


def _alter(
    conn: psycopg.Connection, table: str, change: str, *names: str, definition: str = ""
) -> None:
    """ALTER TABLE `table` `change` (this module's text, each {} filled by a
    name), then `definition` as PostgreSQL wrote it (never formatted)."""
    identifiers = [sql.Identifier(name) for name in names]
    statement = sql.SQL("ALTER TABLE {} " + change).format(sql.Identifier(table), *identifiers)
    conn.execute(statement + sql.SQL(definition))


@contextmanager
def suspended_upkeep(conn: psycopg.Connection, tables: list[str]) -> Iterator[None]:
    """Drop indexes and foreign keys, disable DEFERRED_TRIGGERS and lift
    FORCE RLS on `tables`; put every one back when the block ends."""
    keys = _foreign_keys(conn, tables)
    indexes = _secondary_indexes(conn, tables)
    forced = _forced_rls(conn, tables)
    triggers = [(t, name) for (t, name) in DEFERRED_TRIGGERS if t in tables]
    for table, name, _ in keys:
        _alter(conn, table, "DROP CONSTRAINT {}", name)
    for index, _ in indexes:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(index)))
    for table, name in triggers:
        _alter(conn, table, "DISABLE TRIGGER {}", name)
    for table in forced:
        _alter(conn, table, "NO FORCE ROW LEVEL SECURITY")
    yield
    # Room to sort in memory: each index is built once, over all its rows.
    conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
    # The definitions come from pg_get_indexdef and pg_get_constraintdef.
    for _, definition in indexes:
        conn.execute(sql.SQL(definition))
    for table, name, definition in keys:
        _alter(conn, table, "ADD CONSTRAINT {} ", name, definition=definition)
    for table, name in triggers:
        _alter(conn, table, "ENABLE TRIGGER {}", name)
    for table in forced:
        _alter(conn, table, "FORCE ROW LEVEL SECURITY")
