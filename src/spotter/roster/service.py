"""The roster: a trainer invites, the trainee accepts or declines, either ends."""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.context import Context
from spotter.db.models import TrainerTrainee
from spotter.emails.links import TokenLink
from spotter.emails.outbox import send_later
from spotter.kit.errors import ConflictError, ForbiddenError, UnprocessableError
from spotter.kit.pagination import PageQuery, time_id_cursor
from spotter.notifications.service import notify
from spotter.roster import repository
from spotter.roster.repository import Linked
from spotter.users import repository as users_repository


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
    return await repository.invitations(
        ctx.session, ctx.principal, page.limit, time_id_cursor(page.cursor)
    )


async def roster(ctx: Context, page: PageQuery) -> list[Linked]:
    return await repository.roster(
        ctx.session, ctx.principal, page.limit, time_id_cursor(page.cursor)
    )


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
    # The email goes whether or not the address has an account yet. Its link
    # lets the reader sign up or in with proof that the address is theirs.
    await send_later(
        ctx.session,
        to=email,
        kind="invitation",
        language=await users_repository.preferred_language(ctx.session, link.trainee_id),
        params={"trainer": me.name},
        link=TokenLink("invitation", invitation_id=link.id),
    )
    return link, me


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
    link = await repository.invitation_to_me(ctx.session, ctx.principal, link_id)
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
    link = await repository.invitation_to_me(ctx.session, ctx.principal, link_id)
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
