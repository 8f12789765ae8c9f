"""/session-cards: a trainer's write-up of a session, read by the trainee."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import CurrentTrainer, CurrentUser
from spotter.db.deps import SessionDep
from spotter.db.models import SessionCard, User
from spotter.kit.errors import NotFoundError, UnprocessableError
from spotter.kit.openapi import problems
from spotter.kit.pagination import (
    Page,
    date_id_cursor,
    page_of,
    page_params,
)
from spotter.kit.request_context import ClientDep
from spotter.kit.snapshots import snapshot
from spotter.notifications.service import notify
from spotter.schedules import repository as schedules_repository
from spotter.session_cards.schemas import SessionCardIn, SessionCardOut, SessionCardUpdate
from spotter.webhooks.events import emit
from spotter.workouts import repository as workouts_repository

router = APIRouter(prefix="/session-cards", tags=["session cards"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]


def visible_cards_stmt() -> Select[SessionCard]:
    # RLS: the trainee's own cards; a trainer's cards for active trainees.
    return select(SessionCard)


async def _get(session: AsyncSession, card_id: uuid.UUID) -> SessionCard:
    card = (
        await session.execute(visible_cards_stmt().where(SessionCard.id == card_id))
    ).scalar_one_or_none()
    if card is None:
        raise NotFoundError("session card")
    return card


async def _workout_date(
    session: AsyncSession, trainee_id: uuid.UUID, workout_id: uuid.UUID | None
) -> dt.date | None:
    if workout_id is None:
        return None
    workout = await workouts_repository.get(session, workout_id)
    if workout is None or workout.trainee_id != trainee_id:
        raise UnprocessableError("body.workoutId", "Link a workout of the same trainee.")
    return workout.date


def _values(body: SessionCardIn | SessionCardUpdate, fields: set[str]) -> dict[str, Any]:
    values = body.model_dump(include=fields)
    if "media" in values and body.media is not None:
        values["media"] = body.media.model_dump()
    return values


@router.get("", responses=problems(401, 404), summary="Session cards, newest first")
async def list_cards(
    principal: CurrentUser,
    session: SessionDep,
    page: PageArgs,
    trainee_id: Annotated[uuid.UUID | None, Query(alias="traineeId")] = None,
) -> Page[SessionCardOut]:
    limit, cursor = page
    stmt = visible_cards_stmt()
    if principal.is_trainer:
        stmt = stmt.where(SessionCard.trainer_id == principal.id)
        if trainee_id is not None:
            stmt = stmt.where(SessionCard.trainee_id == trainee_id)
    else:
        if trainee_id not in (None, principal.id):
            raise NotFoundError("trainee")
        stmt = stmt.where(SessionCard.trainee_id == principal.id)
    after = date_id_cursor(cursor)
    if after is not None:
        stmt = stmt.where(tuple_(SessionCard.date, SessionCard.id) < after)
    stmt = stmt.order_by(SessionCard.date.desc(), SessionCard.id.desc()).limit(limit + 1)
    rows = list((await session.execute(stmt)).scalars())
    result = page_of(rows, limit, lambda c: [c.date.isoformat(), str(c.id)])
    return Page[SessionCardOut](
        items=[SessionCardOut.model_validate(c) for c in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 404, 422),
    summary="Write a session card for a linked trainee (trainer)",
)
async def create_card(
    body: SessionCardIn, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> SessionCardOut:
    if not await schedules_repository.is_active_link(session, trainer.id, body.trainee_id):
        raise NotFoundError("trainee")
    workout_date = await _workout_date(session, body.trainee_id, body.workout_id)
    fields = set(SessionCardIn.model_fields) - {"trainee_id", "workout_id"}
    card = SessionCard(
        trainee_id=body.trainee_id,
        trainer_id=trainer.id,
        workout_id=body.workout_id,
        workout_date=workout_date,
        **_values(body, fields),
    )
    session.add(card)
    await session.flush()
    await session.refresh(card)
    me = await session.get(User, trainer.id)
    await notify(
        session,
        card.trainee_id,
        "session_card_created",
        resource_type="session_cards",
        resource_id=card.id,
        name=me.name if me else "",
        date=card.date.isoformat(),
    )
    await audit.record_change(
        session,
        action="CREATE",
        resource_type="session_cards",
        actor=trainer.id,
        client=client,
        resource_id=card.id,
        subject_user_id=card.trainee_id,
        before=None,
        after=snapshot(card),
    )
    await emit(
        session,
        "session_card.created",
        {
            "id": str(card.id),
            "traineeId": str(card.trainee_id),
            "trainerId": str(card.trainer_id),
            "date": card.date.isoformat(),
            "workoutId": str(card.workout_id) if card.workout_id else None,
        },
        [card.trainee_id, card.trainer_id],
    )
    return SessionCardOut.model_validate(card)


@router.get("/{card_id}", responses=problems(401, 404), summary="One session card")
async def get_card(card_id: uuid.UUID, _: CurrentUser, session: SessionDep) -> SessionCardOut:
    return SessionCardOut.model_validate(await _get(session, card_id))


async def _own_card(
    session: AsyncSession, trainer_id: uuid.UUID, card_id: uuid.UUID
) -> SessionCard:
    card = await _get(session, card_id)
    if card.trainer_id != trainer_id:
        raise NotFoundError("session card")
    return card


@router.patch("/{card_id}", responses=problems(401, 403, 404, 422), summary="Edit my session card")
async def update_card(
    card_id: uuid.UUID,
    body: SessionCardUpdate,
    trainer: CurrentTrainer,
    session: SessionDep,
    client: ClientDep,
) -> SessionCardOut:
    card = await _own_card(session, trainer.id, card_id)
    before = snapshot(card)
    changes = _values(body, set(body.model_dump(exclude_unset=True)))
    for field, value in changes.items():
        if value is None and field in ("date", "summary"):
            raise UnprocessableError(f"body.{field}", "This field cannot be empty.")
        setattr(card, field, value)
    await session.flush()
    await session.refresh(card)
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type="session_cards",
        actor=trainer.id,
        client=client,
        resource_id=card.id,
        subject_user_id=card.trainee_id,
        before=before,
        after=snapshot(card),
    )
    return SessionCardOut.model_validate(card)


@router.delete(
    "/{card_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404),
    summary="Delete my session card",
)
async def delete_card(
    card_id: uuid.UUID, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> None:
    card = await _own_card(session, trainer.id, card_id)
    before = snapshot(card)
    await session.delete(card)
    await session.flush()
    await audit.record_change(
        session,
        action="DELETE",
        resource_type="session_cards",
        actor=trainer.id,
        client=client,
        resource_id=card.id,
        subject_user_id=card.trainee_id,
        before=before,
        after=None,
    )
