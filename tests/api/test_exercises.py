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
    # Room for every squat: among equal matches popularity decides, and other
    # tests in this database log exercises.
    found = await _search(client, who, q=query, limit=40)
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


# --- search: typos, Thai spellings, ranking ---------------------------------


@pytest.mark.parametrize("query", ["sqaut", "squt", "sqat", "suqat"])
async def test_one_typo_still_finds_the_squats(client: httpx.AsyncClient, query: str) -> None:
    who = await register(client)
    found = [e["slug"] for e in await _search(client, who, q=query, limit=50)]
    squats = {"barbell-back-squat", "front-squat", "goblet-squat", "jump-squat", "box-squat"}
    assert squats <= set(found), found


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("สควอต", "สควอท"),  # a final t as ต or ท
        ("บ็อกซ์สควอต", "บอกซ์สควอท"),  # with and without mai taikhu
        ("แฮ็คสควอต", "แฮคสควอท"),
    ],
)
async def test_both_thai_spellings_find_the_same_exercises(
    client: httpx.AsyncClient, one: str, other: str
) -> None:
    who = await register(client)
    first = [e["slug"] for e in await _search(client, who, q=one, limit=100)]
    second = [e["slug"] for e in await _search(client, who, q=other, limit=100)]
    assert first
    assert first == second


async def test_the_other_thai_spelling_finds_every_thai_squat(client: httpx.AsyncClient) -> None:
    who = await register(client)
    found = {e["slug"] for e in await _search(client, who, q="สควอท", limit=100)}
    thai_squats = {
        e["slug"]
        for e in await _search(client, who, q="squat", limit=100)
        if "สควอต" in e["nameTh"]
    }
    assert len(thai_squats) >= 12
    assert thai_squats <= found


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("squat", "barbell-back-squat"),  # the base lift, by its alias
        ("Squat", "barbell-back-squat"),
        ("สควอท", "barbell-back-squat"),
        ("deadlift", "deadlift"),  # "Conventional Deadlift" before "Sumo Deadlift"
        ("bench press", "barbell-bench-press"),
        ("jump squat", "jump-squat"),  # an exact name beats the alias of a broader one
        ("front squat", "front-squat"),
    ],
)
async def test_the_base_lift_or_exact_name_ranks_first(
    client: httpx.AsyncClient, query: str, first: str
) -> None:
    who = await register(client)
    found = [e["slug"] for e in await _search(client, who, q=query, limit=20)]
    assert found[0] == first, found


async def test_squat_ranks_the_back_squat_before_the_jump_squat(client: httpx.AsyncClient) -> None:
    who = await register(client)
    found = [e["slug"] for e in await _search(client, who, q="squat", limit=50)]
    assert found.index("barbell-back-squat") < found.index("jump-squat")


async def test_a_name_that_starts_with_the_query_ranks_before_one_that_contains_it(
    client: httpx.AsyncClient,
) -> None:
    who = await register(client)
    found = [e["name"] for e in await _search(client, who, q="leg", limit=50)]
    starting = [i for i, name in enumerate(found) if name.lower().startswith("leg")]
    containing = [i for i, name in enumerate(found) if not name.lower().startswith("leg")]
    assert starting
    assert containing
    assert max(starting) < min(containing), found


async def test_popularity_breaks_ties_between_equal_matches(client: httpx.AsyncClient) -> None:
    trainer = await register(client, "trainer")
    word = f"zorb{uuid.uuid4().hex[:6]}"
    made = []
    for label in ("Alpha", "Beta"):
        created = await client.post(
            f"{API}/exercises",
            json={"name": f"Tempo {word} {label}", "type": "weight_training", "category": "legs"},
            headers=trainer.headers,
        )
        assert created.status_code == 201
        made.append(created.json())
    template = await client.post(
        f"{API}/exercise-templates",
        json={"name": "Uses Beta", "exercises": [{"name": "B", "exerciseId": made[1]["id"]}]},
        headers=trainer.headers,
    )
    assert template.status_code == 201, template.text
    found = [e["id"] for e in await _search(client, trainer, q=word, limit=10)]
    assert found == [made[1]["id"], made[0]["id"]]


async def test_search_pages_through_every_match_once(client: httpx.AsyncClient) -> None:
    who = await register(client)
    everything = [e["id"] for e in await _search(client, who, q="squat", limit=100)]
    paged: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"q": "squat", "limit": 4}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(f"{API}/exercises", params=params, headers=who.headers)).json()
        paged += [e["id"] for e in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert paged == everything
    assert len(everything) >= 13


@pytest.mark.parametrize("query", ["%", "_", "100%", "\\"])
async def test_like_wildcards_in_the_query_match_nothing_by_themselves(
    client: httpx.AsyncClient, query: str
) -> None:
    who = await register(client)
    assert await _search(client, who, q=query, limit=100) == []


# --- private exercises --------------------------------------------------------


async def _private_exercise(client: httpx.AsyncClient, trainer: Account) -> dict[str, Any]:
    created = await client.post(
        f"{API}/exercises",
        json={
            "name": f"Secret Sled {uuid.uuid4().hex[:8]}",
            "type": "weight_training",
            "category": "legs",
        },
        headers=trainer.headers,
    )
    assert created.status_code == 201, created.text
    exercise: dict[str, Any] = created.json()
    return exercise


def _entry(exercise: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": exercise["name"],
        "type": "weight_training",
        "exerciseId": exercise["id"],
        "sets": [{"setNumber": 1, "weight": 50, "reps": 5}],
    }


async def _usage(client: httpx.AsyncClient, who: Account, exercise: dict[str, Any]) -> int:
    response = await client.get(f"{API}/exercises/{exercise['id']}", headers=who.headers)
    assert response.status_code == 200
    count: int = response.json()["usageCount"]
    return count


async def test_a_pending_invitee_cannot_see_the_trainers_private_exercises(
    client: httpx.AsyncClient,
) -> None:
    trainer, invitee = await register(client, "trainer"), await register(client)
    exercise = await _private_exercise(client, trainer)
    invited = await client.post(
        f"{API}/roster/invitations", json={"email": invitee.email}, headers=trainer.headers
    )
    assert invited.status_code == 201, invited.text
    hidden = await client.get(f"{API}/exercises/{exercise['id']}", headers=invitee.headers)
    assert hidden.status_code == 404
    found = await _search(client, invitee, q=exercise["name"], limit=100)
    assert exercise["id"] not in [e["id"] for e in found]
    accepted = await client.post(
        f"{API}/roster/invitations/{invited.json()['id']}/accept", headers=invitee.headers
    )
    if accepted.status_code == 200:  # (accepting may first need a verified email)
        shown = await client.get(f"{API}/exercises/{exercise['id']}", headers=invitee.headers)
        assert shown.status_code == 200


async def test_an_active_trainee_reads_but_cannot_change_the_trainers_exercise(
    client: httpx.AsyncClient,
) -> None:
    pair = await linked_pair(client)
    exercise = await _private_exercise(client, pair.trainer)
    shown = await client.get(f"{API}/exercises/{exercise['id']}", headers=pair.trainee.headers)
    assert shown.status_code == 200
    found = await _search(client, pair.trainee, q=exercise["name"], limit=100)
    assert found[0]["id"] == exercise["id"]  # its exact name
    changed = await client.patch(
        f"{API}/exercises/{exercise['id']}",
        json={"difficulty": "advanced"},
        headers=pair.trainee.headers,
    )
    assert changed.status_code in (403, 404)
    # Logging it in a workout with that trainer is using it as the trainer meant.
    before = await _usage(client, pair.trainer, exercise)
    logged = await log_workout(client, pair, [_entry(exercise)], by_trainee=True)
    assert logged.status_code == 201, logged.text
    assert await _usage(client, pair.trainer, exercise) == before + 1


async def test_another_trainer_cannot_use_a_private_exercise_by_id(
    client: httpx.AsyncClient,
) -> None:
    owner = await register(client, "trainer")
    exercise = await _private_exercise(client, owner)
    other = await linked_pair(client)
    assert (
        await client.get(f"{API}/exercises/{exercise['id']}", headers=other.trainer.headers)
    ).status_code == 404
    refusals = [
        (await log_workout(client, other, [_entry(exercise)]), "body.exercises.0.exerciseId"),
        (
            await client.post(
                f"{API}/exercise-templates",
                json={
                    "name": "Borrowed",
                    "exercises": [{"name": "x", "exerciseId": exercise["id"]}],
                },
                headers=other.trainer.headers,
            ),
            "body.exercises.0.exerciseId",
        ),
        (
            await client.post(
                f"{API}/program-templates",
                json={
                    "name": "Borrowed plan",
                    "durationWeeks": 1,
                    "weeklyPlan": [
                        {
                            "week": 1,
                            "days": [
                                {
                                    "day": "monday",
                                    "exercises": [{"name": "x", "exerciseId": exercise["id"]}],
                                }
                            ],
                        }
                    ],
                },
                headers=other.trainer.headers,
            ),
            "body.weeklyPlan.0.days.0.exercises.0.exerciseId",
        ),
    ]
    for response, field in refusals:
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == field
    # The trainee of the other trainer cannot log it either.
    own = await log_workout(client, other, [_entry(exercise)], by_trainee=True)
    assert own.status_code == 422
    assert await _usage(client, owner, exercise) == 0


async def test_an_unknown_exercise_id_is_422(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    ghost = {"id": str(uuid.uuid4()), "name": "Ghost"}
    response = await log_workout(client, pair, [_entry(ghost)])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.exercises.0.exerciseId"


async def test_a_workout_edit_cannot_swap_in_a_foreign_exercise(client: httpx.AsyncClient) -> None:
    owner = await register(client, "trainer")
    exercise = await _private_exercise(client, owner)
    pair = await linked_pair(client)
    squat = (await _search(client, pair.trainer, q="squat", limit=1))[0]
    logged = await log_workout(client, pair, [_entry(squat)])
    assert logged.status_code == 201, logged.text
    edited = await client.patch(
        f"{API}/workouts/{logged.json()['id']}",
        json={"exercises": [_entry(exercise)]},
        headers=pair.trainer.headers,
    )
    assert edited.status_code == 422, edited.text
