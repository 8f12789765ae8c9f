"""The audit trail: what is written, who may read it, and reverting."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from spotter.audit import repository as audit_repository
from spotter.audit.repository import AuditFilters
from spotter.kit.principal import Principal
from tests.api.domain import Pair, book, linked_pair, log_workout, squat
from tests.api.helpers import API, PASSWORD, Account, ApiPersonas
from tests.conftest import act_as


async def _entries(client: httpx.AsyncClient, who: Account, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(
        f"{API}/audit-logs", params={"limit": 100, **params}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_create_update_delete_are_audited_with_old_and_new_values(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair, title="Before")
    await client.patch(
        f"{API}/schedules/{schedule['id']}", json={"title": "After"}, headers=pair.trainer.headers
    )
    await client.delete(f"{API}/schedules/{schedule['id']}", headers=pair.trainer.headers)
    entries = await _entries(
        client, pair.trainer, resourceType="schedules", resourceId=schedule["id"]
    )
    by_action = {e["action"]: e for e in entries}
    assert set(by_action) == {"CREATE", "UPDATE", "DELETE"}
    assert by_action["CREATE"]["newValues"]["title"] == "Before"
    assert by_action["UPDATE"]["oldValues"] == {"title": "Before"}
    assert by_action["UPDATE"]["newValues"] == {"title": "After"}
    assert by_action["DELETE"]["oldValues"]["title"] == "After"
    assert all(e["userId"] == str(pair.trainer.id) for e in entries)


async def test_trainers_see_their_trainees_resources_and_trainees_their_own(
    client: httpx.AsyncClient,
) -> None:
    pair, other = await linked_pair(client), await linked_pair(client)
    workout = (await log_workout(client, pair, [squat(60, 5)], by_trainee=True)).json()
    by_trainer = await _entries(client, pair.trainer, resourceId=workout["id"])
    assert [e["action"] for e in by_trainer] == ["CREATE"]
    assert by_trainer[0]["userId"] == str(pair.trainee.id)
    assert [
        e["action"] for e in await _entries(client, pair.trainee, resourceId=workout["id"])
    ] == ["CREATE"]
    for outsider in (other.trainer, other.trainee):
        assert await _entries(client, outsider, resourceId=workout["id"]) == []


async def test_reverting_an_update_restores_the_old_values(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair, title="Original")
    await client.patch(
        f"{API}/schedules/{schedule['id']}",
        json={"title": "Changed", "location": "A"},
        headers=pair.trainer.headers,
    )
    update = next(
        e
        for e in await _entries(client, pair.trainer, resourceId=schedule["id"])
        if e["action"] == "UPDATE"
    )
    refused = await client.post(
        f"{API}/audit-logs/{update['id']}/revert", headers=pair.trainee.headers
    )
    assert refused.status_code == 403
    reverted = await client.post(
        f"{API}/audit-logs/{update['id']}/revert", headers=pair.trainer.headers
    )
    assert reverted.status_code == 200, reverted.text
    now = (
        await client.get(f"{API}/schedules/{schedule['id']}", headers=pair.trainer.headers)
    ).json()
    assert (now["title"], now["location"]) == ("Original", None)
    again = await client.post(
        f"{API}/audit-logs/{update['id']}/revert", headers=pair.trainer.headers
    )
    assert again.status_code == 409


async def test_an_update_changed_since_cannot_be_reverted(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    schedule = await book(client, pair, title="One")
    await client.patch(
        f"{API}/schedules/{schedule['id']}", json={"title": "Two"}, headers=pair.trainer.headers
    )
    first_update = next(
        e
        for e in await _entries(client, pair.trainer, resourceId=schedule["id"])
        if e["action"] == "UPDATE"
    )
    await client.patch(
        f"{API}/schedules/{schedule['id']}", json={"title": "Three"}, headers=pair.trainer.headers
    )
    response = await client.post(
        f"{API}/audit-logs/{first_update['id']}/revert", headers=pair.trainer.headers
    )
    assert response.status_code == 409
    assert "title" in response.json()["detail"]


async def test_a_deletion_is_reverted_by_recreating_the_row(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    workout = (await log_workout(client, pair, [squat(70, 5)])).json()
    await client.delete(f"{API}/workouts/{workout['id']}", headers=pair.trainer.headers)
    deletion = next(
        e
        for e in await _entries(client, pair.trainer, resourceId=workout["id"])
        if e["action"] == "DELETE"
    )
    restored = await client.post(
        f"{API}/audit-logs/{deletion['id']}/revert", headers=pair.trainer.headers
    )
    assert restored.status_code == 200, restored.text
    back = await client.get(f"{API}/workouts/{workout['id']}", headers=pair.trainee.headers)
    assert back.status_code == 200
    assert back.json()["summary"] == workout["summary"]


async def test_recreating_a_deleted_row_that_now_conflicts_is_409(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    h = pair.trainee.headers
    await client.post(f"{API}/body-weight", json={"date": "2026-06-01", "weight": 70}, headers=h)
    await client.delete(f"{API}/body-weight/2026-06-01", headers=h)
    await client.post(f"{API}/body-weight", json={"date": "2026-06-01", "weight": 71}, headers=h)
    deletion = next(
        e
        for e in await _entries(client, pair.trainee, resourceType="body_weight_entries")
        if e["action"] == "DELETE"
    )
    response = await client.post(f"{API}/audit-logs/{deletion['id']}/revert", headers=h)
    assert response.status_code == 409


async def test_secrets_are_masked_in_the_trail(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    await client.patch(f"{API}/me", json={"name": "Masked"}, headers=pair.trainee.headers)
    entries = await _entries(client, pair.trainee, resourceType="users")
    text = str(entries)
    assert pair.trainee.refresh_token not in text
    assert "passwordHash" not in text
    assert "$argon2" not in text


async def test_reading_notifications_and_rotating_the_calendar_are_audited(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    await book(client, pair)  # a second notification, so read-all has one to mark
    h = pair.trainee.headers
    first = (await client.get(f"{API}/notifications", headers=h)).json()["items"][0]["id"]
    await client.post(f"{API}/notifications/{first}/read", headers=h)
    await client.post(f"{API}/notifications/read-all", headers=h)
    token = (await client.post(f"{API}/schedules/calendar-token", headers=h)).json()["token"]
    read = await _entries(client, pair.trainee, resourceType="notifications")
    assert len(read) == 2
    rotated = await _entries(client, pair.trainee, resourceType="users")
    calendar = next(e for e in rotated if e["newValues"] and "ical_token" in e["newValues"])
    assert calendar["newValues"]["ical_token"] == "***"
    assert token not in str(rotated)


async def test_addresses_and_user_agents_are_shown_only_to_the_person_they_belong_to(
    client: httpx.AsyncClient, personas: ApiPersonas
) -> None:
    a1 = personas.trainee_a1
    signed_in = await client.post(
        f"{API}/auth/login",
        json={"email": a1.email, "password": PASSWORD},
        headers={"User-Agent": "A1-Phone/1.0"},
    )
    assert signed_in.status_code == 200
    await log_workout(client, Pair(personas.trainer_a, a1), [squat(50, 5)])
    own = await _entries(client, a1, userId=str(a1.id), resourceType="users")
    login = next(e for e in own if e["action"] == "LOGIN" and e["userAgent"] == "A1-Phone/1.0")
    assert login["ipAddress"] == "127.0.0.1"
    # The trainer reads the same sign-in (about a trainee of theirs), and the
    # trainee reads the trainer's workout entry, each without the other's.
    by_trainer = await _entries(client, personas.trainer_a, userId=str(a1.id))
    same = next(e for e in by_trainer if e["id"] == login["id"])
    assert (same["ipAddress"], same["userAgent"]) == (None, None)
    assert all((e["ipAddress"], e["userAgent"]) == (None, None) for e in by_trainer)
    coach_entries = await _entries(client, a1, userId=str(personas.trainer_a.id))
    assert coach_entries
    assert all((e["ipAddress"], e["userAgent"]) == (None, None) for e in coach_entries)
    trainer_own = await _entries(client, personas.trainer_a, userId=str(personas.trainer_a.id))
    assert all(e["ipAddress"] == "127.0.0.1" for e in trainer_own)


async def test_pages_follow_the_visibility_policy_exactly(
    client: httpx.AsyncClient, personas: ApiPersonas, db: Connection
) -> None:
    """Every entry the policy lets each persona read, once, newest first,
    through small pages: the query's own statement of the rule agrees with
    audit_logs_select_visible."""
    a, a1, a2 = personas.trainer_a, personas.trainee_a1, personas.trainee_a2
    await log_workout(client, Pair(a, a1), [squat(40, 5)])
    await log_workout(client, Pair(a, a2), [squat(40, 5)], by_trainee=True)
    await client.patch(f"{API}/me", json={"name": "Trainee A1"}, headers=a1.headers)
    for who in personas.all().values():
        act_as(db, who.id, who.role)
        expected = [
            str(row.id)
            for row in db.execute(
                text("SELECT id FROM audit_logs ORDER BY created_at DESC, id DESC")
            )
        ]
        db.execute(text("RESET ROLE"))
        seen: list[str] = []
        cursor: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = await client.get(f"{API}/audit-logs", params=params, headers=who.headers)
            assert page.status_code == 200, page.text
            seen += [e["id"] for e in page.json()["items"]]
            cursor = page.json()["nextCursor"]
            if cursor is None:
                break
        assert seen == expected, who.name


async def test_the_listing_walks_the_subject_and_user_indexes_not_every_entry(
    personas: ApiPersonas, db: Connection
) -> None:
    """The planner can use an index only because the query states the rule:
    left to the policy, it walked every partition's newest-first index."""
    captured: list[Any] = []

    class Capture:
        async def execute(self, stmt: Any) -> list[Any]:
            captured.append(stmt)
            return []

    trainer = personas.trainer_a
    principal = Principal(trainer.id, "trainer", uuid.uuid4())
    before = (dt.datetime.now(dt.UTC), uuid.uuid4())
    await audit_repository.listing(
        Capture(),  # type: ignore[arg-type]
        principal,
        AuditFilters(),
        limit=20,
        before=before,
    )
    compiled = captured[0].compile(
        dialect=postgresql.dialect(),  # type: ignore[no-untyped-call]
        compile_kwargs={"literal_binds": True},
    )
    sql = str(compiled)
    act_as(db, trainer.id, "trainer")
    db.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in db.execute(text(f"EXPLAIN (COSTS OFF) {sql}")))
    walks = set(re.findall(r"Index Scan using audit_logs_\w+?_((?:user|subject)\w+) on", plan))
    # Ordered walks (not a bitmap of every match, sorted afterwards), by
    # (user, created_at, id) and (subject, created_at, id).
    assert walks == {"user_id_created_at_id_idx", "subject_user_id_created_at_id_idx"}, plan
