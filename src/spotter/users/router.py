"""/me: my profile, my settings, all my data, and deleting my account."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from spotter.audit import service as audit
from spotter.auth.deps import CurrentUser
from spotter.db.deps import SessionDep
from spotter.kit.errors import NotFoundError
from spotter.kit.request_context import ClientDep
from spotter.users import repository
from spotter.users.schemas import MeUpdate, UserOut
from spotter.users.settings_schemas import SettingsOut, SettingsUpdate

router = APIRouter(prefix="/me", tags=["me"])


def _profile(user: Any) -> dict[str, Any]:
    profile: dict[str, Any] = jsonable_encoder(UserOut.model_validate(user).model_dump())
    return profile


@router.get("", summary="My profile")
async def get_me(principal: CurrentUser, session: SessionDep) -> UserOut:
    user = await repository.get_self(session, principal.id)
    if user is None:
        raise NotFoundError("account")
    return UserOut.model_validate(user)


@router.patch("", summary="Change my profile", responses={422: {"description": "Invalid field"}})
async def update_me(
    body: MeUpdate, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> UserOut:
    user = await repository.get_self(session, principal.id)
    if user is None:
        raise NotFoundError("account")
    before = _profile(user)
    changes = body.model_dump(exclude_unset=True)
    for field, value in changes.items():
        setattr(user, field, str(value) if field == "avatar" and value is not None else value)
    await session.flush()
    await session.refresh(user)
    await audit.record(
        session,
        action="UPDATE",
        resource_type="users",
        resource_id=user.id,
        user_id=user.id,
        user_email=user.email,
        subject_user_id=user.id,
        client=client,
        old_values={k: before.get(k) for k in changes},
        new_values=jsonable_encoder(changes),
    )
    return UserOut.model_validate(user)


@router.get("/settings", summary="My settings")
async def get_settings(principal: CurrentUser, session: SessionDep) -> SettingsOut:
    settings = await repository.get_settings(session, principal.id)
    if settings is None:
        raise NotFoundError("settings")
    return SettingsOut.model_validate(settings)


@router.patch("/settings", summary="Change my settings")
async def update_settings(
    body: SettingsUpdate, principal: CurrentUser, session: SessionDep, client: ClientDep
) -> SettingsOut:
    settings = await repository.get_settings(session, principal.id)
    if settings is None:
        raise NotFoundError("settings")
    changes = body.model_dump(exclude_unset=True, by_alias=False)
    old = {k: getattr(settings, k) for k in changes}
    for field in changes:
        value = getattr(body, field)
        # Nested JSON is stored camelCase, as the seed's defaults are.
        stored = value.model_dump(by_alias=True) if hasattr(value, "model_dump") else value
        setattr(settings, field, stored)
    await session.flush()
    await session.refresh(settings)
    await audit.record(
        session,
        action="UPDATE",
        resource_type="settings",
        resource_id=settings.id,
        user_id=principal.id,
        subject_user_id=principal.id,
        client=client,
        old_values=jsonable_encoder(old),
        new_values=jsonable_encoder({k: getattr(settings, k) for k in changes}),
    )
    return SettingsOut.model_validate(settings)


@router.get(
    "/export",
    summary="Everything I own, as JSON",
    response_description="My profile and every row that is mine, by kind.",
)
async def export_me(principal: CurrentUser, session: SessionDep) -> JSONResponse:
    user = await repository.get_self(session, principal.id)
    if user is None:
        raise NotFoundError("account")
    data = {
        "exportedAt": dt.datetime.now(dt.UTC),
        "profile": UserOut.model_validate(user).model_dump(by_alias=True),
        **await repository.export_rows(session, principal.id),
    }
    return JSONResponse(
        jsonable_encoder(data),
        headers={"Content-Disposition": 'attachment; filename="spotter-export.json"'},
    )


@router.delete(
    "",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete my account and everything that is mine",
)
async def delete_me(principal: CurrentUser, session: SessionDep, client: ClientDep) -> None:
    user = await repository.get_self(session, principal.id)
    if user is None:
        raise NotFoundError("account")
    # Written first: the audit row keeps user_email when user_id is cleared.
    await audit.record(
        session,
        action="DELETE",
        resource_type="users",
        resource_id=user.id,
        user_id=user.id,
        user_email=user.email,
        subject_user_id=user.id,
        client=client,
        old_values=_profile(user),
    )
    await repository.delete_account(session, principal.id)
