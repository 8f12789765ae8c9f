"""Assigning programs and following them week by week."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import Principal
from spotter.db.models import ExerciseTemplate, ProgramTemplate, TraineeProgram, User
from spotter.db.snapshots import snapshot
from spotter.kit.errors import ConflictError, NotFoundError, UnprocessableError
from spotter.kit.request_context import ClientInfo
from spotter.notifications.service import notify
from spotter.programs import templates
from spotter.programs.schemas import ProgramTemplateIn, ProgramTemplateUpdate, TraineeProgramUpdate
from spotter.roster import repository as roster_repository
from spotter.webhooks.events import emit

PROGRAM_TRANSITIONS = {
    "active": {"paused", "completed", "cancelled"},
    "paused": {"active", "cancelled"},
    "completed": set(),
    "cancelled": set(),
}


def calendar_week(start: dt.date, weeks: int | None, today: dt.date | None = None) -> int:
    """Week 1 starts on start_date; never before 1 nor after the last week."""
    elapsed = ((today or dt.date.today()) - start).days // 7 + 1
    return max(1, min(elapsed, weeks or elapsed))


def program_weeks(program: TraineeProgram) -> int | None:
    if program.end_date is None:
        return None
    return ((program.end_date - program.start_date).days + 1) // 7


async def check_template_references(
    session: AsyncSession, principal: Principal, body: ProgramTemplateIn | ProgramTemplateUpdate
) -> None:
    """Days that name a template must name one I can see."""
    plan = body.weekly_plan or []
    ids = {day.template_id for week in plan for day in week.days if day.template_id}
    if not ids:
        return
    visible = templates.visible_templates_stmt(ExerciseTemplate, principal, mine_only=False)
    found = set(
        (
            await session.execute(
                visible.with_only_columns(ExerciseTemplate.id).where(ExerciseTemplate.id.in_(ids))
            )
        ).scalars()
    )
    missing = ids - found
    if missing:
        raise UnprocessableError(
            "body.weeklyPlan",
            f"Unknown exercise template(s): {', '.join(sorted(map(str, missing)))}",
        )


async def assign(
    session: AsyncSession,
    trainer: Principal,
    client: ClientInfo,
    program_id: uuid.UUID,
    trainee_id: uuid.UUID,
    start: dt.date,
) -> TraineeProgram:
    program = await templates.get_visible(session, ProgramTemplate, program_id)
    if not program.is_public and program.created_by != trainer.id:
        raise NotFoundError("template")
    if not await roster_repository.is_active_link(session, trainer.id, trainee_id):
        raise NotFoundError("trainee")
    assigned = TraineeProgram(
        trainee_id=trainee_id,
        trainer_id=trainer.id,
        program_id=program.id,
        start_date=start,
        end_date=start + dt.timedelta(weeks=program.duration_weeks, days=-1),
        current_week=calendar_week(start, program.duration_weeks),
        status="active",
    )
    session.add(assigned)
    await session.flush()
    await session.refresh(assigned)
    me = await session.get(User, trainer.id)
    await notify(
        session,
        trainee_id,
        "program_assigned",
        resource_type="trainee_programs",
        resource_id=assigned.id,
        name=me.name if me else "",
        program=program.name,
        date=start.isoformat(),
    )
    await audit.record_change(
        session,
        action="CREATE",
        resource_type="trainee_programs",
        actor=trainer.id,
        client=client,
        resource_id=assigned.id,
        subject_user_id=trainee_id,
        before=None,
        after=snapshot(assigned),
    )
    await emit(
        session,
        "trainee_program.assigned",
        {
            "id": str(assigned.id),
            "traineeId": str(trainee_id),
            "trainerId": str(trainer.id),
            "programId": str(program.id),
            "programName": program.name,
            "startDate": start.isoformat(),
            "endDate": assigned.end_date.isoformat() if assigned.end_date else None,
        },
        [trainee_id, trainer.id],
    )
    return assigned


async def get_program(session: AsyncSession, program_id: uuid.UUID) -> TraineeProgram:
    found = (
        await session.execute(select(TraineeProgram).where(TraineeProgram.id == program_id))
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("program")
    return found


async def update_program(
    session: AsyncSession,
    principal: Principal,
    client: ClientInfo,
    program_id: uuid.UUID,
    body: TraineeProgramUpdate,
) -> TraineeProgram:
    program = await get_program(session, program_id)
    if principal.id not in (program.trainer_id, program.trainee_id):
        raise NotFoundError("program")
    before = snapshot(program)
    if body.status is not None and body.status != program.status:
        if body.status not in PROGRAM_TRANSITIONS[program.status or "active"]:
            raise ConflictError(f"A {program.status} program cannot become {body.status}.")
        program.status = body.status
    if body.current_week is not None:
        weeks = program_weeks(program)
        if weeks is not None and body.current_week > weeks:
            raise UnprocessableError("body.currentWeek", f"The program has {weeks} weeks.")
        # Move the start so that the calendar puts today in the chosen week.
        start = dt.date.today() - dt.timedelta(weeks=body.current_week - 1)
        length = (program.end_date - program.start_date) if program.end_date else None
        program.start_date = start
        program.end_date = start + length if length is not None else None
        program.current_week = body.current_week
    await session.flush()
    await session.refresh(program)
    await audit.record_change(
        session,
        action="UPDATE",
        resource_type="trainee_programs",
        actor=principal.id,
        client=client,
        resource_id=program.id,
        subject_user_id=program.trainee_id,
        before=before,
        after=snapshot(program),
    )
    return program
