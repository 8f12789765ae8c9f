"""Template and trainee-program queries.

Exercise and program templates share their rules: a trainer sees their own
and public ones, only the creator changes one. A trainee also sees the
program templates assigned to them.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db.models import ExerciseTemplate, ProgramTemplate, TraineeProgram
from spotter.db.queries import ById, newest_first, one_or_404
from spotter.kit.pagination import PageQuery
from spotter.kit.principal import Principal
from spotter.roster.repository import own_or_coached
from spotter.roster.scope import Whose

Template = TypeVar("Template", ExerciseTemplate, ProgramTemplate)


def visible_templates_stmt(model: type[Template], principal: Principal) -> Select[Any]:
    # Policies exercise_templates_select_visible and program_templates_select_visible:
    # my own; public ones if I am a trainer; program templates assigned to me.
    rule = model.created_by == principal.id
    if principal.is_trainer:
        rule = rule | model.is_public.is_(True)
    if model is ProgramTemplate:
        assigned = select(TraineeProgram.program_id).where(
            TraineeProgram.trainee_id == principal.id
        )
        rule = rule | model.id.in_(assigned)
    return select(model).where(rule)


def _own_templates_stmt(model: type[Template], principal: Principal) -> Select[Any]:
    # Policies exercise_templates_modify_own and program_templates_modify_own.
    return visible_templates_stmt(model, principal).where(model.created_by == principal.id)


async def list_templates(
    session: AsyncSession,
    model: type[Template],
    principal: Principal,
    *,
    mine_only: bool,
    limit: int,
    after: tuple[int, uuid.UUID] | None,
) -> list[Template]:
    """Most used first, then id (keyset)."""
    stmt = (_own_templates_stmt if mine_only else visible_templates_stmt)(model, principal)
    usage = model.usage_count
    if after is not None:
        stmt = stmt.where(or_(usage < after[0], and_(usage == after[0], model.id > after[1])))
    stmt = stmt.order_by(usage.desc(), model.id).limit(limit + 1)
    return list((await session.execute(stmt)).scalars())


async def visible_template_ids(
    session: AsyncSession, principal: Principal, ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of `ids` are exercise templates I can see."""
    stmt = visible_templates_stmt(ExerciseTemplate, principal).with_only_columns(
        ExerciseTemplate.id
    )
    return set((await session.execute(stmt.where(ExerciseTemplate.id.in_(ids)))).scalars())


async def get_template(
    session: AsyncSession, model: type[Template], principal: Principal, template_id: uuid.UUID
) -> Template:
    stmt = visible_templates_stmt(model, principal).where(model.id == template_id)
    found: Template = await one_or_404(session, stmt, "template")
    return found


async def get_own_template(
    session: AsyncSession, model: type[Template], principal: Principal, template_id: uuid.UUID
) -> Template:
    stmt = _own_templates_stmt(model, principal).where(model.id == template_id)
    found: Template = await one_or_404(session, stmt, "template", lock=True)
    return found


def visible_programs_stmt(principal: Principal) -> Select[TraineeProgram]:
    # Policy trainee_programs_select_visible: mine, and those of the trainees
    # actively linked to me.
    return select(TraineeProgram).where(own_or_coached(TraineeProgram.trainee_id, principal.id))


PROGRAMS = ById(TraineeProgram.id, "program", visible_programs_stmt)
get_program = PROGRAMS.get
# Policies trainee_programs_modify_trainer and trainee_programs_update_own:
# the trainer who assigned it (while linked) and the trainee.
get_program_to_follow = PROGRAMS.by_a_party


async def list_programs(
    session: AsyncSession,
    whose: Whose,
    *,
    status: str | None,
    page: PageQuery,
) -> list[TraineeProgram]:
    """Latest start first, by (start_date, id)."""
    stmt = visible_programs_stmt(whose.principal).where(whose.of(TraineeProgram))
    if status is not None:
        stmt = stmt.where(TraineeProgram.status == status)
    stmt = newest_first(stmt, TraineeProgram.start_date, TraineeProgram.id, page)
    return list((await session.execute(stmt)).scalars())
