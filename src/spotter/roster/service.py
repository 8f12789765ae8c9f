"""The roster: a trainer invites, the trainee accepts or declines, either ends."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from spotter import clock
from spotter.context import Context
from spotter.db.models import TrainerTrainee, User
from spotter.emails.links import TokenLink
from spotter.emails.outbox import send_later
from spotter.kit.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from spotter.kit.pagination import PageQuery, time_id_cursor
from spotter.notifications.service import notify
from spotter.rate_limits.deps import enforce
from spotter.rate_limits.limiter import Policy
from spotter.roster import repository
from spotter.roster.repository import Linked, RosterQuery, TraineeFigures
from spotter.roster.scope import require_linked_trainee
from spotter.users import repository as users_repository

RESEND_POLICY = Policy.parse("invitation_resend", "1/minute")
# Raises RateLimitedError when the caller may not go on.
Throttle = Callable[[], Awaitable[None]]


async def _tell(
    ctx: Context, link: TrainerTrainee, user_id: uuid.UUID, kind: str, **params: str
) -> None:
    await notify(
        ctx.session,
        user_id,
        kind,
        resource_type=TrainerTrainee.__tablename__,
        resource_id=link.id,
        **params,
    )


async def _with_trainer(ctx: Context, link: TrainerTrainee) -> Linked:
    return link, await repository.person(ctx.session, link.trainer_id)


async def invitations(ctx: Context, page: PageQuery) -> list[Linked]:
    return await repository.invitations(ctx.session, ctx.principal, page)


async def roster(ctx: Context, page: PageQuery) -> list[Linked]:
    return await repository.roster(ctx.session, ctx.principal, page)


async def invite(ctx: Context, email: str) -> Linked:
    me = await users_repository.get_self(ctx.session, ctx.principal)
    if email == me.email:
        raise UnprocessableError("body.email", "You cannot invite yourself.")
    if await repository.open_link_exists(ctx.session, ctx.principal, email):
        raise ConflictError("You already have an open invitation or link for this email.")
    # A trigger names the trainee when the email has an account; otherwise the
    # invitation waits for that account to be created.
    link = await ctx.created(TrainerTrainee(trainer_id=me.id, invited_email=email))
    if link.trainee_id is not None:
        await _tell(ctx, link, link.trainee_id, "roster_invitation", trainer=me.name)
    await _email_invitation(ctx, link, me.name)
    return link, me


async def _email_invitation(ctx: Context, link: TrainerTrainee, trainer_name: str) -> None:
    # The email goes whether or not the address has an account yet. Its link
    # lets the reader sign up or in with proof that the address is theirs.
    await send_later(
        ctx.session,
        to=link.invited_email,
        kind="invitation",
        language=await users_repository.preferred_language(ctx.session, link.trainee_id),
        params={"trainer": trainer_name},
        link=TokenLink("invitation", invitation_id=link.id),
    )


async def _my_pending_invitation(ctx: Context, link_id: uuid.UUID) -> TrainerTrainee:
    link = await repository.my_invitation(ctx.session, ctx.principal, link_id, sent=True)
    if link.status != "pending":
        raise ConflictError(f"This invitation is already {link.status}.")
    return link


def resend_limit(request: Request, ctx: Context, link_id: uuid.UUID) -> Throttle:
    """At most one resend a minute per invitation: the reader's inbox is not
    ours to fill. Counted only once the resend is allowed (not for a 404/409)."""

    async def throttle() -> None:
        bucket = f"invitation_resend:{link_id}"
        await enforce(request, None, RESEND_POLICY, bucket, user_id=ctx.user_id, by_ip=False)

    return throttle


async def resend(ctx: Context, link_id: uuid.UUID, throttle: Throttle) -> Linked:
    """The invitation email again, with a fresh link (my pending invitations only)."""
    link = await _my_pending_invitation(ctx, link_id)
    await throttle()
    me = await users_repository.get_self(ctx.session, ctx.principal)
    await _email_invitation(ctx, link, me.name)
    return link, me


async def withdraw(ctx: Context, link_id: uuid.UUID) -> Linked:
    """My pending invitation ends unanswered; its emailed link stops working."""
    link = await _my_pending_invitation(ctx, link_id)
    async with ctx.updating(link):
        link.status = "ended"
        link.ended_at = func.now()
    return await _with_trainer(ctx, link)


async def pending_sent(ctx: Context) -> list[TrainerTrainee]:
    return await repository.pending_sent(ctx.session, ctx.principal)


async def trainees_with_figures(ctx: Context, query: RosterQuery) -> list[TraineeFigures]:
    if not ctx.is_trainer:
        raise ForbiddenError("Only a trainer has trainees.")
    now = clock.wall_clock()
    return await repository.trainees_with_figures(ctx.session, ctx.principal, query, now)


async def trainees_page(ctx: Context, page: PageQuery) -> list[TraineeFigures]:
    """GET /roster/trainees: oldest link first, by keyset."""
    query = RosterQuery(limit=page.limit, after=time_id_cursor(page.cursor))
    return await trainees_with_figures(ctx, query)


async def linked_trainee(ctx: Context, trainee_id: uuid.UUID) -> User:
    """My actively linked trainee, or 404."""
    await require_linked_trainee(ctx.session, ctx.principal, trainee_id)
    person = await repository.person(ctx.session, trainee_id)
    if person is None:
        raise NotFoundError("trainee")
    return person


async def announce_waiting_invitations(session: AsyncSession, user_id: uuid.UUID) -> None:
    """A new account's inbox shows the invitations that waited for its email
    (the claim_invitations_on_signup trigger has just made them its own)."""
    for link, trainer in await repository.pending_invitations_to(session, user_id):
        await notify(
            session,
            user_id,
            "roster_invitation",
            resource_type=TrainerTrainee.__tablename__,
            resource_id=link.id,
            trainer=trainer.name,
        )


async def _answer(ctx: Context, link: TrainerTrainee, status: str) -> TrainerTrainee:
    """A trainee answers their pending invitation: active, or ended (declined)."""
    if link.status != "pending":
        raise ConflictError(f"This invitation is already {link.status}.")
    async with ctx.updating(link):
        link.status = status
        if status == "active":
            link.accepted_at = func.now()
        else:
            link.ended_at = func.now()
    return link


async def accept(ctx: Context, link_id: uuid.UUID) -> Linked:
    link = await repository.my_invitation(ctx.session, ctx.principal, link_id, sent=False)
    me = await users_repository.get_self(ctx.session, ctx.principal)
    # An invitation goes to an address, and anyone can sign up with someone
    # else's address: only the address's proven owner may take it up.
    if me.email_verified_at is None:
        raise ForbiddenError(
            "Verify your email address before accepting an invitation"
            " (POST /auth/verify-email/request sends you a link)."
        )
    await _answer(ctx, link, "active")
    await _tell(ctx, link, link.trainer_id, "roster_accepted", trainee=me.name)
    return await _with_trainer(ctx, link)


async def decline(ctx: Context, link_id: uuid.UUID) -> Linked:
    link = await repository.my_invitation(ctx.session, ctx.principal, link_id, sent=False)
    return await _with_trainer(ctx, await _answer(ctx, link, "ended"))


async def end_link(ctx: Context, other_id: uuid.UUID) -> None:
    link = await repository.active_link_with(ctx.session, ctx.principal, other_id)
    # Their open future sessions go with the link: neither side could see or
    # change them any more. Cancelled first, while RLS still lets the trainer
    # write them; the link's audit entry records why they went.
    await repository.cancel_open_sessions(ctx.session, link)
    async with ctx.updating(link):
        link.status = "ended"
        link.ended_at = func.now()
    me = await users_repository.get_self(ctx.session, ctx.principal)
    await _tell(ctx, link, other_id, "roster_ended", name=me.name)


LOW_ADHERENCE = 0.6
IDLE_DAYS = 7


@dataclass(frozen=True)
class Attention:
    """A trainee a trainer should look at today, and why."""

    trainee: TraineeFigures
    low_adherence: bool  # under 60% over the last 30 days
    idle: bool  # no workout logged in the last 7 days (or ever)


def needs_attention(rows: list[TraineeFigures], today: dt.date) -> list[Attention]:
    """Lowest adherence first, then the longest idle."""
    found = []
    for row in rows:
        low = row.adherence is not None and row.adherence < LOW_ADHERENCE
        last = row.last_workout_date
        idle = last is None or (today - last).days >= IDLE_DAYS
        if low or idle:
            found.append(Attention(row, low, idle))
    return sorted(
        found,
        key=lambda a: (
            a.trainee.adherence if a.trainee.adherence is not None else 1.0,
            a.trainee.last_workout_date or dt.date.min,
            a.trainee.person.name.lower(),
        ),
    )
