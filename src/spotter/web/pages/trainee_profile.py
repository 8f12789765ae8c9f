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

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spotter.body_weight import service as body_weight_service
from spotter.context import Context
from spotter.db.models import (
    BodyWeightEntry,
    ProgramTemplate,
    SessionCard,
    TraineeProgram,
    Workout,
)
from spotter.db.session import Database, Identity
from spotter.kit.errors import NotFoundError
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal
from spotter.kit.query import DateWindow
from spotter.programs import repository as programs_repository
from spotter.programs import service as programs_service
from spotter.roster import service as roster_service
from spotter.roster.scope import Whose
from spotter.session_cards import service as session_cards_service
from spotter.stats import service as stats_service
from spotter.stats.schemas import TopExercisesOut
from spotter.web.deps import CurrentViewer, Viewer, WebContext
from spotter.web.pages.body_weight import weigh_in_rows, weight_chart
from spotter.web.pages.history import summary_of
from spotter.web.pages.progress import week_charts, week_row
from spotter.web.render import render
from spotter.workouts import service as workouts_service
from spotter.workouts.schemas import NO_FILTERS

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


T = TypeVar("T")


async def _apart(
    request: Request, principal: Principal, read: Callable[[Context], Awaitable[T]]
) -> T:
    """`read` in a transaction of its own, as the caller (the same identity,
    the same row-level security), so PostgreSQL works on it while the page's
    other queries run: the exercise figures go through thousands of sets
    for a trainee who trains daily. Read-only: a snapshot of its own is fine."""
    database: Database = request.app.state.database
    async with database.transaction(Identity(principal.id, principal.role)) as session:
        return await read(Context(session, principal))


async def _history(ctx: Context, whose: Whose) -> tuple[list[Workout], list[SessionCard]]:
    """Recent workouts and session cards (a page of a listing may hold one
    row more, to tell there is a next page)."""
    workouts = await workouts_service.listing(
        ctx, whose, NO_FILTERS, PageQuery(RECENT_WORKOUTS, None)
    )
    cards = await session_cards_service.listing(ctx, whose, PageQuery(RECENT_CARDS, None))
    return workouts[:RECENT_WORKOUTS], cards[:RECENT_CARDS]


def _exercise_views(request: Request, viewer: Viewer, top: TopExercisesOut) -> list[dict[str, Any]]:
    """What partials/profile_exercise_weeks.html draws, per exercise."""
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


@dataclass
class _Parts:
    weigh_ins: list[BodyWeightEntry]
    program: ProgramView | None
    workouts: list[Workout]
    cards: list[SessionCard]
    exercises: list[dict[str, Any]]


async def _parts(request: Request, viewer: Viewer, ctx: Context, trainee_id: uuid.UUID) -> _Parts:
    """The profile's parts; the heaviest two read on connections of their own
    meanwhile (`_apart`)."""
    whose = Whose(ctx.principal, trainee_id)
    top = asyncio.create_task(
        _apart(
            request,
            ctx.principal,
            lambda apart: stats_service.top_exercises(apart, trainee_id, PROGRESS_WEEKS),
        )
    )
    history = asyncio.create_task(
        _apart(request, ctx.principal, lambda apart: _history(apart, whose))
    )
    try:
        page = PageQuery(WEIGH_INS, None)
        weigh_ins = await body_weight_service.listing(ctx, trainee_id, DateWindow(), page)
        program = await _program(ctx, whose)
        workouts, cards = await history
        exercises = _exercise_views(request, viewer, await top)
    finally:
        top.cancel()
        history.cancel()
    return _Parts(list(weigh_ins[:WEIGH_INS]), program, workouts, cards, exercises)


@router.get("/trainees/{trainee_id}")
async def trainee_profile(
    request: Request, trainee_id: uuid.UUID, viewer: CurrentViewer, ctx: WebContext
) -> Response:
    trainee = await roster_service.linked_trainee(ctx, trainee_id)
    parts = await _parts(request, viewer, ctx, trainee_id)
    weigh_ins = parts.weigh_ins
    return render(
        request,
        "trainee_profile.html",
        trainee=trainee,
        height=trainee.height,
        exercises=parts.exercises,
        progress_weeks=PROGRESS_WEEKS,
        top_count=stats_service.TOP_EXERCISES,
        weigh_ins=weigh_in_rows(viewer, weigh_ins),
        weight_chart=weight_chart(request, viewer, weigh_ins) if weigh_ins else None,
        workouts=[(w, summary_of(viewer, w)) for w in parts.workouts],
        cards=parts.cards,
        program=parts.program,
    )
