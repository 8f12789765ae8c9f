"""/stats: a trainee's totals, adherence and progress per exercise."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.auth.deps import CurrentUser, Principal
from spotter.db.deps import SessionDep
from spotter.db.models import User
from spotter.kit.errors import NotFoundError
from spotter.kit.openapi import problems
from spotter.roster import repository as roster_repository
from spotter.stats import repository
from spotter.stats.schemas import Adherence, ProgressOut, ProgressWeek, TraineeStatsOut

router = APIRouter(prefix="/stats", tags=["stats"])
ADHERENCE_DAYS = 30
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


async def visible_trainee(
    session: AsyncSession, principal: Principal, trainee_id: uuid.UUID
) -> User:
    allowed = trainee_id == principal.id or (
        principal.is_trainer
        and await roster_repository.is_active_link(session, principal.id, trainee_id)
    )
    trainee = await session.get(User, trainee_id) if allowed else None
    if trainee is None or trainee.role != "trainee":
        raise NotFoundError("trainee")
    return trainee


@router.get("/trainees/{trainee_id}", responses=problems(401, 404), summary="A trainee's totals")
async def trainee_stats(
    trainee_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> TraineeStatsOut:
    trainee = await visible_trainee(session, principal, trainee_id)
    view = await repository.view_row(session, trainee_id)
    refreshed = view.refreshed_at if view is not None else None
    live = await repository.since_refresh(session, trainee_id, refreshed or EPOCH)
    workouts = (view.total_workouts if view else 0) + live.workouts
    rated = (view.rated_workouts if view else 0) + live.rated
    view_rating_sum = float(view.avg_rating or 0) * view.rated_workouts if view else 0.0
    rating_sum = view_rating_sum + float(live.rating_sum)
    last_dates = [d for d in (view.last_workout_date if view else None, live.last_date) if d]
    recent = await repository.adherence(session, trainee_id, ADHERENCE_DAYS)
    counted = recent.completed + recent.cancelled + recent.missed
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
        adherence=Adherence(
            days=ADHERENCE_DAYS,
            completed=recent.completed,
            cancelled=recent.cancelled,
            missed=recent.missed,
            rate=round(recent.completed / counted, 4) if counted else None,
        ),
    )


@router.get(
    "/trainees/{trainee_id}/progress",
    responses=problems(401, 404, 422),
    summary="Per ISO week: best set, estimated 1RM, volume and sets for one exercise",
)
async def trainee_progress(
    trainee_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    exercise: Annotated[
        str, Query(min_length=1, max_length=255, description="Exercise name or exerciseId.")
    ],
    weeks: Annotated[int, Query(ge=1, le=104, description="How many weeks back.")] = 12,
) -> ProgressOut:
    await visible_trainee(session, principal, trainee_id)
    today = dt.date.today()
    since = today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)
    rows = await repository.progress(session, trainee_id, exercise, since)
    return ProgressOut(
        trainee_id=trainee_id,
        exercise=exercise,
        weeks=[
            ProgressWeek(
                week=f"{row.week_start.isocalendar().year}-W{row.week_start.isocalendar().week:02d}",
                week_start=row.week_start,
                best_weight=float(row.best_weight) if row.best_weight is not None else None,
                best_weight_reps=row.best_weight_reps,
                estimated_one_rep_max=round(float(row.estimated_1rm), 2)
                if row.estimated_1rm is not None
                else None,
                volume=float(row.volume),
                sets=row.sets,
            )
            for row in rows
        ],
    )
