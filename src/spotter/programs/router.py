"""/exercise-templates, /program-templates and /trainee-programs."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import select, tuple_

from spotter.auth.deps import CurrentTrainer, CurrentUser, Principal
from spotter.db.deps import SessionDep
from spotter.db.models import ExerciseTemplate, ProgramTemplate, TraineeProgram
from spotter.kit.errors import NotFoundError, UnprocessableError
from spotter.kit.openapi import problems
from spotter.kit.pagination import (
    InvalidCursorError,
    Page,
    date_id_cursor,
    decode_cursor,
    page_of,
    page_params,
)
from spotter.kit.request_context import ClientDep
from spotter.programs import service, templates
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
from spotter.roster import repository as roster_repository

router = APIRouter(tags=["templates and programs"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]
Scope = Annotated[
    Literal["all", "mine"], Query(description="`mine`: only my own; `all`: mine and public.")
]


def _usage_cursor(cursor: str | None) -> tuple[int, uuid.UUID] | None:
    try:
        return templates.keyset(decode_cursor(cursor, 2) if cursor else None)
    except (TypeError, ValueError) as exc:
        raise InvalidCursorError() from exc


async def _templates_page(
    session: SessionDep, model: Any, principal: Principal, scope: str, page: tuple[int, str | None]
) -> tuple[list[Any], str | None]:
    """One page of visible templates, most used first."""
    limit, cursor = page
    rows = await templates.page_of_templates(
        session,
        model,
        principal,
        mine_only=scope == "mine",
        limit=limit,
        after=_usage_cursor(cursor),
    )
    result = page_of(rows, limit, lambda t: [t.usage_count or 0, str(t.id)])
    return result.items, result.next_cursor


@router.get("/exercise-templates", summary="Exercise templates: mine and public ones")
async def list_exercise_templates(
    principal: CurrentUser, session: SessionDep, page: PageArgs, scope: Scope = "all"
) -> Page[ExerciseTemplateOut]:
    items, next_cursor = await _templates_page(session, ExerciseTemplate, principal, scope, page)
    return Page[ExerciseTemplateOut](
        items=[ExerciseTemplateOut.model_validate(t) for t in items], next_cursor=next_cursor
    )


@router.post(
    "/exercise-templates",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 422),
    summary="Create an exercise template (trainer)",
)
async def create_exercise_template(
    body: ExerciseTemplateIn, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> ExerciseTemplateOut:
    created = await templates.create(
        session, ExerciseTemplate, "exercise_templates", trainer, client, body
    )
    return ExerciseTemplateOut.model_validate(created)


@router.get("/exercise-templates/{template_id}", responses=problems(401, 404))
async def get_exercise_template(
    template_id: uuid.UUID, _: CurrentUser, session: SessionDep
) -> ExerciseTemplateOut:
    found = await templates.get_visible(session, ExerciseTemplate, template_id)
    return ExerciseTemplateOut.model_validate(found)


@router.patch("/exercise-templates/{template_id}", responses=problems(401, 403, 404, 422))
async def update_exercise_template(
    template_id: uuid.UUID,
    body: ExerciseTemplateUpdate,
    trainer: CurrentTrainer,
    session: SessionDep,
    client: ClientDep,
) -> ExerciseTemplateOut:
    updated = await templates.update(
        session, ExerciseTemplate, "exercise_templates", trainer, client, template_id, body
    )
    return ExerciseTemplateOut.model_validate(updated)


@router.delete(
    "/exercise-templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404),
)
async def delete_exercise_template(
    template_id: uuid.UUID, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> None:
    await templates.delete(
        session, ExerciseTemplate, "exercise_templates", trainer, client, template_id
    )


@router.get("/program-templates", summary="Program templates: mine and public ones")
async def list_program_templates(
    principal: CurrentUser, session: SessionDep, page: PageArgs, scope: Scope = "all"
) -> Page[ProgramTemplateOut]:
    items, next_cursor = await _templates_page(session, ProgramTemplate, principal, scope, page)
    return Page[ProgramTemplateOut](
        items=[ProgramTemplateOut.model_validate(t) for t in items], next_cursor=next_cursor
    )


@router.post(
    "/program-templates",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 422),
    summary="Create a multi-week program (trainer)",
)
async def create_program_template(
    body: ProgramTemplateIn, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> ProgramTemplateOut:
    await service.check_template_references(session, trainer, body)
    created = await templates.create(
        session, ProgramTemplate, "program_templates", trainer, client, body
    )
    return ProgramTemplateOut.model_validate(created)


@router.get("/program-templates/{template_id}", responses=problems(401, 404))
async def get_program_template(
    template_id: uuid.UUID, _: CurrentUser, session: SessionDep
) -> ProgramTemplateOut:
    found = await templates.get_visible(session, ProgramTemplate, template_id)
    return ProgramTemplateOut.model_validate(found)


@router.patch("/program-templates/{template_id}", responses=problems(401, 403, 404, 422))
async def update_program_template(
    template_id: uuid.UUID,
    body: ProgramTemplateUpdate,
    trainer: CurrentTrainer,
    session: SessionDep,
    client: ClientDep,
) -> ProgramTemplateOut:
    await service.check_template_references(session, trainer, body)
    current = await templates.get_own(session, ProgramTemplate, trainer, template_id)
    duration = body.duration_weeks or current.duration_weeks
    plan = body.weekly_plan
    weeks = (
        [w.week for w in plan]
        if plan is not None
        else [w.get("week", 1) for w in current.weekly_plan]
    )
    if weeks and max(int(str(w)) for w in weeks) > duration:
        raise UnprocessableError(
            "body.durationWeeks", f"The plan has a week after week {duration}."
        )
    updated = await templates.update(
        session, ProgramTemplate, "program_templates", trainer, client, template_id, body
    )
    return ProgramTemplateOut.model_validate(updated)


@router.delete(
    "/program-templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404),
)
async def delete_program_template(
    template_id: uuid.UUID, trainer: CurrentTrainer, session: SessionDep, client: ClientDep
) -> None:
    await templates.delete(
        session, ProgramTemplate, "program_templates", trainer, client, template_id
    )


@router.post(
    "/program-templates/{template_id}/assign",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 403, 404, 422),
    summary="Assign a program to a linked trainee (trainer)",
)
async def assign_program(
    template_id: uuid.UUID,
    body: AssignIn,
    trainer: CurrentTrainer,
    session: SessionDep,
    client: ClientDep,
) -> TraineeProgramOut:
    assigned = await service.assign(
        session, trainer, client, template_id, body.trainee_id, body.start_date
    )
    return _program_out(assigned)


def _program_out(program: TraineeProgram) -> TraineeProgramOut:
    out = TraineeProgramOut.model_validate(program)
    if program.status == "active":
        out = out.model_copy(
            update={
                "current_week": service.calendar_week(
                    program.start_date, service.program_weeks(program)
                )
            }
        )
    return out


@router.get("/trainee-programs", responses=problems(401, 404), summary="Assigned programs")
async def list_trainee_programs(
    principal: CurrentUser,
    session: SessionDep,
    page: PageArgs,
    trainee_id: Annotated[uuid.UUID | None, Query(alias="traineeId")] = None,
    status_filter: Annotated[ProgramStatus | None, Query(alias="status")] = None,
) -> Page[TraineeProgramOut]:
    limit, cursor = page
    stmt = select(TraineeProgram)
    if principal.is_trainer:
        if trainee_id is not None:
            if not await roster_repository.is_active_link(session, principal.id, trainee_id):
                raise NotFoundError("trainee")
            stmt = stmt.where(TraineeProgram.trainee_id == trainee_id)
        else:
            stmt = stmt.where(TraineeProgram.trainer_id == principal.id)
    else:
        if trainee_id not in (None, principal.id):
            raise NotFoundError("trainee")
        stmt = stmt.where(TraineeProgram.trainee_id == principal.id)
    if status_filter is not None:
        stmt = stmt.where(TraineeProgram.status == status_filter)
    after = date_id_cursor(cursor)
    if after is not None:
        stmt = stmt.where(tuple_(TraineeProgram.start_date, TraineeProgram.id) < after)
    stmt = stmt.order_by(TraineeProgram.start_date.desc(), TraineeProgram.id.desc())
    rows = list((await session.execute(stmt.limit(limit + 1))).scalars())
    result = page_of(rows, limit, lambda p: [p.start_date.isoformat(), str(p.id)])
    return Page[TraineeProgramOut](
        items=[_program_out(p) for p in result.items], next_cursor=result.next_cursor
    )


@router.get("/trainee-programs/{program_id}", responses=problems(401, 404))
async def get_trainee_program(
    program_id: uuid.UUID, _: CurrentUser, session: SessionDep
) -> TraineeProgramOut:
    return _program_out(await service.get_program(session, program_id))


@router.patch(
    "/trainee-programs/{program_id}",
    responses=problems(401, 404, 409, 422),
    summary="Set the current week or change the status",
)
async def update_trainee_program(
    program_id: uuid.UUID,
    body: TraineeProgramUpdate,
    principal: CurrentUser,
    session: SessionDep,
    client: ClientDep,
) -> TraineeProgramOut:
    return _program_out(await service.update_program(session, principal, client, program_id, body))
