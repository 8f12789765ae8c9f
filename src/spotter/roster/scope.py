"""Whose rows a list shows, the same way in every domain.

A trainer lists their own rows, or one actively linked trainee's; a trainee
lists their own. Naming anyone else's trainee id answers 404, as if that
trainee did not exist.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.kit.errors import NotFoundError
from spotter.kit.principal import Principal
from spotter.roster import repository as roster_repository


async def require_own_or_linked_trainee(
    session: AsyncSession, principal: Principal, trainee_id: uuid.UUID
) -> None:
    """404 unless `trainee_id` is the caller or a trainee actively linked to them."""
    if trainee_id == principal.id:
        return
    if principal.is_trainer and await roster_repository.is_active_link(
        session, principal.id, trainee_id
    ):
        return
    raise NotFoundError("trainee")


async def require_linked_trainee(
    session: AsyncSession, principal: Principal, trainee_id: uuid.UUID
) -> None:
    """404 unless the caller is a trainer actively linked to `trainee_id`."""
    if not (
        principal.is_trainer
        and await roster_repository.is_active_link(session, principal.id, trainee_id)
    ):
        raise NotFoundError("trainee")


class HasParties(Protocol):
    trainer_id: Any
    trainee_id: Any


async def list_scope(
    session: AsyncSession,
    principal: Principal,
    trainee_id: uuid.UUID | None,
    model: type[HasParties],
) -> ColumnElement[bool]:
    """The WHERE clause choosing whose rows of `model` a list shows."""
    if principal.is_trainer and trainee_id is None:
        return model.trainer_id == principal.id  # type: ignore[no-any-return]
    if trainee_id is None:
        return model.trainee_id == principal.id  # type: ignore[no-any-return]
    await require_own_or_linked_trainee(session, principal, trainee_id)
    return model.trainee_id == trainee_id  # type: ignore[no-any-return]
