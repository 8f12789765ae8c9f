"""Body weight: one entry per day, BMI, users.weight, CSV in and out."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.api.domain import linked_pair
from tests.api.helpers import API, register


async def _weight_of(client: httpx.AsyncClient, headers: dict[str, str]) -> float | None:
    weight: float | None = (await client.get(f"{API}/me", headers=headers)).json()["weight"]
    return weight


async def test_one_entry_per_day_with_bmi(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client, height=180)
    headers = pair.trainee.headers
    created = await client.post(
        f"{API}/body-weight", json={"date": "2026-11-01", "weight": 81}, headers=headers
    )
    assert created.status_code == 201
    assert created.json()["bmi"] == 25.0
    again = await client.post(
        f"{API}/body-weight", json={"date": "2026-11-01", "weight": 80}, headers=headers
    )
    assert again.status_code == 409
    replaced = await client.put(
        f"{API}/body-weight/2026-11-01", json={"weight": 64.8}, headers=headers
    )
    assert replaced.status_code == 200
    assert replaced.json()["bmi"] == 20.0
    created_by_put = await client.put(
        f"{API}/body-weight/2026-11-02", json={"weight": 65}, headers=headers
    )
    assert created_by_put.status_code == 201


async def test_users_weight_follows_the_newest_entry(client: httpx.AsyncClient) -> None:
    trainee = await register(client)
    h = trainee.headers
    await client.post(f"{API}/body-weight", json={"date": "2026-10-01", "weight": 70}, headers=h)
    await client.post(f"{API}/body-weight", json={"date": "2026-10-10", "weight": 72}, headers=h)
    assert await _weight_of(client, h) == 72
    await client.post(f"{API}/body-weight", json={"date": "2026-09-01", "weight": 90}, headers=h)
    assert await _weight_of(client, h) == 72
    await client.put(f"{API}/body-weight/2026-10-10", json={"weight": 71.5}, headers=h)
    assert await _weight_of(client, h) == 71.5
    assert (await client.delete(f"{API}/body-weight/2026-10-10", headers=h)).status_code == 204
    assert await _weight_of(client, h) == 70


async def test_a_trainer_logs_for_a_linked_trainee_only(client: httpx.AsyncClient) -> None:
    pair, other = await linked_pair(client), await linked_pair(client)
    ok = await client.post(
        f"{API}/body-weight",
        json={"traineeId": str(pair.trainee.id), "date": "2026-11-05", "weight": 60},
        headers=pair.trainer.headers,
    )
    assert ok.status_code == 201
    refused = await client.post(
        f"{API}/body-weight",
        json={"traineeId": str(other.trainee.id), "date": "2026-11-05", "weight": 60},
        headers=pair.trainer.headers,
    )
    assert refused.status_code == 404
    listed = (
        await client.get(
            f"{API}/body-weight",
            params={"traineeId": str(pair.trainee.id)},
            headers=pair.trainer.headers,
        )
    ).json()
    assert [e["date"] for e in listed["items"]] == ["2026-11-05"]


@pytest.mark.parametrize(
    "body",
    [
        {"date": "2026-11-01", "weight": 19},
        {"date": "2026-11-01", "weight": 401},
        {"date": "2026-11-01", "weight": 70, "bodyFatPercentage": 101},
        {"date": "not-a-date", "weight": 70},
    ],
)
async def test_bad_entries_are_422(client: httpx.AsyncClient, body: dict[str, object]) -> None:
    trainee = await register(client)
    response = await client.post(f"{API}/body-weight", json=body, headers=trainee.headers)
    assert response.status_code == 422


async def test_csv_export_and_import_round_trip(client: httpx.AsyncClient) -> None:
    trainee = await register(client)
    h = trainee.headers
    imported = await client.post(
        f"{API}/body-weight/import",
        content="date,weight,bodyFatPercentage,muscleMass,notes\n"
        "2026-08-01,75.5,20,30,start\n2026-08-08,74.9,,,\n",
        headers={**h, "Content-Type": "text/csv"},
    )
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"imported": 2, "replaced": 0}
    exported = await client.get(f"{API}/body-weight.csv", headers=h)
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["date"], r["weight"], r["notes"]) for r in rows] == [
        ("2026-08-01", "75.50", "start"),
        ("2026-08-08", "74.90", ""),
    ]
    again = await client.post(
        f"{API}/body-weight/import",
        content="date,weight\n2026-08-08,74.0\n",
        headers={**h, "Content-Type": "text/csv"},
    )
    assert again.json() == {"imported": 0, "replaced": 1}


async def test_an_import_with_a_bad_line_imports_nothing(client: httpx.AsyncClient) -> None:
    trainee = await register(client)
    h = trainee.headers
    response = await client.post(
        f"{API}/body-weight/import",
        content="date,weight\n2026-07-01,70\n2026-07-02,heavy\n2026-13-01,70\n2026-07-01,71\n",
        headers={**h, "Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    lines = {item["line"]: item["message"] for item in response.json()["lines"]}
    assert set(lines) == {3, 4, 5}
    assert "weight" in lines[3]
    assert "YYYY-MM-DD" in lines[4]
    assert "line 2" in lines[5]
    listed = (await client.get(f"{API}/body-weight", headers=h)).json()
    assert listed["items"] == []
    no_header = await client.post(
        f"{API}/body-weight/import", content="hello\n", headers={**h, "Content-Type": "text/csv"}
    )
    assert no_header.status_code == 422
