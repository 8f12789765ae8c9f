"""Exercise and program templates share their rules: public ones are visible
to every trainer, private ones to their creator; only the creator edits."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import Principal
from spotter.db.models import ExerciseTemplate, ProgramTemplate
from spotter.db.snapshots import snapshot
from spotter.kit.errors import NotFoundError
from spotter.kit.request_context import ClientInfo

Template = TypeVar("Template", ExerciseTemplate, ProgramTemplate)


def visible_templates_stmt(
    model: type[Template], principal: Principal, mine_only: bool
) -> Select[Any]:
    stmt = select(model)
    if mine_only or not principal.is_trainer:
        # A trainee sees only templates of programs assigned to them (RLS).
        return stmt.where(model.created_by == principal.id) if mine_only else stmt
    return stmt.where(or_(model.created_by == principal.id, model.is_public.is_(True)))


async def page_of_templates(
    session: AsyncSession,
    model: type[Template],
    principal: Principal,
    *,
    mine_only: bool,
    limit: int,
    after: tuple[Any, uuid.UUID] | None,
) -> list[Template]:
    """Most used first, then id (keyset)."""
    stmt = visible_templates_stmt(model, principal, mine_only)
    usage = model.usage_count
    if after is not None:
        stmt = stmt.where(or_(usage < after[0], and_(usage == after[0], model.id > after[1])))
    stmt = stmt.order_by(usage.desc(), model.id).limit(limit + 1)
    return list((await session.execute(stmt)).scalars())


async def get_visible(
    session: AsyncSession, model: type[Template], template_id: uuid.UUID
) -> Template:
    found = (
        await session.execute(select(model).where(model.id == template_id))
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("template")
    return found


async def get_own(
    session: AsyncSession, model: type[Template], principal: Principal, template_id: uuid.UUID
) -> Template:
    found = await get_visible(session, model, template_id)
    if found.created_by != principal.id:
        raise NotFoundError("template")
    return found


def _values(body: BaseModel, fields: set[str] | None = None) -> dict[str, Any]:
    # Nested plans are stored as JSON in the API's camelCase shape.
    dumped = body.model_dump(include=fields, mode="json", by_alias=False, exclude_none=False)
    nested: tuple[str, ...] = ("exercises", "weekly_plan")
    for key in nested:
        if key in dumped and dumped[key] is not None:
            only: set[str] = {key}
            dumped[key] = body.model_dump(
                include=only, mode="json", by_alias=True, exclude_none=True
            )[_camel(key)]
    return dumped


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def create(
    session: AsyncSession,
    model: type[Template],
    resource: str,
    trainer: Principal,
    client: ClientInfo,
    body: BaseModel,
) -> Template:
    template = model(created_by=trainer.id, **_values(body))
    session.add(template)
    await session.flush()
    await session.refresh(template)
    await audit.record_change(
        session,
        action="CREATE",
        resource_type=resource,
        actor=trainer.id,
        client=client,
        resource_id=template.id,
        subject_user_id=trainer.id,
        before=None,
        after=snapshot(template),
    )
    return template


async def update(
    session: AsyncSession,
    model: type[Template],
    resource: str,
    trainer: Principal,
    client: ClientInfo,
    template_id: uuid.UUID,
    body: BaseModel,
) -> Template:
    template = await get_own(session, model, trainer, template_id)
    before = snapshot(template)
    for field, value in _values(body, set(body.model_dump(exclude_unset=True))).items():
        setattr(template, field, value)
    await session.flush()
    await session.refresh(template)
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type=resource,
        actor=trainer.id,
        client=client,
        resource_id=template.id,
        subject_user_id=trainer.id,
        before=before,
        after=snapshot(template),
    )
    return template


async def delete(
    session: AsyncSession,
    model: type[Template],
    resource: str,
    trainer: Principal,
    client: ClientInfo,
    template_id: uuid.UUID,
) -> None:
    template = await get_own(session, model, trainer, template_id)
    before = snapshot(template)
    await session.delete(template)
    await session.flush()
    await audit.record_change(
        session,
        action="DELETE",
        resource_type=resource,
        actor=trainer.id,
        client=client,
        resource_id=template.id,
        subject_user_id=trainer.id,
        before=before,
        after=None,
    )


def keyset(cursor_values: list[Any] | None) -> tuple[Any, uuid.UUID] | None:
    if cursor_values is None:
        return None
    return int(cursor_values[0]), uuid.UUID(cursor_values[1])
