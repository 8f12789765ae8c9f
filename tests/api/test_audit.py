"""The audit trail: what is written, who may read it, and reverting."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.domain import book, linked_pair, log_workout, squat
from tests.api.helpers import API, Account


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
