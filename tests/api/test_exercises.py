"""The exercise library: search, filters, sort, usage and trainers' own."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.api.domain import linked_pair, log_workout
from tests.api.helpers import API, Account, register


async def _search(client: httpx.AsyncClient, who: Account, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(f"{API}/exercises", params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bench press", "barbell-bench-press"),
        ("BENCH PRESS", "barbell-bench-press"),
        ("bnech press", "barbell-bench-press"),  # a typo
        ("deadlfit", "deadlift"),  # another typo
        ("Pígeon", "pigeon-pose"),  # an accent
        ("สควอต", "goblet-squat"),  # Thai
        ("ท่าสุนัขก้มหน้า", "downward-dog"),
    ],
)
async def test_search_finds_names_in_english_and_thai_despite_typos(
    client: httpx.AsyncClient, query: str, expected: str
) -> None:
    who = await register(client)
    found = await _search(client, who, q=query, limit=10)
    assert expected in [e["slug"] for e in found]


async def test_filters_narrow_the_library(client: httpx.AsyncClient) -> None:
    who = await register(client)
    cardio = await _search(client, who, type="cardio", limit=100)
    assert cardio
    assert {e["type"] for e in cardio} == {"cardio"}
    glutes = await _search(client, who, muscle="glutes", equipment="barbell", limit=100)
    assert glutes
    assert all("glutes" in e["muscleGroups"] and "barbell" in e["equipment"] for e in glutes)
    advanced = await _search(client, who, difficulty="advanced", category="olympic", limit=100)
    assert advanced
    assert all(e["difficulty"] == "advanced" and e["category"] == "olympic" for e in advanced)


async def test_sort_by_name_pages_through_everything_once(client: httpx.AsyncClient) -> None:
    who = await register(client)
    names: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"sort": "name", "limit": 100}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(f"{API}/exercises", params=params, headers=who.headers)).json()
        names += [e["name"] for e in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert len(names) >= 200
    assert names == sorted(names)
    assert len(set(names)) == len(names)


async def test_usage_grows_with_workouts_and_templates_and_orders_popular(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    target = (await _search(client, pair.trainer, q="Zottman curl", limit=1))[0]
    before = target["usageCount"]
    entry = {
        "name": target["name"],
        "type": "weight_training",
        "exerciseId": target["id"],
        "sets": [{"setNumber": 1, "weight": 10, "reps": 10}],
    }
    assert (await log_workout(client, pair, [entry])).status_code == 201
    template = await client.post(
        f"{API}/exercise-templates",
        json={
            "name": "Arms",
            "exercises": [
                {
                    "name": target["name"],
                    "exerciseId": target["id"],
                    "targetSets": 3,
                    "targetReps": 10,
                }
            ],
        },
        headers=pair.trainer.headers,
    )
    assert template.status_code == 201
    after = await client.get(f"{API}/exercises/{target['id']}", headers=pair.trainer.headers)
    assert after.json()["usageCount"] == before + 2
    popular = await _search(client, pair.trainer, sort="popular", limit=100)
    counts = [e["usageCount"] for e in popular]
    assert counts == sorted(counts, reverse=True)


async def test_trainers_create_edit_and_archive_their_own(client: httpx.AsyncClient) -> None:
    trainer, other = await register(client, "trainer"), await register(client, "trainer")
    name = f"Tempo Squat {uuid.uuid4().hex[:6]}"
    created = await client.post(
        f"{API}/exercises",
        json={
            "name": name,
            "nameTh": "สควอตจังหวะ",
            "type": "weight_training",
            "category": "legs",
            "muscleGroups": ["quadriceps"],
        },
        headers=trainer.headers,
    )
    assert created.status_code == 201
    exercise = created.json()
    assert exercise["createdBy"] == str(trainer.id)
    edited = await client.patch(
        f"{API}/exercises/{exercise['id']}",
        json={"difficulty": "advanced"},
        headers=trainer.headers,
    )
    assert edited.json()["difficulty"] == "advanced"
    assert (
        await client.patch(
            f"{API}/exercises/{exercise['id']}",
            json={"difficulty": "beginner"},
            headers=other.headers,
        )
    ).status_code == 404
    archived = await client.delete(f"{API}/exercises/{exercise['id']}", headers=trainer.headers)
    assert archived.status_code == 204
    assert name not in [e["name"] for e in await _search(client, trainer, q=name)]
    with_archived = await _search(client, trainer, q=name, includeArchived="true")
    assert with_archived[0]["isActive"] is False
    duplicate = await client.post(
        f"{API}/exercises",
        json={"name": name, "type": "cardio", "category": "cardio"},
        headers=trainer.headers,
    )
    assert duplicate.status_code == 409


async def test_the_built_in_catalogue_is_read_only(client: httpx.AsyncClient) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    catalogue_entry = (await _search(client, trainer, q="push-up", limit=1))[0]
    assert catalogue_entry["createdBy"] is None
    changed = await client.patch(
        f"{API}/exercises/{catalogue_entry['id']}",
        json={"difficulty": "advanced"},
        headers=trainer.headers,
    )
    assert changed.status_code == 403
    assert (
        await client.delete(f"{API}/exercises/{catalogue_entry['id']}", headers=trainer.headers)
    ).status_code == 403
    refused = await client.post(
        f"{API}/exercises",
        json={"name": "Mine", "type": "cardio", "category": "c"},
        headers=trainee.headers,
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"type": "dance"},
        {"difficulty": "extreme"},
        {"sort": "random"},
        {"limit": 0},
        {"limit": 101},
        {"cursor": "not-a-cursor"},
        {"q": "x" * 101},
    ],
)
async def test_bad_filters_are_422(client: httpx.AsyncClient, params: dict[str, Any]) -> None:
    who = await register(client)
    response = await client.get(f"{API}/exercises", params=params, headers=who.headers)
    assert response.status_code == 422
