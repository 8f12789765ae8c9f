"""/body-weight: one entry per trainee and day; users.weight follows the
newest entry (a database trigger)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from spotter.body_weight import service
from spotter.body_weight.schemas import (
    BodyWeightIn,
    BodyWeightOut,
    ImportResult,
    Measurement,
    WeighInDay,
)
from spotter.context import UserContext
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, by_date, page_out
from spotter.kit.query import DateWindowArgs, TraineeIdQuery
from spotter.kit.time_fields import CalendarDate

router = APIRouter(prefix="/body-weight", tags=["body weight"])


@router.get("", responses=problems(401, 404, 422), summary="Body weight entries, newest first")
async def list_entries(
    ctx: UserContext,
    page: PageArgs,
    window: DateWindowArgs,
    trainee_id: TraineeIdQuery = None,
) -> Page[BodyWeightOut]:
    rows = await service.listing(ctx, trainee_id, window, page)
    return page_out(rows, page.limit, by_date, BodyWeightOut.model_validate)


@router.post(
    "",
    status_code=201,
    responses=problems(401, 404, 409, 422, _409="That day already has an entry; PUT replaces it"),
    summary="Log a body weight",
)
async def create_entry(body: BodyWeightIn, ctx: UserContext) -> BodyWeightOut:
    return BodyWeightOut.model_validate(await service.create(ctx, body))


@router.get(
    ".csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **problems(401, 404)},
    summary="All entries as CSV",
)
async def export_entries(ctx: UserContext, trainee_id: TraineeIdQuery = None) -> Response:
    return Response(
        await service.export(ctx, trainee_id),
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
    request: Request, ctx: UserContext, trainee_id: TraineeIdQuery = None
) -> JSONResponse:
    result = await service.import_csv(ctx, trainee_id, await request.body())
    return JSONResponse(result.model_dump(by_alias=True))


@router.put(
    "/{day}",
    responses={201: {"model": BodyWeightOut}, **problems(401, 404, 422)},
    summary="Create or replace the entry of a day",
)
async def replace_entry(
    day: WeighInDay, body: Measurement, ctx: UserContext, trainee_id: TraineeIdQuery = None
) -> JSONResponse:
    entry, created = await service.replace(ctx, trainee_id, day, body)
    out = BodyWeightOut.model_validate(entry).model_dump(mode="json", by_alias=True)
    return JSONResponse(out, status_code=201 if created else 200)


@router.delete(
    "/{day}", status_code=204, responses=problems(401, 404), summary="Delete the entry of a day"
)
async def delete_entry(
    day: CalendarDate, ctx: UserContext, trainee_id: TraineeIdQuery = None
) -> None:
    await service.delete(ctx, trainee_id, day)
