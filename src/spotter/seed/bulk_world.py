"""The state the bulk loader's row generators share: who exists, who coaches
whom, and what was already generated that later tables refer to."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from spotter.seed.bulk_plan import Plan, coach_index


@dataclass(frozen=True)
class CatalogueExercise:
    id: uuid.UUID
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class WorkoutRef:
    """A loaded workout, its ids as text: millions of rows refer to it."""

    id: str
    trainee: str
    trainer: str
    date: str


@dataclass(frozen=True)
class ScheduleRef:
    id: uuid.UUID
    trainee: uuid.UUID
    title: str
    date: dt.date
    created_at: dt.datetime


@dataclass
class World:
    plan: Plan
    rng: random.Random
    now: dt.datetime
    catalogue: list[CatalogueExercise]
    password_hash: str | None
    trainers: list[uuid.UUID] = field(default_factory=list)
    trainees: list[uuid.UUID] = field(default_factory=list)
    # Settings' language of each user ('th' or 'en'), for texts written to them.
    language: dict[uuid.UUID, str] = field(default_factory=dict)
    # The newest body weight of each trainee: users.weight, as the trigger keeps it.
    newest_weight: dict[uuid.UUID, float] = field(default_factory=dict)
    height: dict[uuid.UUID, int] = field(default_factory=dict)
    # Exercise id -> uses in workouts and templates (exercises.usage_count).
    usage: dict[uuid.UUID, int] = field(default_factory=dict)
    # Workouts of each month (index into plan.months), for the rows about them.
    workouts_by_month: list[list[WorkoutRef]] = field(default_factory=list)
    # Workout bodies to draw from: (exercises JSON, the exercise ids it uses).
    pool: list[tuple[str, set[uuid.UUID]]] = field(default_factory=list)
    # The workout bodies (indexes into the pool) each trainee logged.
    bodies_of: dict[int, set[int]] = field(default_factory=dict)
    schedules: list[ScheduleRef] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def coach_of(self, trainee: int) -> uuid.UUID:
        return self.trainers[coach_index(trainee, len(self.trainers))]

    def timestamps(self, month: int, count: int) -> list[str]:
        """`count` random moments of a month, as COPY text."""
        start, end = self.month_bounds(month)
        first, span, rng = start.timestamp(), (end - start).total_seconds(), self.rng
        return [
            dt.datetime.fromtimestamp(first + span * rng.random(), dt.UTC).isoformat()
            for _ in range(count)
        ]

    def month_bounds(self, month: int) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) of a month of the plan, the current one ending now."""
        first = self.plan.months[month]
        start = dt.datetime(first.year, first.month, 1, tzinfo=dt.UTC)
        if month + 1 < len(self.plan.months):
            following = self.plan.months[month + 1]
            return start, dt.datetime(following.year, following.month, 1, tzinfo=dt.UTC)
        return start, self.now

    def moment_in(self, month: int) -> dt.datetime:
        start, end = self.month_bounds(month)
        return start + (end - start) * self.rng.random()

    def spread(self, count: int) -> list[int]:
        """How many of `count` rows fall in each month, evenly."""
        months = len(self.plan.months)
        return [(count * (m + 1)) // months - (count * m) // months for m in range(months)]
