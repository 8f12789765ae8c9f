"""Personal records kept in personal_records: merged by each new workout,
rebuilt when a workout is edited or deleted, and the only thing a new
workout is compared against."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ProgrammingError

from tests.api.domain import TODAY, Pair, linked_pair, log_workout, squat
from tests.api.helpers import API
from tests.conftest import act_as

SQUAT = "barbell back squat"


def _kept(owner_engine: Engine, trainee_id: uuid.UUID) -> dict[str, Any] | None:
    with owner_engine.connect() as db:
        row = db.execute(
            text(
                "SELECT heaviest_weight, best_estimated_1rm, most_reps FROM personal_records"
                " WHERE trainee_id = :t AND exercise = :e"
            ),
            {"t": trainee_id, "e": SQUAT},
        ).one_or_none()
    return None if row is None else dict(row._mapping)


async def _kinds(client: httpx.AsyncClient, pair: Pair, *exercises: dict[str, Any]) -> list[str]:
    response = await log_workout(client, pair, list(exercises))
    assert response.status_code == 201, response.text
    return sorted(r["kind"] for r in response.json()["personalRecords"])


async def test_each_new_workout_is_merged_into_the_kept_bests(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    assert _kept(owner_engine, pair.trainee.id) is None
    await log_workout(client, pair, [squat(100, 5), squat(90, 8, name="BARBELL back squat")])
    kept = _kept(owner_engine, pair.trainee.id)
    assert kept is not None
    assert kept["heaviest_weight"] == 100
    assert kept["best_estimated_1rm"] == pytest.approx(100 * (1 + 5 / 30))
    assert kept["most_reps"] == {"100": 5, "90": 8}
    kinds = await _kinds(client, pair, squat(102.5, 3), squat(100.0, 6))
    assert kinds == ["estimated_1rm", "heaviest_weight", "most_reps"]
    kept = _kept(owner_engine, pair.trainee.id)
    assert kept is not None
    assert kept["heaviest_weight"] == 102.5
    assert kept["most_reps"] == {"100": 6, "90": 8, "102.5": 3}


async def test_a_new_workout_is_compared_with_the_kept_row_only(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    """Detection never reads the history: with the kept bests raised by hand,
    a workout that beats every earlier workout sets no record."""
    pair = await linked_pair(client)
    await log_workout(client, pair, [squat(100, 5)])
    with owner_engine.begin() as db:
        db.execute(
            text(
                "UPDATE personal_records SET heaviest_weight = 500, best_estimated_1rm = 600,"
                " most_reps = '{\"120\": 50}' WHERE trainee_id = :t"
            ),
            {"t": pair.trainee.id},
        )
    assert await _kinds(client, pair, squat(120, 10)) == []


async def test_deleting_the_record_workout_restores_the_previous_record(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    await log_workout(client, pair, [squat(100, 5)], day=TODAY - dt.timedelta(days=3))
    record = await log_workout(client, pair, [squat(120, 5)])
    assert "heaviest_weight" in [r["kind"] for r in record.json()["personalRecords"]]
    deleted = await client.delete(
        f"{API}/workouts/{record.json()['id']}", headers=pair.trainer.headers
    )
    assert deleted.status_code == 204
    kept = _kept(owner_engine, pair.trainee.id)
    assert kept is not None
    assert (kept["heaviest_weight"], kept["most_reps"]) == (100, {"100": 5})
    # 110 beats what is left (100), not the deleted 120.
    assert await _kinds(client, pair, squat(110, 5)) == ["estimated_1rm", "heaviest_weight"]


async def test_deleting_the_only_workout_of_an_exercise_forgets_it(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    only = (await log_workout(client, pair, [squat(100, 5)])).json()
    await client.delete(f"{API}/workouts/{only['id']}", headers=pair.trainer.headers)
    assert _kept(owner_engine, pair.trainee.id) is None
    # So the next one is a first time again, not a record.
    assert await _kinds(client, pair, squat(90, 5)) == []


async def test_editing_a_workout_rebuilds_its_exercises_records(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    await log_workout(client, pair, [squat(100, 5)], day=TODAY - dt.timedelta(days=3))
    typo = (await log_workout(client, pair, [squat(1000, 5)])).json()
    fixed = await client.patch(
        f"{API}/workouts/{typo['id']}",
        json={"exercises": [squat(105, 5)]},
        headers=pair.trainer.headers,
    )
    assert fixed.status_code == 200, fixed.text
    kept = _kept(owner_engine, pair.trainee.id)
    assert kept is not None
    assert (kept["heaviest_weight"], kept["most_reps"]) == (105, {"100": 5, "105": 5})
    renamed = await client.patch(
        f"{API}/workouts/{typo['id']}",
        json={"exercises": [squat(105, 5, name="Front Squat")]},
        headers=pair.trainer.headers,
    )
    assert renamed.status_code == 200, renamed.text
    kept = _kept(owner_engine, pair.trainee.id)
    assert kept is not None
    assert kept["heaviest_weight"] == 100


async def test_reverting_a_deleted_workout_brings_its_record_back(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    await log_workout(client, pair, [squat(100, 5)], day=TODAY - dt.timedelta(days=3))
    best = (await log_workout(client, pair, [squat(130, 2)])).json()
    await client.delete(f"{API}/workouts/{best['id']}", headers=pair.trainer.headers)
    entries = (
        await client.get(
            f"{API}/audit-logs", params={"resourceId": best["id"]}, headers=pair.trainer.headers
        )
    ).json()["items"]
    deletion = next(e for e in entries if e["action"] == "DELETE")
    reverted = await client.post(
        f"{API}/audit-logs/{deletion['id']}/revert", headers=pair.trainer.headers
    )
    assert reverted.status_code == 200, reverted.text
    kept = _kept(owner_engine, pair.trainee.id)
    assert kept is not None
    assert kept["heaviest_weight"] == 130


async def test_the_backfill_rebuilds_the_same_bests_from_the_history(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    pair = await linked_pair(client)
    for weight, reps in ((80, 10), (100, 5), (90, 8)):
        await log_workout(client, pair, [squat(weight, reps)])
    merged = _kept(owner_engine, pair.trainee.id)
    with owner_engine.begin() as db:
        db.execute(
            text("DELETE FROM personal_records WHERE trainee_id = :t"), {"t": pair.trainee.id}
        )
        db.execute(
            text("SELECT rebuild_personal_records(ARRAY[CAST(:t AS uuid)])"),
            {"t": pair.trainee.id},
        )
    assert _kept(owner_engine, pair.trainee.id) == merged


async def test_records_are_read_like_workouts_and_written_only_by_the_triggers(
    client: httpx.AsyncClient, personas: Any, db: Connection
) -> None:
    pair = Pair(personas.trainer_a, personas.trainee_a1)
    await log_workout(client, pair, [squat(60, 5)])
    count = text("SELECT count(*) FROM personal_records WHERE trainee_id = :t")
    who = {"t": personas.trainee_a1.id}
    for reader, role, sees in (
        (personas.trainee_a1, "trainee", 1),
        (personas.trainer_a, "trainer", 1),
        (personas.trainer_b, "trainer", 0),
        (personas.trainee_a2, "trainee", 0),
    ):
        with db.begin_nested():
            act_as(db, reader.id, role)
            assert db.execute(count, who).scalar_one() == sees, reader.name
            db.execute(text("RESET ROLE"))
    act_as(db, personas.trainee_a1.id, "trainee")
    with pytest.raises(ProgrammingError, match="permission denied"):
        db.execute(
            text("UPDATE personal_records SET heaviest_weight = 999 WHERE trainee_id = :t"), who
        )
