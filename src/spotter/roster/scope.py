"""Whose rows a list shows: a trainer's own, or one linked trainee's; a
trainee's own. Another person's trainee id answers 404."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from spotter.auth.deps import Principal
from spotter.kit.errors import NotFoundError
from spotter.schedules import repository as schedules_repository


async def list_scope(
    session: AsyncSession,
    principal: Principal,
    trainee_id: uuid.UUID | None,
    *,
    trainer_column: Any,
    trainee_column: Any,
) -> tuple[Any, uuid.UUID]:
    """(column, value) to filter a list by."""
    if principal.is_trainer:
        if trainee_id is None:
            return trainer_column, principal.id
        if not await schedules_repository.is_active_link(session, principal.id, trainee_id):
            raise NotFoundError("trainee")
        return trainee_column, trainee_id
    if trainee_id not in (None, principal.id):
        raise NotFoundError("trainee")
    return trainee_column, principal.id
