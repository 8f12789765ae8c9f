"""Every table, column, CHECK, named index, function, trigger and policy of
the seed design exists in the migrated database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from tests.db import seed_spec

SEED_TABLES = seed_spec.tables()
SEED_INDEXES = seed_spec.indexes()
SEED_TRIGGERS = seed_spec.triggers()

# DESIGN.md's deliberate departures, each explained in docs/decisions.md.
NOT_NULL_BY_DESIGN = {
    # Partition keys are part of the primary key of a partitioned table.
    ("notifications", "created_at"),
    ("audit_logs", "created_at"),
}
GENERATED_BY_DESIGN = {("schedules", "duration"), ("workouts", "summary")}
REPLACED_POLICIES = {"trainer_view_all_schedules": "trainer_view_linked_schedules"}


def test_the_seed_document_lists_what_its_sql_says() -> None:
    assert len(SEED_TABLES) == 15
    assert len(SEED_INDEXES) == 62
    assert len(SEED_TRIGGERS) == 9
    assert len(seed_spec.functions()) == 4


def _columns(db: Connection, table: str) -> dict[str, dict[str, object]]:
    rows = db.execute(
        text(
            "SELECT column_name, data_type, character_maximum_length, numeric_precision,"
            " numeric_scale, is_nullable, column_default, is_generated"
            " FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = :t"
        ),
        {"t": table},
    ).mappings()
    return {row["column_name"]: dict(row) for row in rows}


@pytest.mark.parametrize("table", sorted(SEED_TABLES))
def test_table_has_every_seed_column_with_its_type_and_nullability(
    db: Connection, table: str
) -> None:
    actual = _columns(db, table)
    assert actual, f"table {table} is missing"
    for name, seed_column in SEED_TABLES[table].columns.items():
        assert name in actual, f"{table}.{name} is missing"
        column = actual[name]
        assert column["data_type"] == seed_column.data_type, f"{table}.{name} type"
        if seed_column.length is not None:
            assert column["character_maximum_length"] == seed_column.length, f"{table}.{name}"
        if seed_column.precision is not None:
            got = (column["numeric_precision"], column["numeric_scale"])
            assert got == seed_column.precision, f"{table}.{name} precision"
        expected_nullable = (
            "NO" if (seed_column.not_null or (table, name) in NOT_NULL_BY_DESIGN) else "YES"
        )
        assert column["is_nullable"] == expected_nullable, f"{table}.{name} nullability"
        if (table, name) in GENERATED_BY_DESIGN:
            assert column["is_generated"] == "ALWAYS", f"{table}.{name} should be computed"


def _same_default(db: Connection, seed_default: str, actual: object) -> bool:
    if actual is None:
        return False
    if "(" in seed_default:
        # Function calls (now(), gen_random_uuid()) compare by name.
        return str(actual).lower() == seed_default.lower()
    # Literals compare by value, whatever casts PostgreSQL prints.
    query = f"SELECT ({seed_default}) IS NOT DISTINCT FROM ({actual})"
    return bool(db.exec_driver_sql(query.replace("%", "%%")).scalar())


@pytest.mark.parametrize("table", sorted(SEED_TABLES))
def test_table_has_every_seed_default(db: Connection, table: str) -> None:
    actual = _columns(db, table)
    for name, seed_column in SEED_TABLES[table].columns.items():
        if seed_column.default is None:
            continue
        got = actual[name]["column_default"]
        assert _same_default(db, seed_column.default, got), (
            f"{table}.{name}: default {got!r}, seed says {seed_column.default!r}"
        )


@pytest.mark.parametrize("table", sorted(SEED_TABLES))
def test_every_seed_check_has_a_constraint(db: Connection, table: str) -> None:
    checked = {
        row[0]
        for row in db.execute(
            text(
                "SELECT a.attname FROM pg_constraint c"
                " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
                " WHERE c.contype = 'c' AND c.conrelid = CAST(:t AS regclass)"
            ),
            {"t": table},
        )
    }
    for name, seed_column in SEED_TABLES[table].columns.items():
        if seed_column.checks:
            assert name in checked, f"{table}.{name} has no CHECK"


def _normalize_columns(expression: str) -> str:
    return re.sub(r"\s+", "", expression).lower()


@pytest.mark.parametrize("index", SEED_INDEXES, ids=lambda index: index.name)
def test_seed_index_exists_on_its_table_with_its_columns(db: Connection, index: object) -> None:
    assert isinstance(index, seed_spec.SeedIndex)
    row = (
        db.execute(
            text(
                "SELECT t.relname AS table_name, x.indisunique, am.amname,"
                " pg_get_indexdef(i.oid) AS definition"
                " FROM pg_class i JOIN pg_index x ON x.indexrelid = i.oid"
                " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_am am ON am.oid = i.relam"
                " WHERE i.relname = :name AND i.relnamespace = 'public'::regnamespace"
            ),
            {"name": index.name},
        )
        .mappings()
        .first()
    )
    assert row is not None, f"index {index.name} is missing"
    assert row["table_name"] == index.table
    assert row["indisunique"] == index.unique
    assert row["amname"] == index.method
    columns = row["definition"].split(f"USING {index.method} (", 1)[1].rsplit(")", 1)[0]
    assert _normalize_columns(columns) == _normalize_columns(index.columns)


@pytest.mark.parametrize("trigger", SEED_TRIGGERS, ids=lambda trigger: trigger.name)
def test_seed_trigger_exists_with_its_timing_and_function(db: Connection, trigger: object) -> None:
    assert isinstance(trigger, seed_spec.SeedTrigger)
    row = (
        db.execute(
            text(
                "SELECT pg_get_triggerdef(t.oid) AS definition, p.proname"
                " FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                " WHERE t.tgname = :name AND t.tgrelid = CAST(:table AS regclass)"
            ),
            {"name": trigger.name, "table": trigger.table},
        )
        .mappings()
        .first()
    )
    assert row is not None, f"trigger {trigger.name} on {trigger.table} is missing"
    assert row["proname"] == trigger.function
    assert f" {trigger.timing} " in row["definition"]
    assert "FOR EACH ROW" in row["definition"]


@pytest.mark.parametrize(
    "function", [*seed_spec.functions(), "current_user_id", "current_user_role"]
)
def test_function_exists(db: Connection, function: str) -> None:
    found = db.execute(
        text(
            "SELECT count(*) FROM pg_proc"
            " WHERE proname = :f AND pronamespace = 'public'::regnamespace"
        ),
        {"f": function},
    ).scalar_one()
    assert found == 1


def test_seed_policies_exist_with_the_replaced_one_renamed(db: Connection) -> None:
    policies = {
        row[0]
        for row in db.execute(
            text("SELECT policyname FROM pg_policies WHERE tablename = 'schedules'")
        )
    }
    for seed_name in (
        "trainee_view_own_schedules",
        "trainer_view_all_schedules",
        "trainer_modify_schedules",
    ):
        assert REPLACED_POLICIES.get(seed_name, seed_name) in policies
    assert "trainer_view_all_schedules" not in policies


def test_row_level_security_is_enabled_and_forced_on_every_user_data_table(db: Connection) -> None:
    user_tables = set(SEED_TABLES) | {
        "trainer_trainees",
        "webhook_deliveries",
        "event_outbox",
        "idempotency_keys",
    }
    assert set(seed_spec.rls_tables()) <= user_tables
    rows = db.execute(
        text(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
            " WHERE relname = ANY (:names) AND relnamespace = 'public'::regnamespace"
        ),
        {"names": sorted(user_tables)},
    ).all()
    assert {row[0] for row in rows} == user_tables
    for name, enabled, forced in rows:
        assert enabled, f"{name}: RLS is not enabled"
        assert forced, f"{name}: RLS is not forced"


def test_trainee_stats_has_the_unique_index_concurrent_refresh_needs(db: Connection) -> None:
    row = db.execute(
        text(
            "SELECT x.indisunique, x.indpred IS NULL AS whole_table FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = 'trainee_stats'::regclass"
        )
    ).first()
    assert row is not None
    assert row.indisunique
    assert row.whole_table


def test_the_partitioned_tables_have_default_partitions(db: Connection) -> None:
    for parent in ("workouts", "notifications", "audit_logs"):
        default = db.execute(
            text(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                " WHERE i.inhparent = CAST(:p AS regclass)"
                " AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'"
            ),
            {"p": parent},
        ).scalar_one()
        assert default == f"{parent}_default"
