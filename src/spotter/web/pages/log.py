"""Log workout (/log): the gym-mode logger and the small JSON it reads.

The page is a shell that works offline (static/app/logger.js draws the rows,
offline.js keeps finished workouts until they are sent to /log/sync). What
the page needs from the server is rendered into it once: the person's units,
today's confirmed session, their trainers, and the program's targets when
opened from "Start" on Today.

A trainer logs for a linked trainee with the same page at
`/log?trainee=<id>` (from the trainee's profile): the workout is sent with
that trainee's id, the service checks the link, and the session, the draft
and "last time" are that trainee's.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from spotter import clock
from spotter.context import Context
from spotter.db.models import User
from spotter.exercises import service as exercises_service
from spotter.exercises.repository import ExerciseQuery
from spotter.kit.errors import NotFoundError
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.roster import service as roster_service
from spotter.roster.scope import Whose, require_own_or_linked_trainee
from spotter.schedules import service as schedules_service
from spotter.schedules.schemas import ScheduleFilters
from spotter.web.deps import CurrentViewer, Viewer, WebContext, csrf_token, set_csrf_cookie
from spotter.web.pages.log_catalogue import catalogue_json, library, option
from spotter.web.pages.log_plan import planned_today
from spotter.web.render import render, translate
from spotter.workouts import service as workouts_service
from spotter.workouts.schemas import WorkoutFilters

router = APIRouter()

SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "app" / "sw.js"
SEARCH_MATCHES = 8
NO_STORE = {"Cache-Control": "no-store"}


async def _todays_session(ctx: Context, today: dt.date, whose: Whose) -> dict[str, str] | None:
    filters = ScheduleFilters(DateWindow(today, today), "confirmed")
    sessions = await schedules_service.listing(ctx, whose, filters, PageQuery(1, None))
    if not sessions:
        return None
    return {
        "id": str(sessions[0].id),
        "date": sessions[0].date.isoformat(),
        "title": sessions[0].title,
    }


def _strings(request: Request) -> dict[str, str]:
    """Texts logger.js shows, in the page's language."""
    return {
        "set": translate(request, "Set %(n)s"),
        "removeSet": translate(request, "Remove set %(n)s"),
        "removeExercise": translate(request, "Remove %(name)s"),
        "noMatches": translate(request, "No exercise matches; check the spelling."),
        "empty": translate(request, "Add at least one exercise with a set first."),
        "needReps": translate(request, "Enter the reps of this set."),
        "badNumber": translate(request, "Enter a number of zero or more."),
        "confirmDiscard": translate(request, "Discard this workout?"),
        "otherTrainee": translate(
            request,
            "This page was kept for another trainee. Connect to the network and open it again.",
        ),
    }


def _log_data(
    request: Request,
    viewer: Viewer,
    planned: list[dict[str, Any]],
    session: dict[str, str] | None,
    trainee: User | None = None,
) -> str:
    """What logger.js needs; `trainee` when a trainer logs for them."""
    last_url = "/log/last.json" + (f"?trainee={trainee.id}" if trainee else "")
    data = {
        "userId": str(viewer.principal.id),
        "locale": viewer.locale,
        "timeZone": clock.zone().key,
        "units": {"weight": viewer.weight_unit, "distance": viewer.distance_unit},
        "schedule": session,
        "planned": planned,
        "syncUrl": "/log/sync",
        "searchUrl": "/log/exercises.json",
        "lastUrl": last_url,
        "traineeId": str(trainee.id) if trainee else None,
        "traineeName": trainee.name if trainee else None,
        "catalogueUrl": "/log/catalogue.json",
        "strings": _strings(request),
    }
    # Inside <script type="application/json">: no "<" may end or comment it.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


@router.get("/log")
async def log_page(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    program_workout: Annotated[uuid.UUID | None, Query()] = None,
    trainee: Annotated[uuid.UUID | None, Query()] = None,
) -> Response:
    if viewer.is_trainer:
        if trainee is None:
            return render(request, "log.html", trainer=True)
        return await _log_for_trainee(request, viewer, ctx, trainee)
    if trainee not in (None, ctx.user_id):
        raise NotFoundError("trainee")
    today = clock.today()
    planned = await planned_today(ctx, program_workout, today) if program_workout else []
    session = await _todays_session(ctx, today, Whose(ctx.principal))
    trainers = [user for _, user in await roster_service.roster(ctx, PageQuery(20, None))]
    return render(
        request,
        "log.html",
        trainer=False,
        log_data=_log_data(request, viewer, planned, session),
        session=session,
        trainers=trainers if len(trainers) > 1 else [],
        from_program=program_workout is not None,
        planned=planned,
    )


async def _log_for_trainee(
    request: Request, viewer: Viewer, ctx: Context, trainee_id: uuid.UUID
) -> Response:
    """The logger of a trainer for a linked trainee (404 for anyone else)."""
    trainee = await roster_service.linked_trainee(ctx, trainee_id)
    session = await _todays_session(ctx, clock.today(), Whose(ctx.principal, trainee_id))
    return render(
        request,
        "log.html",
        trainer=False,
        log_data=_log_data(request, viewer, [], session, trainee),
        session=session,
        trainers=[],
        for_trainee=trainee,
        from_program=False,
        planned=[],
    )


@router.get("/log/catalogue.json")
async def catalogue(request: Request, ctx: WebContext) -> Response:
    body, version = catalogue_json(await library(ctx))
    etag = f'"{version}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Cookie"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return JSONResponse(body, headers=headers)


@router.get("/log/exercises.json")
async def search_exercises(
    ctx: WebContext, q: Annotated[str, Query(min_length=1, max_length=100, pattern=r"\S")]
) -> JSONResponse:
    """Best matches first: Thai or English names, typos forgiven (trigrams)."""
    query = ExerciseQuery(q=q.strip())
    found = await exercises_service.library(ctx, query, "popular", PageQuery(SEARCH_MATCHES, None))
    items = [option(exercise) for exercise in found.items]
    return JSONResponse({"exercises": items}, headers=NO_STORE)


@router.get("/log/last.json")
async def last_sets(
    ctx: WebContext,
    name: Annotated[str, Query(min_length=1, max_length=255)],
    trainee: Annotated[uuid.UUID | None, Query()] = None,
) -> JSONResponse:
    """The sets of the last time I (or my linked trainee) logged this
    exercise (kg, km), to prefill."""
    if trainee is not None:
        await require_own_or_linked_trainee(ctx.session, ctx.principal, trainee)
    filters = WorkoutFilters(DateWindow(), None, name)
    whose = Whose(ctx.principal, trainee)
    rows = await workouts_service.listing(ctx, whose, filters, PageQuery(1, None))
    sets: list[dict[str, Any]] = []
    for entry in rows[0].exercises if rows else []:
        if entry.get("name") == name:
            sets = [
                {
                    k: v
                    for k, v in s.items()
                    if k in ("weight", "reps", "distance", "duration", "holdTime")
                }
                for s in entry.get("sets", [])
            ]
            break
    return JSONResponse({"sets": sets}, headers=NO_STORE)


@router.get("/log/token.json")
async def token(request: Request, viewer: CurrentViewer) -> JSONResponse:
    """A fresh CSRF token for a page that was served from the offline cache."""
    response = JSONResponse({"csrfToken": csrf_token(request)}, headers=NO_STORE)
    set_csrf_cookie(request, response)
    return response


@router.get("/sw.js")
async def service_worker() -> FileResponse:
    # Served from the root so that its scope covers every page.
    return FileResponse(
        SERVICE_WORKER,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )
