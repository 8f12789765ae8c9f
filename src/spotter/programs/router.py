"""/exercise-templates, /program-templates and /trainee-programs."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from spotter.context import TrainerContext, UserContext
from spotter.db.models import TraineeProgram
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_out
from spotter.programs import repository, service
from spotter.programs.kinds import EXERCISE_TEMPLATES, PROGRAM_TEMPLATES
from spotter.programs.schemas import (
    AssignIn,
    ProgramStatus,
    TraineeProgramOut,
    TraineeProgramUpdate,
)
from spotter.programs.template_routes import add_template_routes
from spotter.roster.scope import WhoseRows

router = APIRouter(tags=["templates and programs"])

for kind in (EXERCISE_TEMPLATES, PROGRAM_TEMPLATES):
    add_template_routes(router, kind)


@router.post(
    "/program-templates/{template_id}/assign",
    status_code=201,
    responses=problems(401, 403, 404, 422),
    summary="Assign a program to a linked trainee (trainer)",
)
async def assign_program(
    template_id: uuid.UUID, body: AssignIn, ctx: TrainerContext
) -> TraineeProgramOut:
    return _program_out(await service.assign(ctx, template_id, body))


def _program_out(program: TraineeProgram) -> TraineeProgramOut:
    out = TraineeProgramOut.model_validate(program)
    return out.model_copy(update={"current_week": service.current_week(program)})


@router.get("/trainee-programs", responses=problems(401, 404), summary="Assigned programs")
async def list_trainee_programs(
    ctx: UserContext,
    page: PageArgs,
    whose: WhoseRows,
    status_filter: Annotated[ProgramStatus | None, Query(alias="status")] = None,
) -> Page[TraineeProgramOut]:
    rows = await service.list_programs(ctx, whose, status_filter, page)
    return page_out(rows, page.limit, lambda p: [p.start_date.isoformat(), str(p.id)], _program_out)


@router.get("/trainee-programs/{program_id}", responses=problems(401, 404))
async def get_trainee_program(program_id: uuid.UUID, ctx: UserContext) -> TraineeProgramOut:
    return _program_out(await repository.get_program(ctx.session, ctx.principal, program_id))


@router.patch(
    "/trainee-programs/{program_id}",
    responses=problems(401, 404, 409, 422),
    summary="Set the current week or change the status",
)
async def update_trainee_program(
    program_id: uuid.UUID, body: TraineeProgramUpdate, ctx: UserContext
) -> TraineeProgramOut:
    return _program_out(await service.update_program(ctx, program_id, body))
