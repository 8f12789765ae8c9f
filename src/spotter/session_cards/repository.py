"""Session card queries."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import SessionCard
from spotter.db.queries import ById, newest_first
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal
from spotter.roster.repository import active_trainee_ids_stmt
from spotter.roster.scope import Whose


def visible_cards_stmt(principal: Principal) -> Select[SessionCard]:
    # Policy session_cards_select_party: the trainee's own cards, and the
    # cards a trainer wrote for trainees still actively linked to them.
    return select(SessionCard).where(
        or_(
            SessionCard.trainee_id == principal.id,
            (SessionCard.trainer_id == principal.id)
            & SessionCard.trainee_id.in_(active_trainee_ids_stmt(principal.id)),
        )
    )


CARDS = ById(SessionCard.id, "session card", visible_cards_stmt)
get = CARDS.get


async def get_written_by_me(
    session: AsyncSession, principal: Principal, card_id: uuid.UUID
) -> SessionCard:
    # Policy session_cards_modify_trainer: only the trainer who wrote it.
    mine = SessionCard.trainer_id == principal.id
    return await CARDS.to_change(session, principal, card_id, mine)


async def listing(
    session: AsyncSession,
    whose: Whose,
    page: PageQuery,
) -> list[SessionCard]:
    stmt = visible_cards_stmt(whose.principal).where(whose.of(SessionCard))
    stmt = newest_first(stmt, SessionCard.date, SessionCard.id, page)
    return list((await session.execute(stmt)).scalars())
