"""/me: my profile, my settings, all my data, and deleting my account."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from spotter.context import UserContext
from spotter.kit.errors import NotFoundError
from spotter.reads import Reads
from spotter.users import repository, service
from spotter.users.schemas import MeUpdate, UserOut
from spotter.users.settings_schemas import SettingsOut, SettingsUpdate

router = APIRouter(prefix="/me", tags=["me"])


@router.get("", summary="My profile", response_model=UserOut)
async def get_me(reads: Reads) -> Response:
    [rows] = await reads.fetch(repository.self_query(reads.user_id))
    if not rows:
        raise NotFoundError("account")
    return reads.answer(rows[0])


@router.patch("", summary="Change my profile", responses={422: {"description": "Invalid field"}})
async def update_me(body: MeUpdate, ctx: UserContext) -> UserOut:
    return UserOut.model_validate(await service.update_me(ctx, body))


@router.get("/settings", summary="My settings")
async def get_settings(ctx: UserContext) -> SettingsOut:
    return SettingsOut.model_validate(await repository.get_settings(ctx.session, ctx.principal))


@router.patch("/settings", summary="Change my settings")
async def update_settings(body: SettingsUpdate, ctx: UserContext) -> SettingsOut:
    return SettingsOut.model_validate(await service.update_settings(ctx, body))


@router.get(
    "/export",
    summary="Everything I own, as JSON",
    response_description="My profile and every row that is mine, by kind.",
)
async def export_me(ctx: UserContext) -> JSONResponse:
    return JSONResponse(
        await service.export(ctx),
        headers={"Content-Disposition": 'attachment; filename="spotter-export.json"'},
    )


@router.delete("", status_code=204, summary="Delete my account and everything that is mine")
async def delete_me(ctx: UserContext) -> None:
    await service.delete_me(ctx)
