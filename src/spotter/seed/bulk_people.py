"""Bulk rows about people: users, their settings, roster links, sign-in
sessions, rate-limit counters and webhooks."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import uuid
from collections.abc import Iterator
from typing import Any

from spotter.seed.bulk_plan import trainee_email, trainer_email
from spotter.seed.bulk_world import World

Row = tuple[Any, ...]

FIRST_NAMES = ["Somchai", "Ploy", "Nok", "Anan", "Mali", "Mark", "Sarah", "Kai", "Lina", "Tom"]
LAST_NAMES = ["Srisuk", "Wongsa", "Chaiyo", "Davies", "Kim", "Rattana", "Meyer", "Boon"]
USER_AGENTS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 15) Chrome/131.0 Mobile",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1.15",
]
EVENTS = [
    ["workout.logged"],
    ["schedule.created", "schedule.updated", "schedule.cancelled"],
    ["workout.logged", "session_card.created", "body_weight.logged"],
]

USER_COLUMNS = (
    "id, email, password_hash, name, gender, role, height, weight, date_of_birth,"
    " is_active, last_login, created_at, updated_at"
)


def make_people(world: World) -> None:
    """Ids, languages, heights and weights, before any row is written: the
    users' rows carry the newest body weight the trigger would have set."""
    rng, plan = world.rng, world.plan
    world.trainers = [uuid.uuid4() for _ in range(plan.trainers)]
    world.trainees = [uuid.uuid4() for _ in range(plan.trainees)]
    for user in world.trainers + world.trainees:
        world.language[user] = "en" if rng.random() < 0.3 else "th"
    weigh_ins = plan.counts["body_weight_entries"]
    for index, trainee in enumerate(world.trainees):
        world.height[trainee] = rng.randint(150, 195)
        if index < weigh_ins:  # entry k belongs to trainee k mod trainees
            world.newest_weight[trainee] = weigh_in(trainee, 0)


def weigh_in(trainee: uuid.UUID, weeks_ago: int) -> float:
    """A trainee's weight `weeks_ago` weeks back: slowly drifting down."""
    base = 55 + trainee.int % 45
    return round(base + 0.2 * weeks_ago + (trainee.int >> weeks_ago % 7) % 10 / 10, 1)


def users(world: World) -> Iterator[Row]:
    rng, now = world.rng, world.now
    people = [(u, trainer_email(i), "trainer") for i, u in enumerate(world.trainers)]
    people += [(u, trainee_email(i), "trainee") for i, u in enumerate(world.trainees)]
    for number, (user, email, role) in enumerate(people):
        joined = now - dt.timedelta(days=730 + rng.randint(0, 400))
        born = dt.date(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
        # A few accounts are deactivated; the first ones stay active for benchmarks.
        active = number < 100 or rng.random() > 0.01
        yield (
            user,
            email,
            world.password_hash,
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            rng.choice(("male", "female", "other")),
            role,
            world.height.get(user),
            world.newest_weight.get(user),
            born,
            active,
            now - dt.timedelta(hours=rng.randint(1, 2000)),
            joined,
            joined,
        )


SETTINGS_COLUMNS = "user_id, theme, language, weight_unit, distance_unit, created_at"


def settings(world: World) -> Iterator[Row]:
    rng = world.rng
    for user, language in world.language.items():
        metric = rng.random() < 0.9
        yield (
            user,
            rng.choice(("light", "dark", "auto")),
            language,
            "kg" if metric else "lbs",
            "km" if metric else "miles",
            world.now - dt.timedelta(days=700),
        )


ROSTER_COLUMNS = "trainer_id, trainee_id, invited_email, status, accepted_at, created_at"


def roster(world: World) -> Iterator[Row]:
    joined = world.now - dt.timedelta(days=720)
    for index, trainee in enumerate(world.trainees):
        yield (world.coach_of(index), trainee, trainee_email(index), "active", joined, joined)


SESSION_COLUMNS = (
    "user_id, refresh_token, access_token, family_id, ip_address, user_agent,"
    " expires_at, rotated_at, revoked_at, created_at"
)


def user_sessions(world: World) -> Iterator[Row]:
    """Live sessions only (the cleanup trigger would purge expired ones);
    some rotated or revoked. Their tokens are random: nobody holds them."""
    rng, now = world.rng, world.now
    everyone = world.trainers + world.trainees
    for k in range(world.plan.counts["user_sessions"]):
        created = now - dt.timedelta(minutes=rng.randint(1, 6 * 24 * 60))
        state = rng.random()
        yield (
            everyone[k % len(everyone)],
            secrets.token_hex(32),
            secrets.token_hex(32),
            uuid.uuid4(),
            f"10.{k % 250}.{(k // 250) % 250}.{rng.randint(1, 250)}",
            rng.choice(USER_AGENTS),
            created + dt.timedelta(days=7),
            created + dt.timedelta(minutes=15) if state < 0.3 else None,
            created + dt.timedelta(hours=1) if state > 0.9 else None,
            created,
        )


RATE_LIMIT_COLUMNS = "user_id, ip_address, endpoint, requests_count, window_start, created_at"


def rate_limits(world: World) -> Iterator[Row]:
    """Past fixed windows: per user on `default`, and some anonymous sign-in
    attempts by IP. (endpoint, user, ip, window) is unique."""
    rng = world.rng
    everyone = world.trainers + world.trainees
    latest = world.now.replace(second=0, microsecond=0)
    for k in range(world.plan.counts["api_rate_limits"]):
        window = latest - dt.timedelta(minutes=k // len(everyone) + 1)
        if k % 10 == 9:
            yield (None, f"192.0.2.{k % 250}", f"login:{k}", rng.randint(1, 10), window, window)
        else:
            user = everyone[k % len(everyone)]
            yield (user, None, "default", rng.randint(1, 120), window, window)


WEBHOOK_COLUMNS = "user_id, url, events, secret, description, is_active, created_at, updated_at"


def webhooks(world: World) -> Iterator[Row]:
    rng = world.rng
    for k in range(world.plan.counts["webhooks"]):
        owner = world.trainers[k % len(world.trainers)]
        created = world.now - dt.timedelta(days=rng.randint(1, 600))
        yield (
            owner,
            f"https://hooks.example.com/spotter/{k}",
            rng.choice(EVENTS),
            "whsec_" + base64.b64encode(rng.randbytes(24)).decode(),
            "CRM sync",
            rng.random() < 0.9,
            created,
            created,
        )
