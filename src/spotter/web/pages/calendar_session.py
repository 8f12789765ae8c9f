"""One session: its details, edit or move it, confirm, complete or cancel it.
A trainee who opens it is sent to their sessions (404 if it is not theirs)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter.context import Context
from spotter.db.models import Schedule
from spotter.kit.errors import ProblemError
from spotter.schedules import repository as schedules_repository
from spotter.schedules import service as schedules_service
from spotter.schedules.schemas import ScheduleUpdate
from spotter.web.deps import CurrentViewer, WebContext, attempt
from spotter.web.pages.calendar_form import (
    DETAIL_FIELDS,
    SessionForm,
    attempt_change,
    build,
    describe_refusal,
    done_notice,
    read_details,
    to_trainee_page,
    typed_form,
)
from spotter.web.pages.common import OPEN_STATUSES, people_names, with_names
from spotter.web.pages.forms import form_fields
from spotter.web.render import render, translate

router = APIRouter()
# The statuses the page's buttons set: Confirm, Complete, Cancel session.
STATUS_BUTTONS = ("confirmed", "completed", "cancelled")


def form_of(schedule: Schedule) -> SessionForm:
    """The edit form filled with the session as it is."""
    return SessionForm(
        {
            "title": schedule.title,
            "date": schedule.date.isoformat(),
            "start": schedule.start_time.strftime("%H:%M"),
            "end": schedule.end_time.strftime("%H:%M"),
            "location": schedule.location or "",
            "notes": schedule.notes or "",
        }
    )


async def _session_page(
    request: Request,
    ctx: Context,
    schedule: Schedule,
    form: SessionForm,
    status_code: int = 200,
    **context: Any,
) -> Response:
    names = await people_names(ctx)
    # Another trainer's booking with a shared trainee is shown, not changed.
    mine = schedule.trainer_id == ctx.user_id
    return render(
        request,
        "calendar_session.html",
        status_code=status_code,
        item=with_names([schedule], names, ctx)[0],
        form=form,
        can_change=mine and schedule.status in OPEN_STATUSES,
        can_complete=mine and schedule.status == "confirmed",
        **context,
    )


def _back_to_page(schedule_id: uuid.UUID, done: str) -> Response:
    return RedirectResponse(f"/calendar/sessions/{schedule_id}?done={done}", status_code=303)


@router.get("/calendar/sessions/{schedule_id}")
async def session_page(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    schedule_id: uuid.UUID,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    schedule = await schedules_repository.get(ctx.session, ctx.principal, schedule_id)
    if not viewer.is_trainer:
        return to_trainee_page()
    notice = done_notice(request, done)
    return await _session_page(request, ctx, schedule, form_of(schedule), notice=notice)


@router.post("/calendar/sessions/{schedule_id}")
async def save_session(
    request: Request, viewer: CurrentViewer, ctx: WebContext, schedule_id: uuid.UUID
) -> Response:
    """Edit or move: the same form, every detail sent."""
    schedule = await schedules_repository.get(ctx.session, ctx.principal, schedule_id)
    if not viewer.is_trainer:
        return to_trainee_page()
    form = typed_form(await form_fields(request), DETAIL_FIELDS)
    values = read_details(request, form)
    body = None if form.failed else build(request, ScheduleUpdate, values, form)
    if body is None:
        return await _session_page(request, ctx, schedule, form, status_code=422)
    change: ScheduleUpdate = body
    result = await attempt_change(ctx, lambda: schedules_service.update(ctx, schedule_id, change))
    if isinstance(result, ProblemError):
        if result.status == 404:
            raise result
        # The refused change was rolled back with its savepoint: read it again.
        await ctx.session.refresh(schedule)
        status = await describe_refusal(request, ctx, result, form, await people_names(ctx))
        return await _session_page(request, ctx, schedule, form, status_code=status)
    return _back_to_page(schedule_id, "saved")


@router.post("/calendar/sessions/{schedule_id}/status")
async def change_status(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    schedule_id: uuid.UUID,
    status: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    schedule = await schedules_repository.get(ctx.session, ctx.principal, schedule_id)
    if not viewer.is_trainer:
        return to_trainee_page()
    result: Schedule | ProblemError | None = None
    if status in STATUS_BUTTONS:
        result = await attempt(
            ctx.session, lambda: schedules_service.set_status(ctx, schedule_id, status)
        )
    if isinstance(result, Schedule):
        return _back_to_page(schedule_id, status)
    if isinstance(result, ProblemError) and result.status == 404:
        raise result
    # A refused change was rolled back with its savepoint: read it again.
    await ctx.session.refresh(schedule)
    alert = translate(request, "This session can no longer be changed.")
    answer = 409 if result is not None else 422  # None: not one of the buttons
    return await _session_page(
        request, ctx, schedule, form_of(schedule), status_code=answer, alert=alert
    )
