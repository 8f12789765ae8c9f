"""`python -m bench` starts, and its two floors answer (nothing is timed)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator

import httpx
import pytest
from bench.floors import database_app, framework_app
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.db.urls import libpq_dsn


def test_bench_explains_itself() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "bench", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "--scale" in shown.stdout


async def test_the_framework_floor_answers_twenty_items() -> None:
    transport = httpx.ASGITransport(app=framework_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://floor") as client:
        answer = await client.get("/api/v1/workouts")
    assert answer.status_code == 200
    assert len(answer.json()["items"]) == 20


@pytest.fixture
def someone(owner_engine: Engine) -> Iterator[uuid.UUID]:
    user_id = uuid.uuid4()
    with owner_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, name, role) VALUES (:id, :email, 'Floor', 'trainee')"
            ),
            {"id": user_id, "email": f"floor-{user_id.hex}@example.test"},
        )
    yield user_id
    with owner_engine.begin() as conn:
        conn.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})


async def test_the_database_floor_reads_under_row_level_security(
    database_url: URL, someone: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BENCH_DATABASE_URL", libpq_dsn(database_url))
    app = database_app()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://floor") as client:
            mine = await client.get(
                "/api/v1/me", headers={"X-Bench-Identity": f"{someone}:trainee"}
            )
            stranger = await client.get(
                "/api/v1/me", headers={"X-Bench-Identity": f"{uuid.uuid4()}:trainee"}
            )
            audit = await client.get(
                "/api/v1/audit-logs", headers={"X-Bench-Identity": f"{someone}:trainee"}
            )
    assert mine.status_code == 200
    assert mine.json()["email"] == f"floor-{someone.hex}@example.test"
    # The row exists, but the policy shows users only themselves: the floor
    # pays for row-level security like Spotter does.
    assert stranger.status_code == 404
    assert audit.json() == {"items": [], "nextCursor": None}
