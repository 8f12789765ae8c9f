"""History: my workouts, newest first, a page at a time ("More" carries the
keyset cursor), and one workout's detail."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from spotter.db.models import Workout
from spotter.kit.pagination import PageQuery, by_date, page_of
from spotter.kit.query import DateWindow
from spotter.roster.scope import Whose
from spotter.web import i18n
from spotter.web.deps import CurrentViewer, Viewer, WebContext
from spotter.web.render import render
from spotter.workouts import repository as workouts_repository
from spotter.workouts import service as workouts_service
from spotter.workouts.schemas import WorkoutFilters

router = APIRouter()

PAGE_SIZE = 20
NAMES_SHOWN = 3


def weight(viewer: Viewer, kg: Any) -> Decimal | None:
    if kg is None:
        return None
    return i18n.weight_for_display(kg, "lbs" if viewer.weight_unit == "lbs" else "kg")


def distance(viewer: Viewer, km: Any) -> Decimal | None:
    if km is None:
        return None
    return i18n.distance_for_display(km, "miles" if viewer.distance_unit == "miles" else "km")


def summary_of(viewer: Viewer, workout: Workout) -> dict[str, Any]:
    """The database's summary, in the viewer's units."""
    summary = workout.summary or {}
    names = [str(entry.get("name", "")) for entry in workout.exercises]
    return {
        "names": names[:NAMES_SHOWN],
        "more_names": max(0, len(names) - NAMES_SHOWN),
        "sets": int(summary.get("totalSets") or 0),
        "volume": weight(viewer, summary.get("totalWeight") or 0),
        "distance": distance(viewer, summary.get("totalDistance") or 0),
    }


@router.get("/history")
async def history(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    filters = WorkoutFilters(DateWindow(), None, None)
    rows = await workouts_service.listing(
        ctx, Whose(ctx.principal), filters, PageQuery(PAGE_SIZE, cursor)
    )
    page = page_of(rows, PAGE_SIZE, by_date)
    return render(
        request,
        "history.html",
        workouts=[(w, summary_of(viewer, w)) for w in page.items],
        next_cursor=page.next_cursor,
        first_page=cursor is None,
    )


def _set_rows(viewer: Viewer, entry: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for number, set_ in enumerate(entry.get("sets", []), start=1):
        rows.append(
            {
                "number": set_.get("setNumber", number),
                "weight": weight(viewer, set_.get("weight")),
                "reps": set_.get("reps"),
                "distance": distance(viewer, set_.get("distance")),
                "duration": set_.get("duration"),
                "hold_time": set_.get("holdTime"),
            }
        )
    return rows


@router.get("/history/{workout_id}")
async def workout_detail(
    request: Request, workout_id: uuid.UUID, viewer: CurrentViewer, ctx: WebContext
) -> Response:
    workout = await workouts_repository.get(ctx.session, ctx.principal, workout_id)
    exercises = [
        {"name": entry.get("name", ""), "type": entry.get("type"), "sets": _set_rows(viewer, entry)}
        for entry in workout.exercises
    ]
    return render(
        request,
        "history_detail.html",
        workout=workout,
        summary=summary_of(viewer, workout),
        exercises=exercises,
    )
