"""The audit log: what I did and what was done to my (or my trainees') data,
newest first, filtered; reverting a change after a confirmation."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import RedirectResponse, Response

from spotter import clock
from spotter.audit import repository as audit_repository
from spotter.audit import service as audit_service
from spotter.audit.repository import AuditFilters
from spotter.context import Context
from spotter.kit.errors import ProblemError
from spotter.kit.pagination import InvalidCursorError, PageQuery, encode_cursor, time_id_cursor
from spotter.web.deps import WebContext, attempt
from spotter.web.pages import export_page
from spotter.web.pages.audit_view import Words, entry_view
from spotter.web.pages.common import people_names
from spotter.web.render import render, translate

router = APIRouter()
router.include_router(export_page.router)

PAGE_SIZE = 20
# The API filters by resource only; action and "from" are applied while
# reading newest first, a few bounded batches per page.
BATCH = 50
MAX_BATCHES = 4
RESOURCE_TYPES = (
    "schedules",
    "workouts",
    "session_cards",
    "body_weight_entries",
    "exercises",
    "exercise_templates",
    "program_templates",
    "trainee_programs",
    "trainer_trainees",
    "webhooks",
    "users",
    "user_sessions",
    "settings",
    "notifications",
)
ACTIONS = (
    "CREATE",
    "UPDATE",
    "DELETE",
    "REVERT",
    "LOGIN",
    "LOGIN_FAILED",
    "LOGOUT",
    "REGISTER",
    "PASSWORD_CHANGED",
    "PASSWORD_RESET",
    "EMAIL_VERIFIED",
    "SESSION_REVOKED",
)
# The first cursor of a "to" date: before midnight after it (the nil UUID
# sorts first, so nothing at midnight itself is included).
NIL = uuid.UUID(int=0)


class AuditQuery(BaseModel):
    """The filter form as typed (a GET form: the page's address keeps it)."""

    what: str = Field("", max_length=50)
    action: str = Field("", max_length=50)
    since: str = Field("", alias="from", max_length=20)
    until: str = Field("", alias="to", max_length=20)
    cursor: str | None = Field(None, max_length=512)
    reverted: str | None = Field(None, max_length=5)

    def typed(self) -> dict[str, str]:
        return {"what": self.what, "action": self.action, "from": self.since, "to": self.until}


@dataclass(frozen=True)
class Filters:
    what: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    def query(self, cursor: str | None = None) -> str:
        pairs = {
            "what": self.what,
            "action": self.action,
            "from": self.since.isoformat() if self.since else "",
            "to": self.until.isoformat() if self.until else "",
            "cursor": cursor or "",
        }
        return urlencode({key: value for key, value in pairs.items() if value})


def _read_filters(request: Request, typed: AuditQuery) -> tuple[Filters, dict[str, str]]:
    what, action = typed.what, typed.action
    errors: dict[str, str] = {}
    if what and what not in RESOURCE_TYPES:
        errors["what"] = translate(request, "Choose one of the options offered.")
    if action and action not in ACTIONS:
        errors["action"] = translate(request, "Choose one of the options offered.")
    days: dict[str, dt.date | None] = {}
    for field, text in (("from", typed.since), ("to", typed.until)):
        try:
            days[field] = dt.date.fromisoformat(text) if text else None
        except ValueError:
            days[field] = None
            errors[field] = translate(request, "Enter a date like 2026-11-25.")
    start, end = days["from"], days["to"]
    if start and end and start > end:
        errors["to"] = translate(request, "The end date must not be before the start date.")
    filters = Filters(
        what if "what" not in errors else "", action if "action" not in errors else "", start, end
    )
    return filters, errors


def _key(row: Any) -> str:
    return encode_cursor([row.created_at.isoformat(), str(row.id)])


def _first_cursor(filters: Filters) -> str | None:
    if filters.until is None:
        return None
    midnight = dt.datetime.combine(
        filters.until + dt.timedelta(days=1), dt.time(), tzinfo=clock.zone()
    )
    return encode_cursor([midnight.isoformat(), str(NIL)])


async def _scan(ctx: Context, filters: Filters, cursor: str | None) -> tuple[list[Any], str | None]:
    """One page of matching entries and the cursor of the next, if any."""
    zone = clock.zone()
    found: list[Any] = []
    wanted = AuditFilters(resource_type=filters.what or None)
    for _ in range(MAX_BATCHES):
        rows = await audit_service.listing(ctx, wanted, PageQuery(BATCH, cursor))
        batch, more = rows[:BATCH], len(rows) > BATCH
        for position, row in enumerate(batch, start=1):
            if filters.since and row.created_at.astimezone(zone).date() < filters.since:
                return found, None
            if filters.action and row.action != filters.action:
                continue
            found.append(row)
            if len(found) == PAGE_SIZE:
                return found, _key(row) if more or position < len(batch) else None
        if not more:
            return found, None
        cursor = _key(batch[-1])
    return found, cursor


async def _audit_page(
    request: Request, ctx: WebContext, filters: Filters, cursor: str | None, **extra: Any
) -> Response:
    names = await people_names(ctx)
    words = Words(request, names)
    rows, next_cursor = await _scan(ctx, filters, cursor or _first_cursor(filters))
    return render(
        request,
        "audit.html",
        entries=[entry_view(row, words, ctx.user_id) for row in rows],
        filters=filters,
        more_url=f"/audit?{filters.query(next_cursor)}" if next_cursor else None,
        resource_types=RESOURCE_TYPES,
        actions=ACTIONS,
        **extra,
    )


@router.get("/audit")
async def audit_log(
    request: Request, ctx: WebContext, query: Annotated[AuditQuery, Query()]
) -> Response:
    filters, errors = _read_filters(request, query)
    typed, cursor = query.typed(), query.cursor
    try:
        time_id_cursor(cursor)
    except InvalidCursorError:
        cursor = None
        errors["form"] = translate(request, "That link to more entries no longer works.")
    if errors:
        return render(
            request,
            "audit.html",
            status_code=422,
            entries=[],
            filters=filters,
            typed=typed,
            errors=errors,
            resource_types=RESOURCE_TYPES,
            actions=ACTIONS,
        )
    notice = translate(request, "The change was reverted.") if query.reverted else None
    return await _audit_page(request, ctx, filters, cursor, typed=typed, notice=notice)


# Reverting ---------------------------------------------------------------------


def _refusal_words(request: Request, refusal: ProblemError) -> str:
    """The audit service's refusal (English, by its first words) in the
    viewer's language."""
    known = {
        "Only updates": translate(
            request, "Only changes and deletions of training data can be reverted."
        ),
        "Only the person": translate(request, "Only the person who made a change can revert it."),
        "The resource was deleted": translate(
            request, "It was deleted since; revert the deletion first."
        ),
        "Changed again": translate(
            request, "It was changed again since; revert the later change first."
        ),
        "The resource exists": translate(
            request, "It exists again, so its deletion cannot be reverted."
        ),
        "Reverting would": translate(request, "Reverting would clash with the data as it is now."),
    }
    detail = str(refusal.detail or "")
    for start, message in known.items():
        if detail.startswith(start):
            return message
    return translate(request, "This change cannot be reverted.")


async def _revert_page(
    request: Request, ctx: Context, entry_id: uuid.UUID, status_code: int = 200, **extra: Any
) -> Response:
    entry = await audit_repository.get(ctx.session, ctx.principal, entry_id)
    words = Words(request, await people_names(ctx))
    return render(
        request,
        "audit_revert.html",
        status_code=status_code,
        entry=entry_view(entry, words, ctx.user_id),
        **extra,
    )


@router.get("/audit/{entry_id}/revert")
async def confirm_revert(request: Request, ctx: WebContext, entry_id: uuid.UUID) -> Response:
    return await _revert_page(request, ctx, entry_id)


@router.post("/audit/{entry_id}/revert")
async def revert(request: Request, ctx: WebContext, entry_id: uuid.UUID) -> Response:
    # Not visible to me: a 404 like the API's, before anything is tried.
    await audit_repository.get(ctx.session, ctx.principal, entry_id)
    outcome = await attempt(ctx.session, lambda: audit_service.revert(ctx, entry_id))
    if isinstance(outcome, ProblemError):
        message = _refusal_words(request, outcome)
        return await _revert_page(request, ctx, entry_id, outcome.status, error=message)
    return RedirectResponse("/audit?reverted=1", status_code=303)
