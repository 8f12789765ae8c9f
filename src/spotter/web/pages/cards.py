"""A session card to read: what the trainer wrote after a session."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from starlette.responses import Response

from spotter.roster import repository as roster_repository
from spotter.session_cards import repository as session_cards_repository
from spotter.web.deps import WebContext
from spotter.web.render import render

router = APIRouter()


# The uuid convertor: /cards/new (the editor's) is not a card id.
@router.get("/cards/{card_id:uuid}")
async def card_page(request: Request, ctx: WebContext, card_id: uuid.UUID) -> Response:
    card = await session_cards_repository.get(ctx.session, ctx.principal, card_id)
    trainer = await roster_repository.person(ctx.session, card.trainer_id)
    return render(
        request,
        "card.html",
        card=card,
        trainer_name=trainer.name if trainer else None,
        can_edit=card.trainer_id == ctx.user_id,
    )
