"""/exercise-templates, /program-templates and /trainee-programs."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status

from spotter.context import TrainerContext, UserContext
from spotter.db.models import ExerciseTemplate, ProgramTemplate, TraineeProgram
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_out
from spotter.kit.query import TraineeIdQuery
from spotter.programs import repository, service
from spotter.programs.schemas import (
    AssignIn,
    ExerciseTemplateIn,
    ExerciseTemplateOut,
    ExerciseTemplateUpdate,
    ProgramStatus,
    ProgramTemplateIn,
    ProgramTemplateOut,
    ProgramTemplateUpdate,
    TraineeProgramOut,
    TraineeProgramUpdate,
)

router = APIRouter(tags=["templates and programs"])
Scope = Annotated[
    Literal["all", "mine"], Query(description="`mine`: only my own; `all`: mine and public.")
]


def _by_usage(template: ExerciseTemplate | ProgramTemplate) -> list[Any]:
    return [template.usage_count or 0, str(template.id)]


@router.get("/exercise-templates", summary="Exercise templates: mine and public ones")
async def list_exercise_templates(
    ctx: UserContext, page: PageArgs, scope: Scope = "all"
) -> Page[ExerciseTemplateOut]:
    rows = await service.list_templates(ctx, ExerciseTemplate, scope == "mine", page)
    return page_out(rows, page.limit, _by_usage, ExerciseTemplateOut.model_validate)


@router.post(
    "/exercise-templates",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 422),
    summary="Create an exercise template (trainer)",
)
async def create_exercise_template(
    body: ExerciseTemplateIn, ctx: TrainerContext
) -> ExerciseTemplateOut:
    created = await service.create_template(ctx, ExerciseTemplate, body)
    return ExerciseTemplateOut.model_validate(created)


@router.get("/exercise-templates/{template_id}", responses=problems(401, 404))
async def get_exercise_template(template_id: uuid.UUID, ctx: UserContext) -> ExerciseTemplateOut:
    found = await repository.get_template(ctx.session, ExerciseTemplate, ctx.principal, template_id)
    return ExerciseTemplateOut.model_validate(found)


@router.patch("/exercise-templates/{template_id}", responses=problems(401, 403, 404, 422))
async def update_exercise_template(
    template_id: uuid.UUID, body: ExerciseTemplateUpdate, ctx: TrainerContext
) -> ExerciseTemplateOut:
    updated = await service.update_template(ctx, ExerciseTemplate, template_id, body)
    return ExerciseTemplateOut.model_validate(updated)


@router.delete(
    "/exercise-templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404),
)
async def delete_exercise_template(template_id: uuid.UUID, ctx: TrainerContext) -> None:
    await service.delete_template(ctx, ExerciseTemplate, template_id)


@router.get("/program-templates", summary="Program templates: mine and public ones")
async def list_program_templates(
    ctx: UserContext, page: PageArgs, scope: Scope = "all"
) -> Page[ProgramTemplateOut]:
    rows = await service.list_templates(ctx, ProgramTemplate, scope == "mine", page)
    return page_out(rows, page.limit, _by_usage, ProgramTemplateOut.model_validate)


@router.post(
    "/program-templates",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 422),
    summary="Create a multi-week program (trainer)",
)
async def create_program_template(
    body: ProgramTemplateIn, ctx: TrainerContext
) -> ProgramTemplateOut:
    return ProgramTemplateOut.model_validate(await service.create_program_template(ctx, body))


@router.get("/program-templates/{template_id}", responses=problems(401, 404))
async def get_program_template(template_id: uuid.UUID, ctx: UserContext) -> ProgramTemplateOut:
    found = await repository.get_template(ctx.session, ProgramTemplate, ctx.principal, template_id)
    return ProgramTemplateOut.model_validate(found)


@router.patch("/program-templates/{template_id}", responses=problems(401, 403, 404, 422))
async def update_program_template(
    template_id: uuid.UUID, body: ProgramTemplateUpdate, ctx: TrainerContext
) -> ProgramTemplateOut:
    updated = await service.update_program_template(ctx, template_id, body)
    return ProgramTemplateOut.model_validate(updated)


@router.delete(
    "/program-templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404),
)
async def delete_program_template(template_id: uuid.UUID, ctx: TrainerContext) -> None:
    await service.delete_template(ctx, ProgramTemplate, template_id)


@router.post(
    "/program-templates/{template_id}/assign",
    status_code=status.HTTP_201_CREATED,
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
    trainee_id: TraineeIdQuery = None,
    status_filter: Annotated[ProgramStatus | None, Query(alias="status")] = None,
) -> Page[TraineeProgramOut]:
    rows = await service.list_programs(ctx, trainee_id, status_filter, page)
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
