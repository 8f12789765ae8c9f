"""The hot reads' one-round-trip path (db/reads.py, reads.py): the same
answers as the general path, the same session check, the same row-level
security underneath."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.db.reads import Prepared, Query, read_as
from spotter.db.session import create_engine_for_app
from spotter.notifications import repository as notifications_repository
from spotter.workouts import repository as workouts_repository
from tests.api.domain import TODAY, Pair, linked_pair, log_workout, squat
from tests.api.helpers import API
from tests.conftest import make_settings

# A filter that keeps every row sends the list down the general path.
GENERAL = {"from": "1900-01-01"}


async def _pair_with_history(client: httpx.AsyncClient, workouts: int = 5) -> Pair:
    pair = await linked_pair(client)
    for n in range(workouts):
        day = TODAY - dt.timedelta(days=n % 3)  # ties on date: the id breaks them
        logged = await log_workout(client, pair, [squat(60 + n, 5, sets=2)], day=day, rating=4)
        assert logged.status_code == 201, logged.text
    return pair


async def _pages(
    client: httpx.AsyncClient, headers: dict[str, str], path: str, **params: Any
) -> list[dict[str, Any]]:
    """Every page of a list, two items at a time."""
    pages, cursor = [], None
    while True:
        query = {"limit": 2, **params, **({"cursor": cursor} if cursor else {})}
        answer = await client.get(f"{API}{path}", params=query, headers=headers)
        assert answer.status_code == 200, answer.text
        pages.append(answer.json())
        cursor = answer.json()["nextCursor"]
        if cursor is None:
            return pages


async def test_workout_lists_answer_as_the_general_path(client: httpx.AsyncClient) -> None:
    pair = await _pair_with_history(client)
    for who, params in (
        (pair.trainee, {}),
        (pair.trainer, {}),
        (pair.trainee, {"traineeId": str(pair.trainee.id)}),
    ):
        fast = await _pages(client, who.headers, "/workouts", **params)
        general = await _pages(client, who.headers, "/workouts", **params, **GENERAL)
        assert fast == general
        items = [item for page in fast for item in page["items"]]
        assert len(items) == 5
        assert len(fast) == 3
    one = items[0]
    alone = await client.get(f"{API}/workouts/{one['id']}", headers=pair.trainee.headers)
    assert alone.json() == one


async def test_me_answers_as_the_general_path(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    changed = await client.patch(
        f"{API}/me", json={"weight": 72.5, "phone": "0812345678"}, headers=pair.trainee.headers
    )
    assert changed.status_code == 200, changed.text
    me = await client.get(f"{API}/me", headers=pair.trainee.headers)
    assert me.status_code == 200
    assert me.json() == changed.json()
    assert me.json()["weight"] == 72.5


async def test_the_inbox_answers_as_the_general_path(client: httpx.AsyncClient) -> None:
    pair = await _pair_with_history(client, workouts=3)  # each one notifies the trainee
    headers = pair.trainee.headers
    count = await client.get(f"{API}/notifications/unread-count", headers=headers)
    pages = await _pages(client, headers, "/notifications")
    items = [item for page in pages for item in page["items"]]
    assert count.json() == {"unread": sum(not item["isRead"] for item in items)} != {"unread": 0}
    read = await client.post(f"{API}/notifications/{items[0]['id']}/read", headers=headers)
    again = await client.get(f"{API}/notifications", params={"limit": 1}, headers=headers)
    assert again.json()["items"][0] == read.json()
    unread = await _pages(client, headers, "/notifications", unread="true")
    left = [item["id"] for page in unread for item in page["items"]]
    assert items[0]["id"] not in left
    assert len(left) == len(items) - 1
    count = await client.get(f"{API}/notifications/unread-count", headers=headers)
    assert count.json() == {"unread": len(left)}


async def test_a_signed_out_session_reads_nothing(client: httpx.AsyncClient) -> None:
    pair = await _pair_with_history(client, workouts=1)
    headers = pair.trainee.headers
    assert (await client.post(f"{API}/auth/logout", headers=headers)).status_code == 204
    for path in ("/me", "/workouts", "/notifications", "/notifications/unread-count"):
        answer = await client.get(f"{API}{path}", headers=headers)
        assert answer.status_code == 401, path
        assert answer.headers["content-type"].startswith("application/problem+json")


async def test_a_role_changed_since_the_token_is_answered_for_the_new_role(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    """The trainer's SQL is chosen from the token; the account's role comes
    back in the same round trip, and a mismatch goes the general way."""
    pair = await _pair_with_history(client, workouts=2)
    before = await client.get(f"{API}/workouts", headers=pair.trainer.headers)
    assert len(before.json()["items"]) == 2
    with owner_engine.begin() as conn:
        conn.execute(
            text("UPDATE users SET role = 'trainee' WHERE id = :id"), {"id": pair.trainer.id}
        )
    after = await client.get(f"{API}/workouts", headers=pair.trainer.headers)
    assert after.status_code == 200, after.text
    assert after.json() == {"items": [], "nextCursor": None}


async def test_row_security_holds_when_the_read_path_filters_nothing(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SQL states whose rows; with that taken out, the policies still
    show each caller only their own."""
    mine, theirs = await _pair_with_history(client, 2), await _pair_with_history(client, 2)
    monkeypatch.setattr(workouts_repository, "_MINE_AS_TRAINEE", "%(me)s::uuid IS NOT NULL")

    def whole_inbox(*_: Any) -> Query:
        sql = f"SELECT {notifications_repository.INBOX_COLUMNS} FROM notifications"
        return Query(sql + " WHERE %(me)s::uuid IS NOT NULL LIMIT 100", {"me": mine.trainee.id})

    monkeypatch.setattr(notifications_repository, "inbox_query", whole_inbox)
    workouts = await client.get(f"{API}/workouts?limit=100", headers=mine.trainee.headers)
    assert {w["traineeId"] for w in workouts.json()["items"]} == {str(mine.trainee.id)}
    inbox = await client.get(f"{API}/notifications", headers=mine.trainee.headers)
    seen = {n["id"] for n in inbox.json()["items"]}
    other = await client.get(f"{API}/notifications", headers=theirs.trainee.headers)
    assert seen
    assert not seen & {n["id"] for n in other.json()["items"]}


def test_a_query_becomes_a_prepared_statement_with_numbered_parameters() -> None:
    prepared = Prepared.of(
        "SELECT 1 FROM t WHERE a = %(me)s AND b LIKE 'x%' AND (c, d) < (%(at)s, %(me)s)"
    )
    assert prepared.definition.endswith(
        "AS SELECT 1 FROM t WHERE a = $1 AND b LIKE 'x%%' AND (c, d) < ($2, $1)"
    )
    assert prepared.arguments == ("me", "at")
    assert prepared.execute() == f"EXECUTE {prepared.name}(%(me)s, %(at)s)"
    assert Prepared.of("SELECT 2").execute() == f"EXECUTE {Prepared.of('SELECT 2').name}"


async def test_a_read_prepares_again_after_a_rollback_dropped_its_statements(
    database_url: URL,
) -> None:
    """psycopg answers a rollback on a connection where it prepared
    statements with DEALLOCATE ALL, which drops the read path's too."""
    engine = create_engine_for_app(database_url, make_settings(db_pool_size=1, db_max_overflow=0))
    query = Query("SELECT %(n)s::int + 1 AS answer", {"n": 41})
    nobody = uuid.uuid4()
    try:
        first = await read_as(engine, nobody, nobody, [query])
        async with engine.connect() as conn:
            pg = (await conn.get_raw_connection()).driver_connection
            assert isinstance(pg, psycopg.AsyncConnection)
            await pg.execute("SELECT 1", prepare=True)  # psycopg's own statement
            await pg.rollback()
            held = await pg.execute("SELECT count(*) FROM pg_prepared_statements")
            assert await held.fetchone() == (0,)
            await pg.rollback()
        again = await read_as(engine, nobody, nobody, [query])
    finally:
        await engine.dispose()
    assert first.rows == again.rows == [[{"answer": 42}]]
    assert first.role is None  # no such session: no identity either
