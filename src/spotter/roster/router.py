"""/roster: who trains whom."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, status

from spotter.context import Context, TraineeContext, TrainerContext, UserContext
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_out
from spotter.roster import service
from spotter.roster.repository import Linked, TraineeFigures
from spotter.roster.schemas import (
    InvitationIn,
    InvitationOut,
    NextSessionOut,
    RosterEntryOut,
    TraineeEntryOut,
)
from spotter.users.schemas import PersonOut

router = APIRouter(prefix="/roster", tags=["roster"])
# Answering an invitation, and ending a link, from either side.
ANSWER: dict[str, Any] = {"responses": problems(401, 403, 404, 409, _409="Not pending")}
# A trainer's own pending invitation: resend or withdraw.
MINE_PENDING: dict[str, Any] = {
    "responses": problems(401, 403, 404, 409, _409="No longer pending"),
}
END: dict[str, Any] = {
    "status_code": status.HTTP_204_NO_CONTENT,
    "responses": problems(401, 403, 404),  # 403: the other role's route
}


def _invitation(linked: Linked) -> InvitationOut:
    link, trainer = linked
    shown = PersonOut.model_validate(trainer) if trainer is not None else None
    return InvitationOut.model_validate(link).model_copy(update={"trainer": shown})


def _entry(linked: Linked) -> RosterEntryOut:
    link, person = linked
    return RosterEntryOut(
        link_id=link.id, since=link.accepted_at, person=PersonOut.model_validate(person)
    )


@router.post(
    "/invitations",
    status_code=201,
    responses=problems(401, 403, 409, 422, _409="Already invited or linked"),
    summary="Invite a trainee by email (trainer)",
)
async def invite(body: InvitationIn, ctx: TrainerContext) -> InvitationOut:
    return _invitation(await service.invite(ctx, body.email))


@router.get("/invitations", summary="Invitations and links, sent or received; newest first")
async def list_invitations(ctx: UserContext, page: PageArgs) -> Page[InvitationOut]:
    rows = await service.invitations(ctx, page)
    return page_out(
        rows, page.limit, lambda row: [row[0].created_at.isoformat(), str(row[0].id)], _invitation
    )


@router.post(
    "/invitations/{invitation_id}/accept", summary="Accept an invitation (trainee)", **ANSWER
)
async def accept(invitation_id: uuid.UUID, ctx: TraineeContext) -> InvitationOut:
    return _invitation(await service.accept(ctx, invitation_id))


@router.post(
    "/invitations/{invitation_id}/decline", summary="Decline an invitation (trainee)", **ANSWER
)
async def decline(invitation_id: uuid.UUID, ctx: TraineeContext) -> InvitationOut:
    return _invitation(await service.decline(ctx, invitation_id))


@router.post(
    "/invitations/{invitation_id}/resend",
    summary="Send my pending invitation's email again (trainer; once a minute)",
    responses=problems(401, 403, 404, 409, 429, _409="No longer pending"),
)
async def resend(invitation_id: uuid.UUID, request: Request, ctx: TrainerContext) -> InvitationOut:
    throttle = service.resend_limit(request, ctx, invitation_id)
    return _invitation(await service.resend(ctx, invitation_id, throttle))


@router.post(
    "/invitations/{invitation_id}/withdraw",
    summary="Withdraw my pending invitation (trainer)",
    **MINE_PENDING,
)
async def withdraw(invitation_id: uuid.UUID, ctx: TrainerContext) -> InvitationOut:
    return _invitation(await service.withdraw(ctx, invitation_id))


async def _roster_page(ctx: Context, page: PageArgs) -> Page[RosterEntryOut]:
    rows = await service.roster(ctx, page)
    return page_out(rows, page.limit, _since_key, _entry)


def _since_key(row: Linked) -> list[str]:
    link = row[0]
    return [link.accepted_at.isoformat() if link.accepted_at else "", str(link.id)]


def _trainee_entry(row: TraineeFigures) -> TraineeEntryOut:
    upcoming = row.next_session
    return TraineeEntryOut(
        link_id=row.link.id,
        since=row.link.accepted_at,
        person=PersonOut.model_validate(row.person),
        adherence=row.adherence,
        last_workout_date=row.last_workout_date,
        next_session=NextSessionOut.model_validate(upcoming, from_attributes=True)
        if upcoming
        else None,
    )


@router.get(
    "/trainees",
    responses=problems(401, 403),
    summary="My active trainees with adherence, last workout and next session (trainer)",
)
async def my_trainees(ctx: TrainerContext, page: PageArgs) -> Page[TraineeEntryOut]:
    rows = await service.trainees_page(ctx, page)
    return page_out(
        rows, page.limit, lambda row: _since_key((row.link, row.person)), _trainee_entry
    )


@router.get("/trainers", responses=problems(401, 403), summary="My active trainers (trainee)")
async def my_trainers(ctx: TraineeContext, page: PageArgs) -> Page[RosterEntryOut]:
    return await _roster_page(ctx, page)


@router.delete("/trainees/{trainee_id}", summary="End the link with a trainee (trainer)", **END)
async def end_with_trainee(trainee_id: uuid.UUID, ctx: TrainerContext) -> None:
    await service.end_link(ctx, trainee_id)


@router.delete("/trainers/{trainer_id}", summary="End the link with a trainer (trainee)", **END)
async def end_with_trainer(trainer_id: uuid.UUID, ctx: TraineeContext) -> None:
    await service.end_link(ctx, trainer_id)
