"""What `spotter seed bulk --scale S` loads: the seed's 15 tables at its row
counts times S, the accounts benchmarks sign in as, and the months it fills.

The counts are the seed's "Database Statistics" table (schema-design.md),
7,076,600 rows at scale 1. Two tables are read differently:
- `exercises`: the seed's 500 include Spotter's shipped catalogue, so the
  loader adds trainers' private exercises for the rest (at least one);
- `settings`: one row per user, as the seed's 10,000 for 10,000 users.
The roster links (trainer_trainees, one per trainee) come on top: the seed
has no roster table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SEED_COUNTS: dict[str, int] = {
    "users": 10_000,
    "user_sessions": 50_000,
    "schedules": 100_000,
    "workouts": 500_000,
    "exercises": 500,
    "session_cards": 100_000,
    "body_weight_entries": 200_000,
    "notifications": 1_000_000,
    "settings": 10_000,
    "audit_logs": 5_000_000,
    "api_rate_limits": 100_000,
    "webhooks": 1_000,
    "exercise_templates": 1_000,
    "program_templates": 100,
    "trainee_programs": 5_000,
}
TRAINER_SHARE = 0.05
# Every bulk account's email ends with this; a second load is refused.
EMAIL_DOMAIN = "bulk.spotter.test"
# Months of history, the current one included: workouts, notifications and
# audit rows are spread over them, and each gets its monthly partition.
HISTORY_MONTHS = 24
# Trainee 0 has a long history, so benchmarks can compare writes at ~50 and
# at ~5,000 earlier workouts (capped at a tenth of all workouts).
HEAVY_HISTORY = 5_000


def trainer_email(index: int) -> str:
    return f"trainer{index:05d}@{EMAIL_DOMAIN}"


def trainee_email(index: int) -> str:
    return f"trainee{index:06d}@{EMAIL_DOMAIN}"


def coach_index(trainee: int, trainers: int) -> int:
    """Trainee i is coached by trainer i mod the number of trainers."""
    return trainee % trainers


def month_starts(today: dt.date, months: int = HISTORY_MONTHS) -> list[dt.date]:
    """First days of the last `months` months, oldest first, this one last."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


@dataclass(frozen=True)
class Plan:
    scale: float
    counts: dict[str, int]
    trainers: int
    trainees: int
    private_exercises: int
    heavy_history: int
    months: list[dt.date] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def make_plan(scale: float, catalogue_size: int, today: dt.date) -> Plan:
    if scale <= 0:
        raise ValueError("scale must be positive")
    counts = {table: max(1, round(n * scale)) for table, n in SEED_COUNTS.items()}
    users = max(2, counts["users"])
    trainers = max(1, round(users * TRAINER_SHARE))
    private = max(1, round((SEED_COUNTS["exercises"] - catalogue_size) * scale))
    counts.update(users=users, settings=users, exercises=catalogue_size + private)
    return Plan(
        scale=scale,
        counts=counts,
        trainers=trainers,
        trainees=users - trainers,
        private_exercises=private,
        heavy_history=min(HEAVY_HISTORY, counts["workouts"] // 10),
        months=month_starts(today),
    )
