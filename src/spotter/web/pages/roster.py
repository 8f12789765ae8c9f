"""The trainer's roster: every linked trainee with their figures, searchable
and sortable by query parameters (so it works without JS); inviting,
resending and withdrawing invitations; ending a link after a confirmation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter.context import Context
from spotter.kit.errors import ForbiddenError, ProblemError, RateLimitedError
from spotter.roster import service as roster_service
from spotter.roster.repository import RosterQuery, RosterSort
from spotter.roster.schemas import InvitationIn
from spotter.web.deps import WebContext, attempt
from spotter.web.pages import trainer_today
from spotter.web.pages.forms import parse
from spotter.web.render import render, translate

router = APIRouter()
# Today for a trainer lives in its own module; its routes come in with ours.
router.include_router(trainer_today.router)
SORTS: tuple[str, ...] = get_args(RosterSort)
# A trainer's whole roster on one page; a gym's trainer has dozens.
SHOWN = 300
SearchQuery = Annotated[str, Query(max_length=100)]


@dataclass(frozen=True)
class Column:
    """A sortable column header: its link and its aria-sort."""

    key: str
    label: str
    href: str
    aria_sort: str  # "ascending" | "descending" | "none"


def _require_trainer(ctx: Context) -> None:
    if not ctx.is_trainer:
        raise ForbiddenError("Only a trainer has a roster.")


def _columns(request: Request, search: str, sort: str, descending: bool) -> list[Column]:
    labels = {
        "name": translate(request, "Name"),
        "adherence": translate(request, "Adherence"),
        "last_workout": translate(request, "Last workout"),
        "next_session": translate(request, "Next session"),
    }
    columns = []
    for key in SORTS:
        current = key == sort
        # A click on the current column flips its direction.
        direction = "asc" if current and descending else "desc" if current else "asc"
        params = {"sort": key, "dir": direction, **({"q": search} if search else {})}
        state = ("descending" if descending else "ascending") if current else "none"
        columns.append(Column(key, labels[key], "/roster?" + urlencode(params), state))
    return columns


def _notice(request: Request, key: str | None) -> str | None:
    # Each text literally, so the catalogue check sees them.
    texts = {
        "invited": translate(request, "Invitation sent."),
        "resent": translate(request, "Invitation sent again."),
        "withdrawn": translate(request, "Invitation withdrawn."),
        "ended": translate(request, "The link has ended."),
    }
    return texts.get(key or "")


async def _page(
    request: Request,
    ctx: Context,
    *,
    search: str = "",
    sort: str = "name",
    descending: bool = False,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    _require_trainer(ctx)
    chosen: RosterSort = sort if sort in SORTS else "name"  # type: ignore[assignment]
    query = RosterQuery(
        limit=SHOWN, search=search.strip() or None, sort=chosen, descending=descending
    )
    trainees = await roster_service.trainees_with_figures(ctx, query)
    return render(
        request,
        "roster.html",
        status_code=status_code,
        trainees=trainees[:SHOWN],
        more=len(trainees) > SHOWN,
        pending=await roster_service.pending_sent(ctx),
        search=search,
        columns=_columns(request, search, chosen, descending),
        **extra,
    )


@router.get("/roster")
async def roster_page(
    request: Request,
    ctx: WebContext,
    q: SearchQuery = "",
    sort: Annotated[str, Query(max_length=20)] = "name",
    dir: Annotated[str, Query(max_length=4)] = "asc",
    invite: Annotated[bool, Query()] = False,
    notice: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    return await _page(
        request,
        ctx,
        search=q,
        sort=sort,
        descending=dir == "desc",
        inviting=invite,
        notice=_notice(request, notice),
    )


def _done(notice: str) -> Response:
    return RedirectResponse(f"/roster?notice={notice}", status_code=303)


@router.post("/roster/invitations")
async def invite(
    request: Request, ctx: WebContext, email: Annotated[str, Form(max_length=320)] = ""
) -> Response:
    _require_trainer(ctx)
    body = parse(InvitationIn, {"email": email})
    if isinstance(body, InvitationIn):
        result = await attempt(ctx.session, lambda: roster_service.invite(ctx, body.email))
        if not isinstance(result, ProblemError):
            return _done("invited")
        error = (
            translate(request, "You already invited or train this person.")
            if result.status == 409
            else translate(request, "You cannot invite yourself.")
        )
    else:
        error = translate(request, "Enter an email address, for example name@example.com.")
    return await _page(
        request, ctx, status_code=422, inviting=True, invite_error=error, invite_email=email
    )


@router.post("/roster/invitations/{invitation_id}/resend")
async def resend(request: Request, ctx: WebContext, invitation_id: uuid.UUID) -> Response:
    throttle = roster_service.resend_limit(request, ctx, invitation_id)
    result = await attempt(ctx.session, lambda: roster_service.resend(ctx, invitation_id, throttle))
    if isinstance(result, RateLimitedError):
        error = translate(
            request, "You sent this invitation less than a minute ago. Try again later."
        )
        return await _page(request, ctx, status_code=429, error=error)
    if isinstance(result, ProblemError):
        raise result
    return _done("resent")


@router.post("/roster/invitations/{invitation_id}/withdraw")
async def withdraw(ctx: WebContext, invitation_id: uuid.UUID) -> Response:
    await roster_service.withdraw(ctx, invitation_id)
    return _done("withdrawn")


@router.get("/roster/trainees/{trainee_id}/end")
async def confirm_end(request: Request, ctx: WebContext, trainee_id: uuid.UUID) -> Response:
    _require_trainer(ctx)
    trainee = await roster_service.linked_trainee(ctx, trainee_id)
    return render(request, "roster_end.html", trainee=trainee)


@router.post("/roster/trainees/{trainee_id}/end")
async def end_link(ctx: WebContext, trainee_id: uuid.UUID) -> Response:
    _require_trainer(ctx)
    await roster_service.end_link(ctx, trainee_id)
    return _done("ended")
