"""Body weight: one entry per day, BMI, users.weight, CSV in and out."""

from __future__ import annotations

import asyncio
import csv
import io

import httpx
import pytest

from spotter.body_weight.csv_strict import defused, undefused
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
    assert lines[4].startswith("date")
    assert "line 2" in lines[5]
    listed = (await client.get(f"{API}/body-weight", headers=h)).json()
    assert listed["items"] == []
    no_header = await client.post(
        f"{API}/body-weight/import", content="hello\n", headers={**h, "Content-Type": "text/csv"}
    )
    assert no_header.status_code == 422


async def test_csv_export_defuses_formulas(client: httpx.AsyncClient) -> None:
    trainee = await register(client)
    h = trainee.headers
    notes = {
        "2026-06-01": '=HYPERLINK("https://evil.test","click")',
        "2026-06-02": "+1+1",
        "2026-06-03": "-2+3",
        "2026-06-04": "@SUM(A1:A2)",
        "2026-06-07": "felt strong - new PR",
    }
    for day, note in notes.items():
        put = await client.put(
            f"{API}/body-weight/{day}", json={"weight": 70, "notes": note}, headers=h
        )
        assert put.status_code == 201, put.text
    exported = await client.get(f"{API}/body-weight.csv", headers=h)
    rows = {r["date"]: r["notes"] for r in csv.DictReader(io.StringIO(exported.text))}
    for day, note in notes.items():
        expected = note if day == "2026-06-07" else "'" + note
        assert rows[day] == expected
    # The export imports back unchanged: the defusing quote is read away.
    again = await client.post(
        f"{API}/body-weight/import",
        content=exported.text,
        headers={**h, "Content-Type": "text/csv"},
    )
    assert again.json() == {"imported": 0, "replaced": len(notes)}
    listed = (await client.get(f"{API}/body-weight", params={"limit": 20}, headers=h)).json()
    assert {e["date"]: e["notes"] for e in listed["items"]} == notes


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # a full-width equals sign
        ("fine - really", "fine - really"),
        ("'quoted", "'quoted"),
        (None, ""),
    ],
)
def test_cells_are_defused_and_read_back(cell: str | None, written: str) -> None:
    assert defused(cell) == written
    assert undefused(written) == (cell or "")


@pytest.mark.parametrize(
    ("content", "line"),
    [
        # An unterminated quote would swallow the lines after it.
        ('date,weight,notes\n2026-05-01,70,ok\n2026-05-02,71,"never closed\n2026-05-03,72,x\n', 3),
        # A stray quote inside an unquoted cell.
        ('date,weight,notes\n2026-05-01,70,he said "hi"\n2026-05-02,71,ok\n', 2),
        # Text after a closing quote.
        ('date,weight,notes\n2026-05-01,70,ok\n2026-05-02,71,"a"b\n', 3),
        # A quoted cell over two lines is fine; the error after it is on line 4.
        ('date,weight,notes\n2026-05-01,70,"two\nlines"\n2026-05-02,71,x"y\n', 4),
    ],
)
async def test_an_import_with_malformed_quoting_names_the_line_and_stores_nothing(
    client: httpx.AsyncClient, content: str, line: int
) -> None:
    trainee = await register(client)
    h = trainee.headers
    response = await client.post(
        f"{API}/body-weight/import", content=content, headers={**h, "Content-Type": "text/csv"}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [item["line"] for item in response.json()["lines"]] == [line]
    assert response.json()["errors"][0]["field"] == f"body.line{line}"
    listed = (await client.get(f"{API}/body-weight", headers=h)).json()
    assert listed["items"] == []


async def test_a_quoted_multiline_note_imports(client: httpx.AsyncClient) -> None:
    trainee = await register(client)
    h = trainee.headers
    content = 'date,weight,notes\n2026-04-01,70,"two\nlines, and a ""quote"""\n2026-04-02,71,\n'
    response = await client.post(
        f"{API}/body-weight/import", content=content, headers={**h, "Content-Type": "text/csv"}
    )
    assert response.json() == {"imported": 2, "replaced": 0}
    listed = (await client.get(f"{API}/body-weight", headers=h)).json()
    notes = {e["date"]: e["notes"] for e in listed["items"]}
    assert notes["2026-04-01"] == 'two\nlines, and a "quote"'


async def test_concurrent_puts_for_the_same_day_both_succeed(client: httpx.AsyncClient) -> None:
    trainee = await register(client)
    h = trainee.headers
    days = [f"2026-03-{d:02d}" for d in range(1, 9)]

    async def put(day: str, weight: float) -> httpx.Response:
        return await client.put(f"{API}/body-weight/{day}", json={"weight": weight}, headers=h)

    # Several requests per new day at once: all race to create the same row.
    responses = await asyncio.gather(*(put(day, 70 + n) for day in days for n in range(3)))
    assert sorted({r.status_code for r in responses}) == [200, 201], [r.text for r in responses]
    by_day: dict[str, list[int]] = {}
    for response in responses:
        by_day.setdefault(response.json()["date"], []).append(response.status_code)
    assert all(codes.count(201) == 1 for codes in by_day.values()), by_day
    listed = (await client.get(f"{API}/body-weight", params={"limit": 20}, headers=h)).json()
    assert sorted(e["date"] for e in listed["items"]) == days
