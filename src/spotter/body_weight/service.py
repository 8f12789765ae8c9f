"""Body weight: a trainee logs their own, a trainer logs for a linked trainee.

Every create or replace of a day's entry is the event body_weight.logged, for
the trainee and whoever logged it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError

from spotter.body_weight import repository
from spotter.body_weight.csv_io import export_csv, read_upload
from spotter.body_weight.schemas import BodyWeightIn, ImportResult, Measurement
from spotter.context import Context
from spotter.db.models import BodyWeightEntry
from spotter.kit.errors import ConflictError, UnprocessableError
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.roster.scope import require_linked_trainee
from spotter.webhooks.events import EventType

UNIQUE_VIOLATION = "23505"


def event_data(entry: BodyWeightEntry) -> dict[str, Any]:
    return {
        "id": str(entry.id),
        "traineeId": str(entry.trainee_id),
        "date": entry.date.isoformat(),
        "weight": float(entry.weight),
        "bmi": float(entry.bmi) if entry.bmi is not None else None,
    }


async def _owner(ctx: Context, trainee_id: uuid.UUID | None) -> uuid.UUID:
    """The trainee whose entries these are: myself, or a trainee linked to me.
    A trainer has no entries of their own, so must name the trainee."""
    if trainee_id is None or trainee_id == ctx.user_id:
        if ctx.is_trainer:
            raise UnprocessableError("traineeId", "A trainer names the trainee.")
        return ctx.user_id
    await require_linked_trainee(ctx.session, ctx.principal, trainee_id)
    return trainee_id


async def _created(ctx: Context, entry: BodyWeightEntry) -> BodyWeightEntry:
    return await ctx.created(
        entry,
        event=EventType.BODY_WEIGHT_LOGGED,
        payload=event_data,
        audience=(entry.trainee_id, ctx.user_id),
    )


async def _log_day(
    ctx: Context, owner: uuid.UUID, day: dt.date, measurement: Measurement
) -> tuple[BodyWeightEntry, bool]:
    """Create or replace the entry of a day; True when it was created.

    An upsert: two requests for the same new day both find nothing; the
    second insert waits on the unique index until the first commits, fails
    in its savepoint, and replaces the entry the first one made."""
    values = measurement.model_dump()
    entry = await repository.find_day(ctx.session, ctx.principal, owner, day)
    if entry is None:
        try:
            async with ctx.session.begin_nested():
                created = await _created(ctx, BodyWeightEntry(trainee_id=owner, date=day, **values))
            return created, True
        except IntegrityError as exc:
            if getattr(exc.orig, "sqlstate", None) != UNIQUE_VIOLATION:
                raise
            entry = await repository.find_day(ctx.session, ctx.principal, owner, day)
            if entry is None:
                raise
    async with ctx.updating(entry):
        for field, value in values.items():
            setattr(entry, field, value)
    await ctx.emit_for(
        entry, EventType.BODY_WEIGHT_LOGGED, event_data, (entry.trainee_id, ctx.user_id)
    )
    return entry, False


async def listing(
    ctx: Context,
    trainee_id: uuid.UUID | None,
    window: DateWindow,
    page: PageQuery,
) -> list[BodyWeightEntry]:
    owner = await _owner(ctx, trainee_id)
    return await repository.listing(
        ctx.session,
        ctx.principal,
        owner,
        window=window,
        page=page,
    )


async def create(ctx: Context, body: BodyWeightIn) -> BodyWeightEntry:
    owner = await _owner(ctx, body.trainee_id)
    entry = BodyWeightEntry(trainee_id=owner, **body.model_dump(exclude={"trainee_id"}))
    try:
        # A savepoint: a day that already has an entry (the unique index)
        # answers 409 instead of failing the whole transaction.
        async with ctx.session.begin_nested():
            return await _created(ctx, entry)
    except IntegrityError as exc:
        raise ConflictError(f"There is already an entry for {body.date}; PUT replaces it.") from exc


async def replace(
    ctx: Context, trainee_id: uuid.UUID | None, day: dt.date, body: Measurement
) -> tuple[BodyWeightEntry, bool]:
    """The entry of `day` after the change; True when it was created."""
    return await _log_day(ctx, await _owner(ctx, trainee_id), day, body)


async def delete(ctx: Context, trainee_id: uuid.UUID | None, day: dt.date) -> None:
    owner = await _owner(ctx, trainee_id)
    await ctx.deleted(await repository.get_day(ctx.session, ctx.principal, owner, day))


async def export(ctx: Context, trainee_id: uuid.UUID | None) -> str:
    owner = await _owner(ctx, trainee_id)
    return export_csv(await repository.all_of(ctx.session, ctx.principal, owner))


async def import_csv(ctx: Context, trainee_id: uuid.UUID | None, raw: bytes) -> ImportResult:
    """All lines or none: a bad line rejects the file before anything is written."""
    owner = await _owner(ctx, trainee_id)
    created = [
        (await _log_day(ctx, owner, row.date, row.measurement))[1] for row in read_upload(raw)
    ]
    return ImportResult(imported=sum(created), replaced=len(created) - sum(created))
