"""A trainee's profile for their trainer (/trainees/<id>): the exercises they
train most (estimated 1RM and volume per week, charts and tables as on the
progress page), body weight and BMI over time, recent workouts, the session
cards the trainer wrote, the assigned program and its week, and the actions
a trainer takes for them (log, write a card, book, assign).

Only a trainer actively linked to the trainee sees it; anyone else gets 404,
from the roster check and again from row-level security on every query.
A fixed handful of queries, whatever the number of workouts or exercises.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spotter.body_weight import service as body_weight_service
from spotter.context import Context
from spotter.db.models import BodyWeightEntry, ProgramTemplate, TraineeProgram
from spotter.kit.errors import NotFoundError
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.programs import repository as programs_repository
from spotter.programs import service as programs_service
from spotter.roster import service as roster_service
from spotter.roster.scope import Whose
from spotter.session_cards import service as session_cards_service
from spotter.stats import service as stats_service
from spotter.web.deps import CurrentViewer, Viewer, WebContext
from spotter.web.pages.body_weight import weight_chart
from spotter.web.pages.history import summary_of, weight
from spotter.web.pages.progress import week_charts, week_row
from spotter.web.render import render
from spotter.workouts import service as workouts_service
from spotter.workouts.schemas import WorkoutFilters

router = APIRouter()

PROGRESS_WEEKS = 12
RECENT_WORKOUTS = 5
RECENT_CARDS = 5
# About a year of weekly weigh-ins: enough for the trend, one page to read.
WEIGH_INS = 60


@dataclass(frozen=True)
class ProgramView:
    program: TraineeProgram
    name: str | None
    week: int | None
    weeks: int | None


async def _program(ctx: Context, whose: Whose) -> ProgramView | None:
    """The trainee's latest program (by start), with its template's name when
    the trainer may read that template (another trainer's private one: no name)."""
    programs = await programs_service.list_programs(ctx, whose, None, PageQuery(1, None))
    if not programs:
        return None
    program = programs[0]
    name = None
    if program.program_id is not None:
        with contextlib.suppress(NotFoundError):
            template = await programs_repository.get_template(
                ctx.session, ProgramTemplate, ctx.principal, program.program_id
            )
            name = template.name
    return ProgramView(
        program,
        name,
        programs_service.current_week(program),
        programs_service.program_weeks(program),
    )


async def _top_exercises(
    request: Request, viewer: Viewer, ctx: Context, trainee_id: uuid.UUID
) -> list[dict[str, Any]]:
    """What partials/profile_exercise_weeks.html draws, per exercise."""
    top = await stats_service.top_exercises(ctx, trainee_id, PROGRESS_WEEKS)
    return [
        {
            "name": entry.exercise,
            "sets": entry.sets,
            "key": f"profile-exercise-{index}",
            "rows": [week_row(viewer, week) for week in entry.weeks],
            "charts": week_charts(request, viewer, entry.weeks),
        }
        for index, entry in enumerate(top.exercises, start=1)
    ]


def _weigh_ins(viewer: Viewer, entries: list[BodyWeightEntry]) -> list[dict[str, Any]]:
    return [
        {"date": entry.date, "weight": weight(viewer, entry.weight), "bmi": entry.bmi}
        for entry in entries
    ]


@router.get("/trainees/{trainee_id}")
async def trainee_profile(
    request: Request, trainee_id: uuid.UUID, viewer: CurrentViewer, ctx: WebContext
) -> Response:
    trainee = await roster_service.linked_trainee(ctx, trainee_id)
    whose = Whose(ctx.principal, trainee_id)
    # A page of the listing may hold one row more (to tell there is a next page).
    weigh_ins = (
        await body_weight_service.listing(ctx, trainee_id, DateWindow(), PageQuery(WEIGH_INS, None))
    )[:WEIGH_INS]
    workouts = await workouts_service.listing(
        ctx, whose, WorkoutFilters(DateWindow(), None, None), PageQuery(RECENT_WORKOUTS, None)
    )
    cards = await session_cards_service.listing(ctx, whose, PageQuery(RECENT_CARDS, None))
    return render(
        request,
        "trainee_profile.html",
        trainee=trainee,
        height=trainee.height,
        exercises=await _top_exercises(request, viewer, ctx, trainee_id),
        progress_weeks=PROGRESS_WEEKS,
        top_count=stats_service.TOP_EXERCISES,
        weigh_ins=_weigh_ins(viewer, weigh_ins),
        weight_chart=weight_chart(request, viewer, weigh_ins) if weigh_ins else None,
        workouts=[(w, summary_of(viewer, w)) for w in workouts[:RECENT_WORKOUTS]],
        cards=cards[:RECENT_CARDS],
        program=await _program(ctx, whose),
    )
