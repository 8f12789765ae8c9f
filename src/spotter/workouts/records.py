"""Personal records: heaviest weight, best estimated 1RM (Epley), and most
reps at a weight, per exercise, against the trainee's earlier workouts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from spotter.workouts import repository


def epley(weight: float, reps: int) -> float:
    """Estimated one-rep max: w * (1 + reps / 30); a single is itself."""
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


async def new_records(
    session: AsyncSession,
    trainee_id: uuid.UUID,
    workout_id: uuid.UUID,
    exercises: list[dict[str, Any]],
) -> list[Record]:
    """Records beaten by this workout. The first time an exercise is logged
    sets no record: there is nothing to beat yet."""
    # One exercise may appear in several entries; its sets count together.
    grouped: dict[str, tuple[str, list[tuple[float, int]]]] = {}
    for exercise in exercises:
        if exercise.get("type") != "weight_training":
            continue
        sets = [
            (float(s["weight"]), int(s["reps"]))
            for s in exercise["sets"]
            if s.get("weight") is not None and s.get("reps")
        ]
        key = exercise["name"].lower()
        grouped.setdefault(key, (exercise["name"], []))[1].extend(sets)
    found: list[Record] = []
    for key, (name, sets) in grouped.items():
        if not sets:
            continue
        earlier = await repository.earlier_sets(session, trainee_id, workout_id, key)
        if not earlier:
            continue
        heaviest, best_before = max(w for w, _ in sets), max(w for w, _ in earlier)
        if heaviest > best_before:
            found.append(Record(name, "heaviest_weight", heaviest, previous=best_before))
        one_rm, one_rm_before = (
            max(epley(w, r) for w, r in sets),
            max(epley(w, r) for w, r in earlier),
        )
        if one_rm > one_rm_before + 1e-9:
            found.append(Record(name, "estimated_1rm", one_rm, previous=round(one_rm_before, 2)))
        for weight in sorted({w for w, _ in sets}):
            reps_now = max(r for w, r in sets if w == weight)
            reps_before = [r for w, r in earlier if w == weight]
            if reps_before and reps_now > max(reps_before):
                found.append(
                    Record(name, "most_reps", reps_now, weight=weight, previous=max(reps_before))
                )
    return found
