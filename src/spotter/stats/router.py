"""/stats: a trainee's totals, adherence and progress per exercise."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from spotter.context import UserContext
from spotter.kit.openapi import problems
from spotter.stats import service
from spotter.stats.schemas import ProgressOut, TopExercisesOut, TraineeStatsOut

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("/trainees/{trainee_id}", responses=problems(401, 404), summary="A trainee's totals")
async def trainee_stats(trainee_id: uuid.UUID, ctx: UserContext) -> TraineeStatsOut:
    return await service.trainee_stats(ctx, trainee_id)


@router.get(
    "/trainees/{trainee_id}/progress",
    responses=problems(401, 404, 422),
    summary="Per ISO week: best set, estimated 1RM, volume and sets for one exercise",
)
async def trainee_progress(
    trainee_id: uuid.UUID,
    ctx: UserContext,
    exercise: Annotated[
        str, Query(min_length=1, max_length=255, description="Exercise name or exerciseId.")
    ],
    weeks: Annotated[int, Query(ge=1, le=104, description="How many weeks back.")] = 12,
) -> ProgressOut:
    return await service.progress(ctx, trainee_id, exercise, weeks)


@router.get(
    "/trainees/{trainee_id}/top-exercises",
    responses=problems(401, 404, 422),
    summary="The exercises with the most sets, each with its figures per ISO week",
)
async def trainee_top_exercises(
    trainee_id: uuid.UUID,
    ctx: UserContext,
    weeks: Annotated[int, Query(ge=1, le=104, description="How many weeks back.")] = 12,
    limit: Annotated[int, Query(ge=1, le=10, description="How many exercises.")] = 3,
) -> TopExercisesOut:
    return await service.top_exercises(ctx, trainee_id, weeks, limit)
