"""Personal records: heaviest weight, best estimated 1RM (Epley), and most
reps at a weight, per exercise, against the trainee's earlier workouts.

The bests over all earlier workouts are kept in personal_records (revision
0005): its triggers merge each new workout in, in the same statement that
writes it, and rebuild an exercise's row from the history when a workout
is edited or deleted. A database trigger rather than this module keeps it,
so it holds whoever writes workouts (the API, the web app, a revert from
the audit log, the bulk loader's COPY). Detection here reads the rows before
the workout is written, one query however long the history."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import PersonalRecord
from spotter.workouts import repository


def epley(weight: float, reps: int) -> float:
    """Estimated one-rep max: w * (1 + reps / 30); a single is itself.
    personal_record_bests() in SQL computes the same in double precision."""
    if reps <= 0:
        return 0.0
    if reps == 1:
        return weight
    return weight * (1 + reps / 30)


@dataclass(frozen=True)
class Record:
    exercise: str
    kind: str  # heaviest_weight | estimated_1rm | most_reps
    value: float
    weight: float | None = None
    previous: float | None = None

    def describe(self) -> str:
        if self.kind == "heaviest_weight":
            return f"heaviest weight {self.value:g} kg"
        if self.kind == "estimated_1rm":
            return f"estimated 1RM {self.value:.1f} kg"
        return f"{self.value:g} reps at {self.weight:g} kg"

    def as_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "kind": self.kind,
            "value": round(self.value, 2),
            "weight": self.weight,
            "previous": self.previous,
        }


@dataclass(frozen=True)
class Bests:
    """One exercise's bests so far, as personal_records keeps them."""

    heaviest_weight: float
    estimated_1rm: float
    most_reps: dict[float, int]

    @classmethod
    def of(cls, row: PersonalRecord) -> Bests:
        return cls(
            float(row.heaviest_weight),
            row.best_estimated_1rm,
            {float(weight): int(reps) for weight, reps in row.most_reps.items()},
        )


def _sets_by_exercise(exercises: list[dict[str, Any]]) -> dict[str, tuple[str, list[Any]]]:
    """Lower-case name -> (name as logged, [(weight, reps)]): the sets that
    count, as in personal_record_bests(). One exercise may appear in several
    entries; its sets count together."""
    grouped: dict[str, tuple[str, list[tuple[float, int]]]] = {}
    for exercise in exercises:
        if exercise.get("type") != "weight_training":
            continue
        sets = [
            (float(s["weight"]), int(s["reps"]))
            for s in exercise["sets"]
            if s.get("weight") is not None and s.get("reps")
        ]
        grouped.setdefault(exercise["name"].lower(), (exercise["name"], []))[1].extend(sets)
    return grouped


async def bests_before(
    session: AsyncSession, trainee_id: uuid.UUID, exercises: list[dict[str, Any]]
) -> dict[str, Bests]:
    """The bests of the exercises of a workout about to be written."""
    names = list(_sets_by_exercise(exercises))
    if not names:
        return {}
    rows = await repository.personal_records(session, trainee_id, names)
    return {row.exercise: Bests.of(row) for row in rows}


@dataclass(frozen=True)
class Reached:
    """What one exercise of a workout reached, beside its bests so far."""

    name: str
    sets: list[tuple[float, int]]
    before: Bests
    heaviest: float
    one_rm: float


def reached(bests: dict[str, Bests], exercises: list[dict[str, Any]]) -> Iterator[Reached]:
    """Each exercise that has counted sets and kept bests (the first time an
    exercise is logged, there is nothing to compare with)."""
    for key, (name, sets) in _sets_by_exercise(exercises).items():
        before = bests.get(key)
        if sets and before is not None:
            heaviest = max(w for w, _ in sets)
            yield Reached(name, sets, before, heaviest, max(epley(w, r) for w, r in sets))


def new_records(bests: dict[str, Bests], exercises: list[dict[str, Any]]) -> list[Record]:
    """Records beaten by a workout, given the bests before it."""
    found: list[Record] = []
    for now in reached(bests, exercises):
        name, sets, before = now.name, now.sets, now.before
        if now.heaviest > before.heaviest_weight:
            found.append(
                Record(name, "heaviest_weight", now.heaviest, previous=before.heaviest_weight)
            )
        if now.one_rm > before.estimated_1rm + 1e-9:
            found.append(
                Record(name, "estimated_1rm", now.one_rm, previous=round(before.estimated_1rm, 2))
            )
        for weight in sorted({w for w, _ in sets}):
            reps_now = max(r for w, r in sets if w == weight)
            reps_before = before.most_reps.get(weight)
            if reps_before is not None and reps_now > reps_before:
                found.append(
                    Record(name, "most_reps", reps_now, weight=weight, previous=reps_before)
                )
    return found
