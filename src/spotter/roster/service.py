"""The roster: a trainer invites, the trainee accepts or declines, either ends."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import Principal
from spotter.db.models import Schedule, TrainerTrainee, User
from spotter.jobs.enqueue import enqueue
from spotter.kit.errors import ConflictError, NotFoundError, UnprocessableError
from spotter.kit.request_context import ClientInfo
from spotter.notifications.service import notify
from spotter.roster import repository


def _snapshot(link: TrainerTrainee) -> dict[str, object]:
    return {"status": link.status, "traineeId": str(link.trainee_id) if link.trainee_id else None}


async def invite(
    session: AsyncSession, trainer: Principal, client: ClientInfo, email: str
) -> TrainerTrainee:
    me = await session.get(User, trainer.id)
    assert me is not None
    if email == me.email:
        raise UnprocessableError("body.email", "You cannot invite yourself.")
    if await repository.open_link_exists(session, trainer.id, email):
        raise ConflictError("You already have an open invitation or link for this email.")
    # A trigger names the trainee when the email has an account; otherwise the
    # invitation waits for that account to be created.
    link = await repository.insert_invitation(session, trainer.id, email)
    language = "th"
    if link.trainee_id is not None:
        await notify(
            session,
            link.trainee_id,
            "roster_invitation",
            resource_type="trainer_trainees",
            resource_id=link.id,
            trainer=me.name,
        )
        language = await session.scalar(select(func.preferred_language(link.trainee_id))) or "th"
    # The email goes whether or not the address has an account yet.
    await enqueue(
        session,
        "emails.send",
        "emails",
        to=email,
        kind="invitation",
        language=language,
        params={"trainer": me.name},
    )
    await audit.record(
        session,
        action="CREATE",
        resource_type="trainer_trainees",
        resource_id=link.id,
        user_id=trainer.id,
        subject_user_id=link.trainee_id,
        client=client,
        new_values={"invitedEmail": email, "status": "pending"},
    )
    return link


async def _pending_for_trainee(
    session: AsyncSession, trainee: Principal, link_id: uuid.UUID
) -> TrainerTrainee:
    link = await repository.get_invitation(session, trainee.id, link_id, lock=True)
    if link is None or link.trainee_id != trainee.id:
        raise NotFoundError("invitation")
    if link.status != "pending":
        raise ConflictError(f"This invitation is already {link.status}.")
    return link


async def _answer(
    session: AsyncSession,
    trainee: Principal,
    client: ClientInfo,
    link_id: uuid.UUID,
    status: str,
) -> TrainerTrainee:
    """A trainee answers their pending invitation: active, or ended (declined)."""
    link = await _pending_for_trainee(session, trainee, link_id)
    before = _snapshot(link)
    link.status = status
    if status == "active":
        link.accepted_at = func.now()
    else:
        link.ended_at = func.now()
    await session.flush()
    await session.refresh(link)
    await audit.record(
        session,
        action="UPDATE",
        resource_type="trainer_trainees",
        resource_id=link.id,
        user_id=trainee.id,
        subject_user_id=trainee.id,
        client=client,
        old_values=before,
        new_values=_snapshot(link),
    )
    return link


async def accept(
    session: AsyncSession, trainee: Principal, client: ClientInfo, link_id: uuid.UUID
) -> TrainerTrainee:
    link = await _answer(session, trainee, client, link_id, "active")
    me = await session.get(User, trainee.id)
    assert me is not None
    await notify(
        session,
        link.trainer_id,
        "roster_accepted",
        resource_type="trainer_trainees",
        resource_id=link.id,
        trainee=me.name,
    )
    return link


async def decline(
    session: AsyncSession, trainee: Principal, client: ClientInfo, link_id: uuid.UUID
) -> TrainerTrainee:
    return await _answer(session, trainee, client, link_id, "ended")


async def end_link(
    session: AsyncSession,
    actor: Principal,
    client: ClientInfo,
    trainer_id: uuid.UUID,
    trainee_id: uuid.UUID,
) -> None:
    link = await repository.active_link(session, trainer_id, trainee_id)
    if link is None:
        raise NotFoundError("trainee" if actor.is_trainer else "trainer")
    link.status = "ended"
    link.ended_at = func.now()
    # Their open future sessions go with the link: neither side could see or
    # change them any more.
    await session.execute(
        update(Schedule)
        .where(
            Schedule.trainer_id == trainer_id,
            Schedule.trainee_id == trainee_id,
            Schedule.status.in_(("pending", "confirmed")),
            Schedule.date >= func.current_date(),
        )
        .values(status="cancelled")
    )
    await session.flush()
    me = await session.get(User, actor.id)
    assert me is not None
    other = trainee_id if actor.is_trainer else trainer_id
    await notify(
        session,
        other,
        "roster_ended",
        resource_type="trainer_trainees",
        resource_id=link.id,
        name=me.name,
    )
    await audit.record(
        session,
        action="UPDATE",
        resource_type="trainer_trainees",
        resource_id=link.id,
        user_id=actor.id,
        subject_user_id=trainee_id,
        client=client,
        old_values={"status": "active"},
        new_values={"status": "ended"},
    )
