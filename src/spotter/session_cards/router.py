"""/session-cards: a trainer's write-up of a session, read by the trainee."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from spotter.context import TrainerContext, UserContext
from spotter.db.models import SessionCard
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, by_date, page_out
from spotter.roster.scope import WhoseRows
from spotter.session_cards import repository, service
from spotter.session_cards.schemas import SessionCardIn, SessionCardOut, SessionCardUpdate

router = APIRouter(prefix="/session-cards", tags=["session cards"])


async def _my_card(card_id: uuid.UUID, ctx: TrainerContext) -> SessionCard:
    """The card when the caller wrote it; only its author changes a card."""
    return await repository.get_written_by_me(ctx.session, ctx.principal, card_id)


MyCard = Annotated[SessionCard, Depends(_my_card)]


@router.get("", responses=problems(401, 404, 422), summary="Session cards, newest first")
async def list_cards(ctx: UserContext, page: PageArgs, whose: WhoseRows) -> Page[SessionCardOut]:
    rows = await service.listing(ctx, whose, page)
    return page_out(rows, page.limit, by_date, SessionCardOut.model_validate)


@router.post(
    "",
    status_code=201,
    responses=problems(401, 403, 404, 422),
    summary="Write a session card for a linked trainee (trainer)",
)
async def create_card(body: SessionCardIn, ctx: TrainerContext) -> SessionCardOut:
    return SessionCardOut.model_validate(await service.create(ctx, body))


@router.get("/{card_id}", responses=problems(401, 404), summary="One session card")
async def get_card(card_id: uuid.UUID, ctx: UserContext) -> SessionCardOut:
    return SessionCardOut.model_validate(await repository.get(ctx.session, ctx.principal, card_id))


@router.patch("/{card_id}", responses=problems(401, 403, 404, 422), summary="Edit my session card")
async def update_card(card: MyCard, body: SessionCardUpdate, ctx: TrainerContext) -> SessionCardOut:
    return SessionCardOut.model_validate(await service.update(ctx, card, body))


@router.delete(
    "/{card_id}",
    status_code=204,
    responses=problems(401, 403, 404),
    summary="Delete my session card",
)
async def delete_card(card: MyCard, ctx: TrainerContext) -> None:
    await service.delete(ctx, card)
