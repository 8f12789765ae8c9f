"""The session form shared by booking and editing: what was typed, read
into the API's input models, with each problem named next to its field."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DBAPIError
from starlette.responses import RedirectResponse, Response

from spotter.context import Context
from spotter.kit.errors import ConflictError, ProblemError
from spotter.kit.time_fields import CLOCK, EARLIEST_DATE, LATEST_DATE, parse_calendar_date
from spotter.schedules import repository as schedules_repository
from spotter.web import i18n
from spotter.web.deps import attempt
from spotter.web.i18n import N_
from spotter.web.render import request_locale, translate

Model = TypeVar("Model", bound=BaseModel)
T = TypeVar("T")

DETAIL_FIELDS = ("title", "date", "start", "end", "location", "notes")
TEXT_LIMITS = {"title": 255, "location": 255, "notes": 5000}
# Form field -> the API model's field (by alias), where they differ.
API_NAMES = {"trainee": "traineeId", "start": "startTime", "end": "endTime"}
# The database's no-overlap exclusion constraints (a booking the check
# could not see, such as one with a trainee who has since left).
EXCLUSION_VIOLATION = "23P01"


@dataclass
class SessionForm:
    """The form as typed (to show again) and the errors by form field."""

    typed: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    # The overlap message, shown in role="alert" by the time fields.
    conflict: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.errors) or self.conflict is not None


def typed_form(fields: dict[str, str], names: tuple[str, ...]) -> SessionForm:
    return SessionForm({name: fields.get(name, "").strip() for name in names})


def read_details(request: Request, form: SessionForm) -> dict[str, Any]:
    """Title, date, times, location and notes as the API's fields; each
    problem goes into `form.errors` under its form field."""
    values: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        text = form.typed[name]
        if len(text) > limit:
            form.errors[name] = translate(request, "Use at most %(n)s characters.") % {"n": limit}
        values[name] = text or None  # an empty location or notes clears it
    if not form.typed["title"]:
        form.errors["title"] = translate(request, "Enter a title.")
    day = _read_date(request, form)
    if day is not None:
        values["date"] = day
    start, end = _read_time(request, form, "start"), _read_time(request, form, "end")
    if start is not None and end is not None and end <= start:
        form.errors["end"] = translate(request, "The session must end after it starts.")
    if start is not None and end is not None:
        values["startTime"], values["endTime"] = start, end
    return values


def _read_date(request: Request, form: SessionForm) -> dt.date | None:
    try:
        return parse_calendar_date(form.typed["date"])
    except ValueError:
        locale = request_locale(request)
        form.errors["date"] = translate(request, "Enter a date between %(first)s and %(last)s.") % {
            "first": i18n.format_date(EARLIEST_DATE, locale),
            "last": i18n.format_date(LATEST_DATE, locale),
        }
        return None


def _read_time(request: Request, form: SessionForm, name: str) -> dt.time | None:
    text = form.typed[name]
    if CLOCK.fullmatch(text):
        return dt.time.fromisoformat(text)
    form.errors[name] = translate(request, "Enter a time such as 09:30.")
    return None


def read_trainee(request: Request, form: SessionForm, roster: dict[uuid.UUID, str]) -> uuid.UUID:
    """The chosen trainee; anyone not on the roster is a field error, not a 404."""
    text = form.typed["trainee"]
    if not text:
        form.errors["trainee"] = translate(request, "Choose a trainee.")
        return uuid.UUID(int=0)
    try:
        chosen = uuid.UUID(text)
    except ValueError:
        chosen = uuid.UUID(int=0)
    if chosen not in roster:
        form.errors["trainee"] = translate(request, "Choose a trainee from your roster.")
    return chosen


def build(
    request: Request, model: type[Model], values: dict[str, Any], form: SessionForm
) -> Model | None:
    """The API's input model, or None with what it still refuses (a NUL byte)
    named by field. Called once the form's own checks passed."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        by_alias = {alias: name for name, alias in API_NAMES.items()}
        for error in exc.errors():
            location = error.get("loc", ())
            alias = str(location[0]) if location else "title"
            name = by_alias.get(alias, alias if alias in DETAIL_FIELDS else "title")
            form.errors.setdefault(name, translate(request, "Please check what you entered"))
        return None


async def attempt_change(ctx: Context, action: Callable[[], Awaitable[T]]) -> T | ProblemError:
    """`attempt`, and an overlap the constraints caught answered as a conflict
    too, so it is shown on the form rather than as an error page."""
    try:
        return await attempt(ctx.session, action)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != EXCLUSION_VIOLATION:
            raise
        return ConflictError("The time overlaps another session.")


async def describe_refusal(
    request: Request,
    ctx: Context,
    refusal: ProblemError,
    form: SessionForm,
    names: dict[uuid.UUID, str],
) -> int:
    """Put a refused booking or change on the form and give the status to
    answer with: an overlap names the session it collides with (title,
    trainee, time); a trainee not (any more) on the roster is a field error."""
    if refusal.status == 404:
        form.errors["trainee"] = translate(request, "Choose a trainee from your roster.")
        return 422
    conflict_id = refusal.extra.get("conflictingScheduleId")
    if refusal.status != 409:
        form.conflict = translate(request, "Please check what you entered")
    elif conflict_id is None:
        form.conflict = translate(
            request, "This time overlaps another session, or the session can no longer be changed."
        )
    else:
        other = await schedules_repository.get(ctx.session, ctx.principal, uuid.UUID(conflict_id))
        locale = request_locale(request)
        form.conflict = translate(
            request,
            "This time overlaps “%(title)s” with %(trainee)s on %(date)s, %(start)s–%(end)s.",
        ) % {
            "title": other.title,
            "trainee": names.get(other.trainee_id, "—"),
            "date": i18n.format_date(other.date, locale, weekday=True),
            "start": i18n.format_time(other.start_time, locale),
            "end": i18n.format_time(other.end_time, locale),
        }
    form.conflict = form.conflict + " " + translate(request, "Nothing was saved.")
    return refusal.status


# Where a trainee who opens a calendar page goes: booking is the trainer's.
TRAINEE_PAGE = "/sessions"


DONE_NOTICES = {
    "booked": N_("Session booked."),
    "saved": N_("Session saved."),
    "confirmed": N_("Session confirmed."),
    "completed": N_("Session completed."),
    "cancelled": N_("Session cancelled."),
}


def to_trainee_page() -> Response:
    return RedirectResponse(TRAINEE_PAGE, status_code=303)


def done_notice(request: Request, done: str | None) -> str | None:
    """The notice for `?done=` after a redirect; anything else shows none."""
    message = DONE_NOTICES.get(done or "")
    return translate(request, message) if message else None
