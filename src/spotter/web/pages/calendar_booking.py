"""Booking a session with a trainee on the roster (the trainer only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter import clock
from spotter.kit.errors import ProblemError
from spotter.kit.time_fields import parse_calendar_date
from spotter.schedules import service as schedules_service
from spotter.schedules.schemas import ScheduleIn
from spotter.web.deps import CurrentViewer, WebContext
from spotter.web.pages.calendar_form import (
    DETAIL_FIELDS,
    SessionForm,
    attempt_change,
    build,
    describe_refusal,
    read_details,
    read_trainee,
    to_trainee_page,
    typed_form,
)
from spotter.web.pages.common import on_roster, people_names
from spotter.web.pages.forms import form_fields
from spotter.web.render import render

router = APIRouter()
BOOK_FIELDS = ("trainee", *DETAIL_FIELDS)
# What a new booking starts with; the trainer changes what differs.
USUAL_START, USUAL_END = "09:00", "10:00"


def _book_page(
    request: Request, form: SessionForm, roster: dict[uuid.UUID, str], status_code: int = 200
) -> Response:
    trainees = sorted(roster.items(), key=lambda person: person[1].casefold())
    return render(
        request, "calendar_book.html", status_code=status_code, form=form, trainees=trainees
    )


@router.get("/calendar/book")
async def book_form(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    trainee: Annotated[str, Query(max_length=64)] = "",
    day: Annotated[str, Query(alias="date", max_length=20)] = "",
) -> Response:
    if not viewer.is_trainer:
        return to_trainee_page()
    roster = await people_names(ctx)
    try:
        chosen_day = parse_calendar_date(day)
    except ValueError:
        chosen_day = clock.today()
    typed = dict.fromkeys(BOOK_FIELDS, "")
    typed.update(
        trainee=on_roster(trainee, roster),
        date=chosen_day.isoformat(),
        start=USUAL_START,
        end=USUAL_END,
    )
    return _book_page(request, SessionForm(typed), roster)


@router.post("/calendar/book")
async def book(request: Request, viewer: CurrentViewer, ctx: WebContext) -> Response:
    if not viewer.is_trainer:
        return to_trainee_page()
    form = typed_form(await form_fields(request), BOOK_FIELDS)
    roster = await people_names(ctx)
    trainee_id = read_trainee(request, form, roster)
    values = {**read_details(request, form), "traineeId": trainee_id}
    body = None if form.failed else build(request, ScheduleIn, values, form)
    if body is None:
        return _book_page(request, form, roster, status_code=422)
    booking: ScheduleIn = body
    result = await attempt_change(ctx, lambda: schedules_service.create(ctx, booking))
    if isinstance(result, ProblemError):
        status = await describe_refusal(request, ctx, result, form, roster)
        return _book_page(request, form, roster, status_code=status)
    target = f"/calendar?view=day&date={result.date.isoformat()}&done=booked"
    return RedirectResponse(target, status_code=303)
