"""Exercise search is served by the trigram indexes, also for the app role.

Under row-level security PostgreSQL cannot use an index for operators that
are not LEAKPROOF (pg_trgm's are not), so the matching lives in the SQL
function search_exercise_ids(), which runs as the owner. These tests read the
plans: the function's query must use the GIN indexes, and the server's
statement must find its matches through that function.
"""

from __future__ import annotations

import re
import uuid

import pytest
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import Connection

from spotter.exercises.repository import (
    SIMILARITY,
    WORD_SIMILARITY,
    ExerciseQuery,
    search_stmt,
)
from spotter.kit.principal import Principal


def _plan_of_search_function(db: Connection, query: str) -> str:
    body = db.execute(
        text("SELECT prosrc FROM pg_proc WHERE proname = 'search_exercise_ids'")
    ).scalar_one()
    db.execute(
        text(
            "SELECT set_config('pg_trgm.similarity_threshold', :s, true),"
            " set_config('pg_trgm.word_similarity_threshold', :w, true),"
            " set_config('pg_trgm.strict_word_similarity_threshold', :s, true)"
        ),
        {"s": str(SIMILARITY), "w": str(WORD_SIMILARITY)},
    )
    # The catalogue is small enough that a sequential scan would win on cost;
    # what matters is that the query can use the indexes at all.
    db.execute(text("SET LOCAL enable_seqscan = off"))
    name = f"search_{uuid.uuid4().hex[:8]}"
    prepared = re.sub(r"\bquery\b", "$1", body)
    # The raw cursor: the body's % operators are no placeholders.
    raw = db.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(f"PREPARE {name}(text) AS {prepared}")
        cursor.execute(
            sql.SQL("EXPLAIN EXECUTE {}({})").format(sql.Identifier(name), sql.Literal(query))
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"DEALLOCATE {name}")
        return plan
    finally:
        cursor.close()


@pytest.mark.parametrize("query", ["sqaut", "bench press", "สควอท"])
def test_the_search_function_uses_both_trigram_indexes(db: Connection, query: str) -> None:
    plan = _plan_of_search_function(db, query)
    assert "Seq Scan on exercises" not in plan, plan
    assert "Bitmap Index Scan on idx_exercises_name_trgm" in plan, plan
    assert "Bitmap Index Scan on idx_exercises_name_th_trgm" in plan, plan


def test_the_servers_search_finds_its_matches_through_the_function(db: Connection) -> None:
    principal = Principal(uuid.uuid4(), "trainee", uuid.uuid4())
    stmt = search_stmt(principal, ExerciseQuery(q="squat"), None)
    compiled = str(stmt.compile(dialect=db.dialect))
    assert "search_exercise_ids(" in compiled
    # And no trigram operator is left for the app role's RLS-filtered scan.
    assert " %% " not in compiled
    assert "<%" not in compiled


def test_the_app_role_may_call_the_search_function_only_for_what_it_sees(
    db: Connection,
) -> None:
    trainer = db.execute(
        text("INSERT INTO users (email, name, role) VALUES (:e, 'T', 'trainer') RETURNING id"),
        {"e": f"{uuid.uuid4().hex}@example.test"},
    ).scalar_one()
    db.execute(
        text(
            "INSERT INTO exercises (name, type, category, created_by)"
            " VALUES ('Hidden Zqxwv Lift', 'weight_training', 'legs', :t)"
        ),
        {"t": trainer},
    )
    db.execute(text("SET LOCAL ROLE spotter_app"))
    other = str(uuid.uuid4())
    db.execute(text("SELECT set_config('spotter.user_id', :u, true)"), {"u": other})
    found = db.execute(text("SELECT count(*) FROM search_exercise_ids('zqxwv')")).scalar_one()
    assert found == 0
    db.execute(text("SELECT set_config('spotter.user_id', :u, true)"), {"u": str(trainer)})
    found = db.execute(text("SELECT count(*) FROM search_exercise_ids('zqxwv')")).scalar_one()
    assert found == 1
