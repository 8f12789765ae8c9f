"""Whose rows a list shows, the same way in every domain.

A trainer lists their own rows, or one actively linked trainee's; a trainee
lists their own. Naming anyone else's trainee id answers 404, as if that
trainee did not exist. List routes take `WhoseRows`, so the check happens
while the request is parsed and the route's signature says who may list.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.context import UserContext
from spotter.kit.errors import NotFoundError
from spotter.kit.principal import Principal
from spotter.kit.query import TraineeIdQuery
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


@dataclass(frozen=True)
class Whose:
    """Whose rows a list shows: one trainee already checked to be the caller or
    actively linked to them, or else all of the caller's own."""

    principal: Principal
    trainee_id: uuid.UUID | None = None

    def of(self, model: type[HasParties]) -> ColumnElement[bool]:
        """The WHERE clause choosing those rows of `model`."""
        if self.trainee_id is not None:
            return model.trainee_id == self.trainee_id  # type: ignore[no-any-return]
        if self.principal.is_trainer:
            return model.trainer_id == self.principal.id  # type: ignore[no-any-return]
        return model.trainee_id == self.principal.id  # type: ignore[no-any-return]


async def whose_rows(ctx: UserContext, trainee_id: TraineeIdQuery = None) -> Whose:
    if trainee_id is not None:
        await require_own_or_linked_trainee(ctx.session, ctx.principal, trainee_id)
    return Whose(ctx.principal, trainee_id)


WhoseRows = Annotated[Whose, Depends(whose_rows)]
