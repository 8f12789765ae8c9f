"""Exercise and program templates, assignment, and following a program."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from tests.api.domain import TODAY, linked_pair
from tests.api.helpers import API, Account, register

PLANNED = [
    {
        "name": "Barbell Back Squat",
        "targetSets": 5,
        "targetReps": 5,
        "targetWeight": 100,
        "rest": 180,
    }
]


async def _template(
    client: httpx.AsyncClient, trainer: Account, public: bool = False
) -> dict[str, Any]:
    response = await client.post(
        f"{API}/exercise-templates",
        json={"name": "Lower A", "exercises": PLANNED, "isPublic": public},
        headers=trainer.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _plan(template_id: str, weeks: int = 4) -> list[dict[str, Any]]:
    return [
        {
            "week": w,
            "days": [
                {"day": "monday", "templateId": template_id},
                {"day": "thursday", "exercises": PLANNED},
            ],
        }
        for w in range(1, weeks + 1)
    ]


async def _program(
    client: httpx.AsyncClient,
    trainer: Account,
    template_id: str,
    public: bool = False,
    weeks: int = 4,
) -> dict[str, Any]:
    response = await client.post(
        f"{API}/program-templates",
        json={
            "name": "Strength",
            "durationWeeks": weeks,
            "weeklyPlan": _plan(template_id, weeks),
            "isPublic": public,
        },
        headers=trainer.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_public_templates_are_shared_and_private_ones_are_not(
    client: httpx.AsyncClient,
) -> None:
    mine, other = await register(client, "trainer"), await register(client, "trainer")
    private = await _template(client, mine)
    public = await _template(client, mine, public=True)
    seen = {
        t["id"]
        for t in (
            await client.get(
                f"{API}/exercise-templates", params={"limit": 100}, headers=other.headers
            )
        ).json()["items"]
    }
    assert public["id"] in seen
    assert private["id"] not in seen
    assert (
        await client.get(f"{API}/exercise-templates/{private['id']}", headers=other.headers)
    ).status_code == 404
    assert (
        await client.patch(
            f"{API}/exercise-templates/{public['id']}", json={"name": "Mine"}, headers=other.headers
        )
    ).status_code == 404
    only_mine = (
        await client.get(
            f"{API}/exercise-templates", params={"scope": "mine"}, headers=mine.headers
        )
    ).json()["items"]
    assert {t["id"] for t in only_mine} == {private["id"], public["id"]}


@pytest.mark.parametrize(
    ("plan", "weeks"),
    [
        ([{"week": 5, "days": [{"day": "monday", "exercises": PLANNED}]}], 4),
        ([{"week": 1, "days": [{"day": "monday"}]}], 4),
        ([{"week": 1, "days": [{"day": "funday", "exercises": PLANNED}]}], 4),
        ([{"week": 1, "days": [{"day": "monday", "exercises": PLANNED}]}] * 2, 4),
        ([{"week": 1, "days": [{"day": "monday", "exercises": PLANNED}]}], 53),
        ([], 4),
    ],
)
async def test_weekly_plans_are_validated(
    client: httpx.AsyncClient, plan: list[dict[str, Any]], weeks: int
) -> None:
    trainer = await register(client, "trainer")
    response = await client.post(
        f"{API}/program-templates",
        json={"name": "Bad", "durationWeeks": weeks, "weeklyPlan": plan},
        headers=trainer.headers,
    )
    assert response.status_code == 422


async def test_a_plan_cannot_name_an_invisible_template(client: httpx.AsyncClient) -> None:
    mine, other = await register(client, "trainer"), await register(client, "trainer")
    hidden = await _template(client, other)
    response = await client.post(
        f"{API}/program-templates",
        json={"name": "Sneaky", "durationWeeks": 1, "weeklyPlan": _plan(hidden["id"], 1)},
        headers=mine.headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.weeklyPlan"


async def test_assigning_derives_the_end_and_counts_usage(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    template = await _template(client, pair.trainer)
    program = await _program(client, pair.trainer, template["id"], weeks=12)
    start = TODAY - dt.timedelta(days=15)
    assigned = await client.post(
        f"{API}/program-templates/{program['id']}/assign",
        json={"traineeId": str(pair.trainee.id), "startDate": start.isoformat()},
        headers=pair.trainer.headers,
    )
    assert assigned.status_code == 201, assigned.text
    body = assigned.json()
    assert body["endDate"] == (start + dt.timedelta(weeks=12, days=-1)).isoformat()
    assert body["currentWeek"] == 3
    assert body["status"] == "active"
    reread = await client.get(
        f"{API}/program-templates/{program['id']}", headers=pair.trainer.headers
    )
    assert reread.json()["usageCount"] == 1
    as_trainee = await client.get(f"{API}/trainee-programs", headers=pair.trainee.headers)
    assert [p["id"] for p in as_trainee.json()["items"]] == [body["id"]]
    # The trainee can read the program their trainer assigned.
    assert (
        await client.get(f"{API}/program-templates/{program['id']}", headers=pair.trainee.headers)
    ).status_code == 200
    stranger = await register(client)
    refused = await client.post(
        f"{API}/program-templates/{program['id']}/assign",
        json={"traineeId": str(stranger.id), "startDate": start.isoformat()},
        headers=pair.trainer.headers,
    )
    assert refused.status_code == 404


async def test_current_week_can_be_set_and_status_moves_legally(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    program = await _program(
        client, pair.trainer, (await _template(client, pair.trainer))["id"], weeks=8
    )
    assigned = (
        await client.post(
            f"{API}/program-templates/{program['id']}/assign",
            json={"traineeId": str(pair.trainee.id), "startDate": TODAY.isoformat()},
            headers=pair.trainer.headers,
        )
    ).json()
    url = f"{API}/trainee-programs/{assigned['id']}"
    moved = await client.patch(url, json={"currentWeek": 5}, headers=pair.trainer.headers)
    assert moved.json()["currentWeek"] == 5
    assert moved.json()["startDate"] == (TODAY - dt.timedelta(weeks=4)).isoformat()
    assert (
        await client.patch(url, json={"currentWeek": 9}, headers=pair.trainer.headers)
    ).status_code == 422
    assert (
        await client.patch(url, json={"status": "paused"}, headers=pair.trainee.headers)
    ).status_code == 200
    assert (
        await client.patch(url, json={"status": "completed"}, headers=pair.trainer.headers)
    ).status_code == 409
    assert (
        await client.patch(url, json={"status": "cancelled"}, headers=pair.trainer.headers)
    ).status_code == 200
    assert (
        await client.patch(url, json={"status": "active"}, headers=pair.trainer.headers)
    ).status_code == 409
