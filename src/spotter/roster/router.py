"""/roster: who trains whom."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from spotter.auth.deps import CurrentTrainee, CurrentTrainer, CurrentUser
from spotter.db.deps import SessionDep
from spotter.db.models import TrainerTrainee, User
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, page_of, page_params, time_id_cursor
from spotter.kit.request_context import ClientDep
from spotter.roster import repository, service
from spotter.roster.schemas import InvitationIn, InvitationOut, RosterEntryOut
from spotter.users.schemas import PersonOut

router = APIRouter(prefix="/roster", tags=["roster"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]
NOT_FOUND = problems(401, 404)


async def _with_trainers(session: SessionDep, links: list[TrainerTrainee]) -> list[InvitationOut]:
    people = await repository.people_by_id(session, {link.trainer_id for link in links})
    return [
        InvitationOut.model_validate(link).model_copy(
            update={
                "trainer": PersonOut.model_validate(people[link.trainer_id])
                if link.trainer_id in people
                else None
            }
        )
        for link in links
    ]


@router.post(
    "/invitations",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 409, 422, _409="Already invited or linked"),
    summary="Invite a trainee by email (trainer)",
)
async def invite(
    body: InvitationIn, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> InvitationOut:
    link = await service.invite(session, trainer, client, body.email)
    return (await _with_trainers(session, [link]))[0]


@router.get("/invitations", summary="Invitations and links, sent or received; newest first")
async def list_invitations(
    principal: CurrentUser, session: SessionDep, page: PageArgs
) -> Page[InvitationOut]:
    limit, cursor = page
    links = await repository.list_invitations(session, principal.id, limit, time_id_cursor(cursor))
    result = page_of(links, limit, lambda link: [link.created_at.isoformat(), str(link.id)])
    return Page[InvitationOut](
        items=await _with_trainers(session, result.items), next_cursor=result.next_cursor
    )


@router.post(
    "/invitations/{invitation_id}/accept",
    responses=problems(401, 403, 404, 409, _409="Not pending"),
    summary="Accept an invitation (trainee)",
)
async def accept(
    invitation_id: uuid.UUID, trainee: CurrentTrainee, session: SessionDep, client: ClientDep
) -> InvitationOut:
    link = await service.accept(session, trainee, client, invitation_id)
    return (await _with_trainers(session, [link]))[0]


@router.post(
    "/invitations/{invitation_id}/decline",
    responses=problems(401, 403, 404, 409, _409="Not pending"),
    summary="Decline an invitation (trainee)",
)
async def decline(
    invitation_id: uuid.UUID, trainee: CurrentTrainee, session: SessionDep, client: ClientDep
) -> InvitationOut:
    link = await service.decline(session, trainee, client, invitation_id)
    return (await _with_trainers(session, [link]))[0]


@router.get("/trainees", summary="My active trainees (trainer)")
async def my_trainees(
    trainer: CurrentTrainer, session: SessionDep, page: PageArgs
) -> Page[RosterEntryOut]:
    limit, cursor = page
    rows = await repository.roster(
        session,
        me_column=TrainerTrainee.trainer_id,
        other_column=TrainerTrainee.trainee_id,
        user_id=trainer.id,
        limit=limit,
        after=time_id_cursor(cursor),
    )
    return _roster_page(rows, limit)


@router.get("/trainers", summary="My active trainers (trainee)")
async def my_trainers(
    trainee: CurrentTrainee, session: SessionDep, page: PageArgs
) -> Page[RosterEntryOut]:
    limit, cursor = page
    rows = await repository.roster(
        session,
        me_column=TrainerTrainee.trainee_id,
        other_column=TrainerTrainee.trainer_id,
        user_id=trainee.id,
        limit=limit,
        after=time_id_cursor(cursor),
    )
    return _roster_page(rows, limit)


def _roster_page(rows: list[tuple[TrainerTrainee, User]], limit: int) -> Page[RosterEntryOut]:
    def key(row: tuple[TrainerTrainee, User]) -> list[str]:
        link = row[0]
        return [link.accepted_at.isoformat() if link.accepted_at else "", str(link.id)]

    page = page_of(rows, limit, key)
    return Page[RosterEntryOut](
        items=[
            RosterEntryOut(
                link_id=link.id, since=link.accepted_at, person=PersonOut.model_validate(person)
            )
            for link, person in page.items
        ],
        next_cursor=page.next_cursor,
    )


@router.delete(
    "/trainees/{trainee_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=NOT_FOUND,
    summary="End the link with a trainee (trainer)",
)
async def end_with_trainee(
    trainee_id: uuid.UUID, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> None:
    await service.end_link(session, trainer, client, trainer.id, trainee_id)


@router.delete(
    "/trainers/{trainer_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=NOT_FOUND,
    summary="End the link with a trainer (trainee)",
)
async def end_with_trainer(
    trainer_id: uuid.UUID, trainee: CurrentTrainee, session: SessionDep, client: ClientDep
) -> None:
    await service.end_link(session, trainee, client, trainer_id, trainee.id)
