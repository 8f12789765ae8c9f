"""The exercise catalogue as the logger keeps it on the phone: every exercise
the person may log (the built-in library, their own and their trainers'),
small enough to search offline."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from spotter.context import Context
from spotter.db.models import Exercise
from spotter.exercises import service as exercises_service
from spotter.exercises.repository import ExerciseQuery
from spotter.kit.pagination import PageQuery

PAGE = 100
# A guard against a runaway loop, far above any real library.
MAX_PAGES = 50


async def library(ctx: Context) -> list[Exercise]:
    """Every active exercise visible to the caller, by name."""
    found: list[Exercise] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = await exercises_service.library(
            ctx, ExerciseQuery(), "name", PageQuery(PAGE, cursor)
        )
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return found


def option(exercise: Exercise) -> dict[str, Any]:
    """One exercise as the logger's search shows and logs it."""
    return {
        "id": str(exercise.id),
        "name": exercise.name,
        "nameTh": exercise.name_th,
        "type": exercise.type,
    }


def catalogue_json(exercises: list[Exercise]) -> tuple[dict[str, Any], str]:
    """The catalogue and its version (a hash of its content, also the ETag):
    the service worker keeps the last copy and refreshes it behind."""
    options = [option(exercise) for exercise in exercises]
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()[:16]
    return {"version": digest, "exercises": options}, digest
