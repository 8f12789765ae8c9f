"""Who the benchmark signs in as, and the requests it sends.

Bulk accounts share the known password (`seed bulk --password`):
- the trainer: trainer00000, who coaches trainee000000;
- a typical trainee: trainee000001 (~50 workouts, ~100 notifications);
- the heavy trainee: trainee000000 (~5,000 workouts and a long audit trail);
- 16 typical trainees for `POST /workouts` at ~50 earlier workouts, so each
  one's history grows little during the run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx
import psycopg
from sqlalchemy.engine import URL

from bench.database import BENCH_PASSWORD
from bench.loadgen import request_bytes
from spotter import clock
from spotter.db.urls import libpq_dsn
from spotter.seed.bulk_plan import trainee_email, trainer_email

API = "/api/v1"
DEEP_PAGE = 50
LIGHT_WRITERS = 16
# The trainer's pages (issue 11's goal: p50 under 50 ms at scale 0.1). The
# profile is the heavy trainee's, the worst case.
TRAINER_PAGES = ("/", "/calendar", "/roster", "/trainees/{heavy}", "/programs", "/exercises")
PAGE_GOAL = "one connection; goal: p50 under 50 ms"


@dataclass(frozen=True)
class Persona:
    email: str
    user_id: str
    role: str
    token: str
    refresh_token: str

    def spotter(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def browser(self) -> dict[str, str]:
        """The web app's sign-in cookie (it holds the refresh token)."""
        return {"Cookie": f"spotter_session={self.refresh_token}"}

    def floor(self) -> dict[str, str]:
        return {"X-Bench-Identity": f"{self.user_id}:{self.role}"}


@dataclass
class Endpoint:
    name: str
    spotter: list[bytes]
    floor: list[bytes] | None = None  # the database floor's equivalent
    limit: int | None = None  # writes: a fixed number of requests
    note: str = ""
    # Pages are timed one request at a time: their p50 is what one person
    # waits for a page, not a queue behind 31 others.
    connections: int | None = None


def sign_in(client: httpx.Client, email: str) -> Persona:
    answer = client.post(f"{API}/auth/login", json={"email": email, "password": BENCH_PASSWORD})
    answer.raise_for_status()
    body = answer.json()
    user = body["user"]
    return Persona(email, user["id"], user["role"], body["accessToken"], body["refreshToken"])


def _history(url: URL, user_id: str) -> int:
    with psycopg.connect(libpq_dsn(url)) as conn:
        row = conn.execute("SELECT count(*) FROM workouts WHERE trainee_id = %s", (user_id,))
        found = row.fetchone()
        return int(found[0]) if found else 0


def _deep_keyset(client: httpx.Client, who: Persona) -> tuple[int, str, str, str]:
    """Follow nextCursor to page DEEP_PAGE (or the last page, on small data):
    the page number, its cursor, and the keyset (createdAt, id) of the row
    before it, for the floor."""
    cursor, last, number = None, None, 1
    while number < DEEP_PAGE:
        params = {"limit": "20", **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/audit-logs", params=params, headers=who.spotter()).json()
        if not page.get("nextCursor"):
            break
        cursor, last, number = page["nextCursor"], page["items"][-1], number + 1
    if cursor is None or last is None:
        raise RuntimeError(f"{who.email} has a single page of audit entries")
    return number, cursor, last["createdAt"], last["id"]


def _workout_body(trainee_id: str) -> bytes:
    return json.dumps(
        {
            "traineeId": trainee_id,
            "date": clock.today().isoformat(),
            "duration": 60,
            "exercises": [
                {
                    "name": "Barbell Back Squat",
                    "type": "weight_training",
                    "sets": [{"setNumber": n, "weight": 100, "reps": 5} for n in (1, 2, 3)],
                }
            ],
        }
    ).encode()


def _get(path: str, headers: dict[str, str]) -> bytes:
    return request_bytes("GET", path, headers)


def _post_workout(who: Persona) -> bytes:
    headers = {**who.spotter(), "Content-Type": "application/json"}
    return request_bytes("POST", f"{API}/workouts", headers, _workout_body(who.user_id))


def build(base: str, url: URL, writes: int) -> list[Endpoint]:
    with httpx.Client(base_url=base, timeout=60) as client:
        trainer = sign_in(client, trainer_email(0))
        typical = sign_in(client, trainee_email(1))
        heavy = sign_in(client, trainee_email(0))
        writers = [sign_in(client, trainee_email(n)) for n in range(1, LIGHT_WRITERS + 1)]
        deep = {who.role: _deep_keyset(client, who) for who in (trainer, heavy)}
    endpoints = [
        Endpoint(
            "GET /me",
            [_get(f"{API}/me", typical.spotter())],
            [_get(f"{API}/me", typical.floor())],
        ),
        Endpoint(
            "GET /workouts?limit=20",
            [_get(f"{API}/workouts?limit=20", typical.spotter())],
            [_get(f"{API}/workouts", typical.floor())],
        ),
        Endpoint(
            "GET /notifications/unread-count",
            [_get(f"{API}/notifications/unread-count", typical.spotter())],
            [_get(f"{API}/notifications/unread-count", typical.floor())],
        ),
        Endpoint(
            "GET /notifications?limit=20",
            [_get(f"{API}/notifications?limit=20", typical.spotter())],
            [_get(f"{API}/notifications", typical.floor())],
        ),
    ]
    for who, label in ((trainer, "trainer"), (heavy, "trainee")):
        number, cursor, at, row_id = deep[who.role]
        endpoints.append(
            Endpoint(
                f"GET /audit-logs page 1 ({label})",
                [_get(f"{API}/audit-logs?limit=20", who.spotter())],
                [_get(f"{API}/audit-logs", who.floor())],
            )
        )
        floor_deep = f"{API}/audit-logs?{httpx.QueryParams(before_at=at, before_id=row_id)}"
        endpoints.append(
            Endpoint(
                f"GET /audit-logs page {number} ({label})",
                [_get(f"{API}/audit-logs?limit=20&cursor={cursor}", who.spotter())],
                [_get(floor_deep, who.floor())],
            )
        )
    for page in TRAINER_PAGES:
        path = page.format(heavy=heavy.user_id)
        name = page.replace("{heavy}", "<heavy trainee>")
        endpoints.append(
            Endpoint(
                f"page {name} (trainer)",
                [_get(path, trainer.browser())],
                note=PAGE_GOAL,
                connections=1,
            )
        )
    light_history = sum(_history(url, w.user_id) for w in writers) // len(writers)
    endpoints.append(
        Endpoint(
            "POST /workouts (short history)",
            [_post_workout(w) for w in writers],
            limit=writes,
            note=f"{LIGHT_WRITERS} trainees with ~{light_history:,} earlier workouts each",
        )
    )
    endpoints.append(
        Endpoint(
            "POST /workouts (long history)",
            [_post_workout(heavy)],
            limit=writes,
            note=f"one trainee with {_history(url, heavy.user_id):,} earlier workouts",
        )
    )
    return endpoints
