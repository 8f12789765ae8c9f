"""Row-level security under the app role, with the personas.

Each test becomes spotter_app (SET LOCAL ROLE) with one persona's identity,
exactly as the server's request transactions do.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, ProgrammingError

from tests.conftest import act_as
from tests.db.helpers import add_schedule, add_workout, squat
from tests.personas import Persona, Personas, create_personas

DAY = dt.date(2026, 11, 12)
PROTECTED_TABLES = [
    "users",
    "trainer_trainees",
    "user_sessions",
    "schedules",
    "settings",
    "notifications",
    "workouts",
    "session_cards",
    "body_weight_entries",
    "audit_logs",
    "webhooks",
    "idempotency_keys",
    "exercise_templates",
    "program_templates",
    "trainee_programs",
    "webhook_deliveries",
]


@pytest.fixture
def personas(db: Connection) -> Personas:
    return create_personas(db)


@pytest.fixture
def b1_data(db: Connection, personas: Personas) -> dict[str, uuid.UUID]:
    """Rows that belong to trainee B1 (coached by trainer B)."""
    b, b1 = personas.trainer_b.id, personas.trainee_b1.id
    params = {"b": b, "b1": b1, "d": DAY}
    ids = {
        "schedule": add_schedule(db, b, b1, DAY),
        "workout": add_workout(db, b, b1, DAY, [squat(80, 5)]),
    }
    for key, statement in {
        "session_card": "INSERT INTO session_cards (trainee_id, trainer_id, date, summary)"
        " VALUES (:b1, :b, :d, 'B1 card') RETURNING id",
        "body_weight": "INSERT INTO body_weight_entries (trainee_id, weight, date)"
        " VALUES (:b1, 70, :d) RETURNING id",
        "program": "INSERT INTO trainee_programs (trainee_id, trainer_id, start_date)"
        " VALUES (:b1, :b, :d) RETURNING id",
        "webhook": "INSERT INTO webhooks (user_id, url, events, secret)"
        " VALUES (:b1, 'https://example.test/hook', '{workout.logged}', 'whsec_x') RETURNING id",
    }.items():
        ids[key] = db.execute(text(statement), params).scalar_one()
    return ids


def _count(db: Connection, table: str, where: str = "true", **params: object) -> int:
    count: int = db.execute(
        text(f"SELECT count(*) FROM {table} WHERE {where}"), params
    ).scalar_one()
    return count


OWNED_BY_B1 = [
    ("schedules", "trainee_id"),
    ("workouts", "trainee_id"),
    ("session_cards", "trainee_id"),
    ("body_weight_entries", "trainee_id"),
    ("trainee_programs", "trainee_id"),
    ("notifications", "user_id"),
    ("settings", "user_id"),
    ("webhooks", "user_id"),
    ("users", "id"),
]


@pytest.mark.parametrize(("table", "owner_column"), OWNED_BY_B1)
def test_trainee_a1_cannot_see_b1s_rows(
    db: Connection,
    personas: Personas,
    b1_data: dict[str, uuid.UUID],
    table: str,
    owner_column: str,
) -> None:
    b1 = personas.trainee_b1.id
    assert _count(db, table, f"{owner_column} = :b1", b1=b1) > 0
    act_as(db, personas.trainee_a1.id, "trainee")
    assert _count(db, table, f"{owner_column} = :b1", b1=b1) == 0


@pytest.mark.parametrize(("table", "owner_column"), OWNED_BY_B1)
def test_trainee_a1_cannot_update_or_delete_b1s_rows(
    db: Connection,
    personas: Personas,
    b1_data: dict[str, uuid.UUID],
    table: str,
    owner_column: str,
) -> None:
    b1 = personas.trainee_b1.id
    act_as(db, personas.trainee_a1.id, "trainee")
    # Invisible rows are simply not matched: nothing changes.
    assert (
        db.execute(
            text(f"UPDATE {table} SET created_at = created_at WHERE {owner_column} = :b1"),
            {"b1": b1},
        ).rowcount
        == 0
    )
    assert (
        db.execute(text(f"DELETE FROM {table} WHERE {owner_column} = :b1"), {"b1": b1}).rowcount
        == 0
    )
    db.execute(text("RESET ROLE"))
    assert _count(db, table, f"{owner_column} = :b1", b1=b1) > 0


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO workouts (trainee_id, trainer_id, date, duration, exercises)"
        " VALUES (:b1, :b, :d, 30, '[]')",
        "INSERT INTO body_weight_entries (trainee_id, weight, date) VALUES (:b1, 60, :d)",
        "INSERT INTO session_cards (trainee_id, trainer_id, date, summary)"
        " VALUES (:b1, :b, :d, 'forged')",
        "INSERT INTO schedules (trainee_id, trainer_id, title, date, start_time, end_time)"
        " VALUES (:b1, :b, 'forged', :d, '18:00', '19:00')",
        "INSERT INTO settings (user_id) VALUES (:b1)",
        "INSERT INTO webhooks (user_id, url, events, secret)"
        " VALUES (:b1, 'https://example.test', '{x}', 's')",
        "INSERT INTO notifications (user_id, type, title, message)"
        " VALUES (:b1, 'workout_logged', 'forged', 'forged')",
        "INSERT INTO audit_logs (user_id, action, resource_type) VALUES (:b1, 'UPDATE', 'users')",
    ],
)
def test_trainee_a1_cannot_insert_rows_for_b1(
    db: Connection, personas: Personas, statement: str
) -> None:
    act_as(db, personas.trainee_a1.id, "trainee")
    with pytest.raises(ProgrammingError, match="row-level security"):
        db.execute(
            text(statement), {"b1": personas.trainee_b1.id, "b": personas.trainer_b.id, "d": DAY}
        )


def test_trainer_a_sees_linked_trainees_but_not_b1(
    db: Connection, personas: Personas, b1_data: dict[str, uuid.UUID]
) -> None:
    a, a1 = personas.trainer_a.id, personas.trainee_a1.id
    add_workout(db, a, a1, DAY, [squat(60, 10)])
    act_as(db, a, "trainer")
    visible = {row[0] for row in db.execute(text("SELECT trainee_id FROM workouts"))}
    assert visible == {a1}
    names = {row[0] for row in db.execute(text("SELECT id FROM users"))}
    assert names == {a, a1, personas.trainee_a2.id}


def test_an_ended_link_hides_the_trainees_data_from_the_trainer(
    db: Connection, personas: Personas
) -> None:
    a, a1 = personas.trainer_a.id, personas.trainee_a1.id
    add_workout(db, a, a1, DAY, [squat(60, 10)])
    db.execute(
        text(
            "UPDATE trainer_trainees SET status = 'ended' WHERE trainer_id = :a AND trainee_id = :t"
        ),
        {"a": a, "t": a1},
    )
    act_as(db, a, "trainer")
    assert _count(db, "workouts", "trainee_id = :t", t=a1) == 0


def test_an_invitation_alone_grants_the_trainer_nothing(db: Connection, personas: Personas) -> None:
    b, outsider = personas.trainer_b.id, personas.outsider
    db.execute(
        text("INSERT INTO body_weight_entries (trainee_id, weight, date) VALUES (:o, 70, :d)"),
        {"o": outsider.id, "d": DAY},
    )
    act_as(db, b, "trainer")
    db.execute(
        text("INSERT INTO trainer_trainees (trainer_id, invited_email) VALUES (:b, :e)"),
        {"b": b, "e": outsider.email},
    )
    assert _count(db, "body_weight_entries", "trainee_id = :o", o=outsider.id) == 0
    assert _count(db, "users", "id = :o", o=outsider.id) == 0


def test_a_trainee_cannot_book_a_schedule(db: Connection, personas: Personas) -> None:
    act_as(db, personas.trainee_a1.id, "trainee")
    with pytest.raises(ProgrammingError, match="row-level security"):
        add_schedule(db, personas.trainer_a.id, personas.trainee_a1.id, DAY, "06:00", "07:00")


@pytest.mark.parametrize("table", PROTECTED_TABLES)
def test_without_an_identity_protected_tables_show_nothing(
    db: Connection, personas: Personas, b1_data: dict[str, uuid.UUID], table: str
) -> None:
    db.execute(
        text(
            "INSERT INTO audit_logs (user_id, action, resource_type) VALUES (:u, 'LOGIN', 'users')"
        ),
        {"u": personas.trainee_b1.id},
    )
    act_as(db, None)
    assert _count(db, table) == 0


def test_the_app_role_cannot_change_or_delete_audit_rows(
    db: Connection, personas: Personas
) -> None:
    a1 = personas.trainee_a1.id
    db.execute(
        text(
            "INSERT INTO audit_logs (user_id, action, resource_type) VALUES (:u, 'LOGIN', 'users')"
        ),
        {"u": a1},
    )
    act_as(db, a1, "trainee")
    assert _count(db, "audit_logs") == 1
    with pytest.raises(DBAPIError, match="permission denied"), db.begin_nested():
        db.execute(text("UPDATE audit_logs SET action = 'FORGED'"))
    with pytest.raises(DBAPIError, match="permission denied"):
        db.execute(text("DELETE FROM audit_logs"))


def test_the_app_role_cannot_read_unfiltered_statistics(db: Connection) -> None:
    act_as(db, None)
    with pytest.raises(DBAPIError, match="permission denied"):
        db.execute(text("SELECT * FROM trainee_stats"))


def test_the_app_role_is_neither_superuser_nor_bypassrls_nor_owner(db: Connection) -> None:
    role = db.execute(
        text(
            "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'spotter_app'"
        )
    ).one()
    assert role.rolsuper is False
    assert role.rolbypassrls is False
    owned = db.execute(
        text(
            "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)"
            " + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)"
            " + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)"
            " + (SELECT count(*) FROM pg_type WHERE typowner = r.oid)"
            " FROM pg_roles r WHERE r.rolname = 'spotter_app'"
        )
    ).scalar_one()
    assert owned == 0


def test_the_built_in_catalogue_is_readable_but_not_writable_by_a_trainer(
    db: Connection, personas: Personas
) -> None:
    act_as(db, personas.trainer_a.id, "trainer")
    assert _count(db, "exercises", "created_by IS NULL") >= 200
    assert (
        db.execute(text("UPDATE exercises SET name = name WHERE created_by IS NULL")).rowcount == 0
    )


# --- private exercises (revision 0003) ---------------------------------------


def _private_exercise(db: Connection, trainer: uuid.UUID) -> uuid.UUID:
    exercise_id: uuid.UUID = db.execute(
        text(
            "INSERT INTO exercises (name, type, category, created_by)"
            " VALUES (:n, 'weight_training', 'legs', :t) RETURNING id"
        ),
        {"n": f"Private {uuid.uuid4().hex[:8]}", "t": trainer},
    ).scalar_one()
    return exercise_id


def _pending_invitation(db: Connection, trainer: uuid.UUID, trainee: Persona) -> None:
    db.execute(
        text(
            "INSERT INTO trainer_trainees (trainer_id, trainee_id, invited_email)"
            " VALUES (:tr, :te, :email)"
        ),
        {"tr": trainer, "te": trainee.id, "email": trainee.email},
    )


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("trainer_a", True),  # the creator
        ("trainee_a1", True),  # an active trainee of the creator
        ("trainer_b", False),
        ("trainee_b1", False),
        ("outsider", False),  # invited by A, not yet accepted
    ],
)
def test_a_private_exercise_is_read_by_its_creator_and_active_trainees_only(
    db: Connection, personas: Personas, who: str, sees: bool
) -> None:
    exercise = _private_exercise(db, personas.trainer_a.id)
    _pending_invitation(db, personas.trainer_a.id, personas.outsider)
    persona = getattr(personas, who)
    act_as(db, persona.id, persona.role)
    assert _count(db, "exercises", "id = :e", e=exercise) == (1 if sees else 0)
    # Nobody but the creator changes it.
    changed = db.execute(
        text("UPDATE exercises SET description = 'x' WHERE id = :e"), {"e": exercise}
    ).rowcount
    assert changed == (1 if who == "trainer_a" else 0)


def _usage(db: Connection, exercise: uuid.UUID) -> int:
    count: int = db.execute(
        text("SELECT usage_count FROM exercises WHERE id = :e"), {"e": exercise}
    ).scalar_one()
    return count


def test_another_trainer_cannot_use_a_private_exercise_in_a_workout(
    db: Connection, personas: Personas
) -> None:
    exercise = _private_exercise(db, personas.trainer_a.id)
    entry = {"name": "Borrowed", "exerciseId": str(exercise), "sets": []}
    act_as(db, personas.trainer_b.id, "trainer")
    with pytest.raises(DBAPIError, match="private exercise"), db.begin_nested():
        add_workout(db, personas.trainer_b.id, personas.trainee_b1.id, DAY, [entry])
    with pytest.raises(DBAPIError, match="private exercise"), db.begin_nested():
        db.execute(
            text(
                "INSERT INTO exercise_templates (created_by, name, exercises)"
                " VALUES (:b, 'Borrowed', CAST(:ex AS jsonb))"
            ),
            {"b": personas.trainer_b.id, "ex": json.dumps([entry])},
        )
    plan = [{"week": 1, "days": [{"day": "monday", "exercises": [entry]}]}]
    with pytest.raises(DBAPIError, match="private exercise"), db.begin_nested():
        db.execute(
            text(
                "INSERT INTO program_templates (created_by, name, duration_weeks, weekly_plan)"
                " VALUES (:b, 'Borrowed', 1, CAST(:plan AS jsonb))"
            ),
            {"b": personas.trainer_b.id, "plan": json.dumps(plan)},
        )
    db.execute(text("RESET ROLE"))
    assert _usage(db, exercise) == 0


def test_the_creators_workouts_use_and_count_their_exercise(
    db: Connection, personas: Personas
) -> None:
    exercise = _private_exercise(db, personas.trainer_a.id)
    entry = {"name": "Mine", "exerciseId": str(exercise), "sets": []}
    act_as(db, personas.trainee_a1.id, "trainee")  # A1 logs a workout with trainer A
    add_workout(db, personas.trainer_a.id, personas.trainee_a1.id, DAY, [entry])
    db.execute(text("RESET ROLE"))
    assert _usage(db, exercise) == 1


def test_a_workout_cannot_be_edited_to_name_a_foreign_private_exercise(
    db: Connection, personas: Personas
) -> None:
    exercise = _private_exercise(db, personas.trainer_a.id)
    workout = add_workout(db, personas.trainer_b.id, personas.trainee_b1.id, DAY, [squat(80, 5)])
    entry = {"name": "Borrowed", "exerciseId": str(exercise), "sets": []}
    act_as(db, personas.trainer_b.id, "trainer")
    with pytest.raises(DBAPIError, match="private exercise"):
        db.execute(
            text("UPDATE workouts SET exercises = CAST(:ex AS jsonb) WHERE id = :w"),
            {"ex": json.dumps([entry]), "w": workout},
        )


# --- roster consent (revision 0003) -------------------------------------------


def test_a_trainer_cannot_insert_an_active_link(db: Connection, personas: Personas) -> None:
    outsider = personas.outsider
    act_as(db, personas.trainer_a.id, "trainer")
    with pytest.raises(DBAPIError, match="only the trainee"), db.begin_nested():
        db.execute(
            text(
                "INSERT INTO trainer_trainees (trainer_id, trainee_id, invited_email, status)"
                " VALUES (:tr, :te, :email, 'active')"
            ),
            {"tr": personas.trainer_a.id, "te": outsider.id, "email": outsider.email},
        )
    # A pending invitation is what a trainer may create.
    _pending_invitation(db, personas.trainer_a.id, outsider)
    assert _count(db, "trainer_trainees", "trainee_id = :o", o=outsider.id) == 1


def test_a_trainer_cannot_turn_a_pending_link_active(db: Connection, personas: Personas) -> None:
    outsider = personas.outsider
    _pending_invitation(db, personas.trainer_a.id, outsider)
    act_as(db, personas.trainer_a.id, "trainer")
    with pytest.raises(DBAPIError, match="only the trainee"), db.begin_nested():
        db.execute(
            text("UPDATE trainer_trainees SET status = 'active' WHERE trainee_id = :o"),
            {"o": outsider.id},
        )
    # The trainee's identity can.
    act_as(db, outsider.id, "trainee")
    accepted = db.execute(
        text("UPDATE trainer_trainees SET status = 'active' WHERE trainee_id = :o"),
        {"o": outsider.id},
    )
    assert accepted.rowcount == 1


def test_an_ended_link_is_reactivated_by_the_trainee_only(
    db: Connection, personas: Personas
) -> None:
    a1 = personas.trainee_a1.id
    db.execute(
        text("UPDATE trainer_trainees SET status = 'ended' WHERE trainee_id = :t"), {"t": a1}
    )
    act_as(db, personas.trainer_a.id, "trainer")
    with pytest.raises(DBAPIError, match="only the trainee"), db.begin_nested():
        db.execute(
            text("UPDATE trainer_trainees SET status = 'active' WHERE trainee_id = :t"), {"t": a1}
        )


def test_an_active_link_cannot_be_moved_to_another_trainee(
    db: Connection, personas: Personas
) -> None:
    act_as(db, personas.trainer_a.id, "trainer")
    with pytest.raises(DBAPIError, match="cannot change its trainer or trainee"):
        db.execute(
            text("UPDATE trainer_trainees SET trainee_id = :o WHERE trainee_id = :t"),
            {"o": personas.outsider.id, "t": personas.trainee_a1.id},
        )


def test_the_schema_owner_still_loads_active_links(db: Connection, personas: Personas) -> None:
    # The seeds and these personas write links as the owner: no identity needed.
    _pending_invitation(db, personas.trainer_b.id, personas.outsider)
    db.execute(
        text(
            "UPDATE trainer_trainees SET status = 'active'"
            " WHERE trainer_id = :b AND trainee_id = :o"
        ),
        {"b": personas.trainer_b.id, "o": personas.outsider.id},
    )
    assert _count(db, "trainer_trainees", "status = 'active'") >= 4
