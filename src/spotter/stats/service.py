"""A trainee's statistics, for the trainee and their trainers: the view's
totals plus the rows it has not seen yet, adherence, and weekly progress."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Row

from spotter import clock
from spotter.context import Context
from spotter.db.models import User
from spotter.roster.scope import require_own_or_linked_trainee
from spotter.stats import repository
from spotter.stats.schemas import (
    Adherence,
    ExerciseWeeks,
    ProgressOut,
    ProgressWeek,
    TopExercisesOut,
    TraineeStatsOut,
)

ADHERENCE_DAYS = 30
# How many exercises "the exercises they train most" shows.
TOP_EXERCISES = 3
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


async def _visible_trainee(ctx: Context, trainee_id: uuid.UUID) -> User:
    await require_own_or_linked_trainee(ctx.session, ctx.principal, trainee_id)
    return await repository.trainee(ctx.session, trainee_id)


async def _adherence(ctx: Context, trainee_id: uuid.UUID) -> Adherence:
    recent = await repository.adherence(ctx.session, trainee_id, ADHERENCE_DAYS)
    counted = recent.completed + recent.cancelled + recent.missed
    return Adherence(
        days=ADHERENCE_DAYS,
        completed=recent.completed,
        cancelled=recent.cancelled,
        missed=recent.missed,
        rate=round(recent.completed / counted, 4) if counted else None,
    )


async def trainee_stats(ctx: Context, trainee_id: uuid.UUID) -> TraineeStatsOut:
    trainee = await _visible_trainee(ctx, trainee_id)
    view = await repository.view_row(ctx.session, trainee_id)
    refreshed = view.refreshed_at if view is not None else None
    live = await repository.since_refresh(ctx.session, trainee_id, refreshed or EPOCH)
    workouts = (view.total_workouts if view else 0) + live.workouts
    rated = (view.rated_workouts if view else 0) + live.rated
    view_rating_sum = float(view.avg_rating or 0) * view.rated_workouts if view else 0.0
    rating_sum = view_rating_sum + float(live.rating_sum)
    last_dates = [d for d in (view.last_workout_date if view else None, live.last_date) if d]
    return TraineeStatsOut(
        trainee_id=trainee.id,
        name=trainee.name,
        total_workouts=workouts,
        total_sessions=(view.total_sessions if view else 0) + live.sessions,
        completed_sessions=(view.completed_sessions if view else 0) + live.completed,
        avg_rating=round(rating_sum / rated, 2) if rated else None,
        total_weight_lifted=float((view.total_weight_lifted if view else 0) + live.weight),
        last_workout_date=max(last_dates) if last_dates else None,
        refreshed_at=refreshed,
        adherence=await _adherence(ctx, trainee_id),
    )


def _week(row: Row[Any]) -> ProgressWeek:
    iso = row.week_start.isocalendar()
    return ProgressWeek(
        week=f"{iso.year}-W{iso.week:02d}",
        week_start=row.week_start,
        best_weight=float(row.best_weight) if row.best_weight is not None else None,
        best_weight_reps=row.best_weight_reps,
        estimated_one_rep_max=(
            round(float(row.estimated_1rm), 2) if row.estimated_1rm is not None else None
        ),
        volume=float(row.volume),
        sets=row.sets,
    )


def _first_monday(weeks: int) -> dt.date:
    """The Monday starting the last `weeks` ISO weeks, this one included."""
    today = clock.today()
    return today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)


async def progress(ctx: Context, trainee_id: uuid.UUID, exercise: str, weeks: int) -> ProgressOut:
    """The last `weeks` ISO weeks, this one included."""
    await _visible_trainee(ctx, trainee_id)
    rows = await repository.progress(ctx.session, trainee_id, exercise, _first_monday(weeks))
    return ProgressOut(trainee_id=trainee_id, exercise=exercise, weeks=[_week(r) for r in rows])


async def top_exercises(
    ctx: Context, trainee_id: uuid.UUID, weeks: int, top: int = TOP_EXERCISES
) -> TopExercisesOut:
    """The `top` weight-training exercises with the most sets in the last
    `weeks` ISO weeks, each with its weekly figures (as `progress`)."""
    await _visible_trainee(ctx, trainee_id)
    rows = await repository.top_exercises(ctx.session, trainee_id, _first_monday(weeks), top)
    ranked: dict[str, ExerciseWeeks] = {}
    for row in rows:
        entry = ranked.setdefault(
            row.exercise, ExerciseWeeks(exercise=row.exercise, sets=row.total_sets, weeks=[])
        )
        entry.weeks.append(_week(row))
    return TopExercisesOut(trainee_id=trainee_id, weeks=weeks, exercises=list(ranked.values()))
