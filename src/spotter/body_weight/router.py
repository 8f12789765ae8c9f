"""/body-weight: one entry per trainee and day; users.weight follows the
newest entry (a database trigger)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Select, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.audit import service as audit
from spotter.auth.deps import CurrentUser, Principal
from spotter.body_weight.csv_io import LineError, export_csv, parse_csv
from spotter.body_weight.schemas import BodyWeightIn, BodyWeightOut, ImportResult, Measurement
from spotter.db.deps import SessionDep
from spotter.db.models import BodyWeightEntry
from spotter.db.snapshots import snapshot
from spotter.kit.errors import ConflictError, NotFoundError, UnprocessableError
from spotter.kit.openapi import problems
from spotter.kit.pagination import (
    Page,
    date_id_cursor,
    page_of,
    page_params,
)
from spotter.kit.request_context import ClientDep, ClientInfo
from spotter.roster import repository as roster_repository
from spotter.webhooks.events import emit

router = APIRouter(prefix="/body-weight", tags=["body weight"])
PageArgs = Annotated[tuple[int, str | None], Depends(page_params)]
TraineeQuery = Annotated[uuid.UUID | None, Query(alias="traineeId", description="Omitted: myself.")]
MAX_IMPORT_BYTES = 1_000_000


async def whose(
    session: AsyncSession, principal: Principal, trainee_id: uuid.UUID | None
) -> uuid.UUID:
    """The trainee whose entries these are: myself, or a trainee linked to me."""
    if trainee_id is None or trainee_id == principal.id:
        if principal.is_trainer:
            raise UnprocessableError("traineeId", "A trainer names the trainee.")
        return principal.id
    if principal.is_trainer and await roster_repository.is_active_link(
        session, principal.id, trainee_id
    ):
        return trainee_id
    raise NotFoundError("trainee")


def entries_stmt(trainee_id: uuid.UUID) -> Select[BodyWeightEntry]:
    return select(BodyWeightEntry).where(BodyWeightEntry.trainee_id == trainee_id)


async def _entry(
    session: AsyncSession, trainee_id: uuid.UUID, day: dt.date
) -> BodyWeightEntry | None:
    stmt = entries_stmt(trainee_id).where(BodyWeightEntry.date == day).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def _logged(
    session: AsyncSession,
    actor: Principal,
    client: ClientInfo,
    entry: BodyWeightEntry,
    before: dict[str, object] | None,
) -> None:
    await session.flush()
    await session.refresh(entry)
    await audit.record_change(
        session,
        action="UPDATE" if before else "CREATE",
        resource_type="body_weight_entries",
        actor=actor.id,
        client=client,
        resource_id=entry.id,
        subject_user_id=entry.trainee_id,
        before=before,
        after=snapshot(entry),
    )
    await emit(
        session,
        "body_weight.logged",
        {
            "id": str(entry.id),
            "traineeId": str(entry.trainee_id),
            "date": entry.date.isoformat(),
            "weight": float(entry.weight),
            "bmi": float(entry.bmi) if entry.bmi is not None else None,
        },
        [entry.trainee_id, actor.id],
    )


@router.get("", responses=problems(401, 404, 422), summary="Body weight entries, newest first")
async def list_entries(
    principal: CurrentUser,
    session: SessionDep,
    page: PageArgs,
    trainee_id: TraineeQuery = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
) -> Page[BodyWeightOut]:
    limit, cursor = page
    owner = await whose(session, principal, trainee_id)
    stmt = entries_stmt(owner)
    if date_from is not None:
        stmt = stmt.where(BodyWeightEntry.date >= date_from)
    if date_to is not None:
        stmt = stmt.where(BodyWeightEntry.date <= date_to)
    after = date_id_cursor(cursor)
    if after is not None:
        stmt = stmt.where(tuple_(BodyWeightEntry.date, BodyWeightEntry.id) < after)
    stmt = stmt.order_by(BodyWeightEntry.date.desc(), BodyWeightEntry.id.desc()).limit(limit + 1)
    rows = list((await session.execute(stmt)).scalars())
    result = page_of(rows, limit, lambda e: [e.date.isoformat(), str(e.id)])
    return Page[BodyWeightOut](
        items=[BodyWeightOut.model_validate(e) for e in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(401, 404, 409, 422, _409="That day already has an entry; PUT replaces it"),
    summary="Log a body weight",
)
async def create_entry(
    body: BodyWeightIn, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> BodyWeightOut:
    owner = await whose(session, principal, body.trainee_id)
    entry = BodyWeightEntry(trainee_id=owner, **body.model_dump(exclude={"trainee_id"}))
    session.add(entry)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise ConflictError(f"There is already an entry for {body.date}; PUT replaces it.") from exc
    await _logged(session, principal, client, entry, None)
    return BodyWeightOut.model_validate(entry)


@router.get(
    ".csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **problems(401, 404)},
    summary="All entries as CSV",
)
async def export_entries(
    principal: CurrentUser, session: SessionDep, trainee_id: TraineeQuery = None
) -> Response:
    owner = await whose(session, principal, trainee_id)
    rows = (await session.execute(entries_stmt(owner).order_by(BodyWeightEntry.date))).scalars()
    return Response(
        export_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="body-weight.csv"'},
    )


@router.post(
    "/import",
    responses={
        200: {"model": ImportResult},
        **problems(
            401, 404, 413, 422, _422="Some lines are bad; `lines` names each, nothing imported"
        ),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {
                    "schema": {"type": "string"},
                    "example": "date,weight,bodyFatPercentage\n2026-11-01,72.4,18.5\n",
                }
            },
        }
    },
    summary="Import entries from CSV: all lines or none (a date that exists is replaced)",
)
async def import_entries(
    request: Request,
    principal: CurrentUser,
    session: SessionDep,
    client: ClientDep,
    trainee_id: TraineeQuery = None,
) -> JSONResponse:
    owner = await whose(session, principal, trainee_id)
    raw = await request.body()
    if len(raw) > MAX_IMPORT_BYTES:
        raise UnprocessableError("body", f"The file is over {MAX_IMPORT_BYTES} bytes.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnprocessableError("body", "The file must be UTF-8 text.") from exc
    rows, errors = parse_csv(text)
    if not rows and not errors:
        errors = [LineError(1, "the file has no rows")]
    if errors:
        return JSONResponse(
            {
                "type": "about:blank",
                "title": "Unprocessable Entity",
                "status": 422,
                "detail": "Nothing was imported: fix the lines listed.",
                "errors": [{"field": f"body.line{e.line}", "message": e.message} for e in errors],
                "lines": [{"line": e.line, "message": e.message} for e in errors],
            },
            status_code=422,
            media_type="application/problem+json",
        )
    imported = replaced = 0
    for row in rows:
        entry = await _entry(session, owner, row.date)
        before = snapshot(entry) if entry else None
        if entry is None:
            entry = BodyWeightEntry(trainee_id=owner, date=row.date)
            session.add(entry)
            imported += 1
        else:
            replaced += 1
        for field, value in row.measurement.model_dump().items():
            setattr(entry, field, value)
        await _logged(session, principal, client, entry, before)
    return JSONResponse(
        ImportResult(imported=imported, replaced=replaced).model_dump(by_alias=True)
    )


@router.put(
    "/{day}",
    responses={201: {"model": BodyWeightOut}, **problems(401, 404, 422)},
    summary="Create or replace the entry of a day",
)
async def replace_entry(
    day: dt.date,
    body: Measurement,
    principal: CurrentUser,
    session: SessionDep,
    client: ClientDep,
    trainee_id: TraineeQuery = None,
) -> JSONResponse:
    owner = await whose(session, principal, trainee_id)
    entry = await _entry(session, owner, day)
    before = snapshot(entry) if entry else None
    if entry is None:
        entry = BodyWeightEntry(trainee_id=owner, date=day)
        session.add(entry)
    for field, value in body.model_dump().items():
        setattr(entry, field, value)
    await _logged(session, principal, client, entry, before)
    out = BodyWeightOut.model_validate(entry).model_dump(mode="json", by_alias=True)
    return JSONResponse(out, status_code=200 if before else 201)


@router.delete(
    "/{day}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 404),
    summary="Delete the entry of a day",
)
async def delete_entry(
    day: dt.date,
    principal: CurrentUser,
    session: SessionDep,
    client: ClientDep,
    trainee_id: TraineeQuery = None,
) -> None:
    owner = await whose(session, principal, trainee_id)
    entry = await _entry(session, owner, day)
    if entry is None:
        raise NotFoundError("entry")
    before = snapshot(entry)
    await session.delete(entry)
    await session.flush()
    await audit.record_change(
        session,
        action="DELETE",
        resource_type="body_weight_entries",
        actor=principal.id,
        client=client,
        resource_id=entry.id,
        subject_user_id=owner,
        before=before,
        after=None,
    )
