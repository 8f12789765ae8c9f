"""The context a service acts in, and the one path for an audited change.

A route asks for `UserContext`, `TrainerContext` or `TraineeContext`: the
request's transaction (already carrying the caller's RLS identity), the
principal and where the request came from. Services take that one object.

Every change a person makes goes through `created`, `updating` or `deleted`,
which flush the row, write the audit entry with old and new values (so it can
be reverted) and, when asked, put a domain event in the outbox, all in the
request's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import CurrentTrainee, CurrentTrainer, CurrentUser
from spotter.db.base import Base
from spotter.db.deps import SessionDep
from spotter.db.snapshots import snapshot
from spotter.kit.principal import Principal
from spotter.kit.request_context import ClientDep, ClientInfo
from spotter.webhooks.events import EventType, emit

Row = TypeVar("Row", bound=Base)
Payload = Callable[[Any], dict[str, Any]]

# Whose data a row is about, in order of preference: the audit entry's
# subject_user_id, which lets the trainee and their trainer read its history.
_SUBJECT_COLUMNS = ("trainee_id", "user_id", "created_by")
# Who hears of a row's events when the caller names nobody.
_PARTY_COLUMNS = ("trainee_id", "trainer_id")


def subject_of(row: Base) -> uuid.UUID | None:
    if row.__tablename__ == "users":
        return row.id  # type: ignore[attr-defined,no-any-return]
    for name in _SUBJECT_COLUMNS:
        value = getattr(row, name, None)
        if value is not None:
            return value  # type: ignore[no-any-return]
    return None


def parties_of(row: Base) -> list[uuid.UUID]:
    return [value for name in _PARTY_COLUMNS if (value := getattr(row, name, None)) is not None]


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    principal: Principal
    client: ClientInfo | None = None

    @property
    def user_id(self) -> uuid.UUID:
        return self.principal.id

    @property
    def is_trainer(self) -> bool:
        return self.principal.is_trainer

    async def created(
        self,
        row: Row,
        *,
        event: EventType | None = None,
        payload: Payload | None = None,
        audience: Iterable[uuid.UUID] | None = None,
    ) -> Row:
        """Insert `row`, read back what the database computed, audit it, and
        emit `event` with `payload(row)` when given."""
        self.session.add(row)
        await self.session.flush()
        await self.session.refresh(row)
        await self._audit("CREATE", row, before=None, after=snapshot(row))
        if event is not None:
            await self.emit_for(row, event, payload, audience)
        return row

    @asynccontextmanager
    async def updating(self, row: Base) -> AsyncIterator[None]:
        """`async with ctx.updating(row): row.x = ...` audits the columns that
        changed (nothing when none did)."""
        before = snapshot(row)
        yield
        await self.session.flush()
        await self.session.refresh(row)
        await self._audit("UPDATE", row, before=before, after=snapshot(row))

    async def deleted(self, row: Base) -> None:
        before = snapshot(row)
        await self.session.delete(row)
        await self.session.flush()
        await self._audit("DELETE", row, before=before, after=None)

    async def noted(
        self, resource_type: str, changed: dict[str, Any], resource_id: uuid.UUID | None = None
    ) -> None:
        """An UPDATE entry by and about the caller for a change that is not
        one row's before and after (a bulk update, a secret's rotation)."""
        await audit.record(
            self.session,
            action="UPDATE",
            resource_type=resource_type,
            resource_id=resource_id,
            user_id=self.user_id,
            subject_user_id=self.user_id,
            client=self.client,
            new_values=changed,
        )

    async def emit_for(
        self,
        row: Base,
        event: EventType,
        payload: Payload | None,
        audience: Iterable[uuid.UUID] | None = None,
    ) -> None:
        if payload is None:
            raise TypeError(f"{event} needs a payload")
        await emit(
            self.session, event, payload(row), parties_of(row) if audience is None else audience
        )

    async def _audit(
        self,
        action: str,
        row: Base,
        *,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        await audit.record_change(
            self.session,
            action=action,
            resource_type=row.__tablename__,
            actor=self.principal.id,
            client=self.client,
            resource_id=row.id,  # type: ignore[attr-defined]
            subject_user_id=subject_of(row),
            before=before,
            after=after,
        )


async def user_context(principal: CurrentUser, session: SessionDep, client: ClientDep) -> Context:
    return Context(session, principal, client)


async def trainer_context(
    principal: CurrentTrainer, session: SessionDep, client: ClientDep
) -> Context:
    return Context(session, principal, client)


async def trainee_context(
    principal: CurrentTrainee, session: SessionDep, client: ClientDep
) -> Context:
    return Context(session, principal, client)


UserContext = Annotated[Context, Depends(user_context)]
"""Any signed-in user."""
TrainerContext = Annotated[Context, Depends(trainer_context)]
"""A signed-in trainer; anyone else gets 403."""
TraineeContext = Annotated[Context, Depends(trainee_context)]
"""A signed-in trainee; anyone else gets 403."""
