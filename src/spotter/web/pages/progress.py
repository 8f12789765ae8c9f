"""Progress: per exercise and ISO week, the best set, the estimated 1RM and
the volume, as charts (static/app/charts.js, uPlot) and as a table of the
same numbers; and the last 30 days' adherence to sessions."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from spotter.context import Context
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.roster.scope import Whose
from spotter.stats import service as stats_service
from spotter.stats.schemas import ProgressWeek
from spotter.web.deps import CurrentViewer, Viewer, WebContext
from spotter.web.pages.history import weight
from spotter.web.render import render, translate
from spotter.workouts import service as workouts_service
from spotter.workouts.schemas import WorkoutFilters

router = APIRouter()

# The workouts looked at to offer the exercises someone actually does.
RECENT_WORKOUTS = 100
WEEK_CHOICES = (4, 12, 26, 52)
EPOCH = dt.date(1970, 1, 1)


async def _my_exercises(ctx: Context) -> list[str]:
    """Weight-training exercises of my recent workouts, most logged first."""
    filters = WorkoutFilters(DateWindow(), "weight_training", None)
    rows = await workouts_service.listing(
        ctx, Whose(ctx.principal), filters, PageQuery(RECENT_WORKOUTS, None)
    )
    counts: Counter[str] = Counter(
        str(entry["name"])
        for workout in rows
        for entry in workout.exercises
        if entry.get("type") == "weight_training" and entry.get("name")
    )
    return [name for name, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _chart(x: list[int], series: list[tuple[str, list[float | None]]]) -> str:
    """What charts.js draws: seconds since the epoch per week, one line per series."""
    return json.dumps(
        {"x": x, "series": [{"label": label, "values": values} for label, values in series]},
        ensure_ascii=False,
    )


def week_charts(request: Request, viewer: Viewer, weeks: list[ProgressWeek]) -> dict[str, str]:
    unit = viewer.weight_unit
    x = [(week.week_start - EPOCH).days * 86400 for week in weeks]

    def kg(values: list[float | None]) -> list[float | None]:
        return [float(v) if (v := weight(viewer, value)) is not None else None for value in values]

    best = kg([week.best_weight for week in weeks])
    one_rm = kg([week.estimated_one_rep_max for week in weeks])
    volume = kg([week.volume for week in weeks])
    return {
        "strength": _chart(
            x,
            [
                (translate(request, "Heaviest weight") + f" ({unit})", best),
                (translate(request, "Estimated 1RM") + f" ({unit})", one_rm),
            ],
        ),
        "volume": _chart(x, [(translate(request, "Volume") + f" ({unit})", volume)]),
    }


def week_row(viewer: Viewer, week: ProgressWeek) -> dict[str, Any]:
    """A table row in the viewer's units."""
    return {
        "week_start": week.week_start,
        "best_weight": weight(viewer, week.best_weight),
        "best_weight_reps": week.best_weight_reps,
        "estimated_one_rep_max": weight(viewer, week.estimated_one_rep_max),
        "volume": weight(viewer, week.volume),
        "sets": week.sets,
    }


@router.get("/progress")
async def progress(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    exercise: Annotated[str | None, Query(max_length=255)] = None,
    weeks: Annotated[int, Query(ge=1, le=104)] = 12,
) -> Response:
    if viewer.is_trainer:
        return render(request, "progress.html", trainer=True)
    exercises = await _my_exercises(ctx)
    chosen = exercise.strip() if exercise and exercise.strip() else None
    chosen = chosen or (exercises[0] if exercises else None)
    if chosen and chosen not in exercises:
        exercises.append(chosen)
    found = await stats_service.progress(ctx, ctx.user_id, chosen, weeks) if chosen else None
    stats = await stats_service.trainee_stats(ctx, ctx.user_id)
    rows = found.weeks if found else []
    return render(
        request,
        "progress.html",
        trainer=False,
        exercises=exercises,
        chosen=chosen,
        weeks=weeks,
        week_choices=sorted({*WEEK_CHOICES, weeks}),
        rows=[week_row(viewer, week) for week in rows],
        charts=week_charts(request, viewer, rows) if rows else None,
        adherence=stats.adherence,
    )
