"""My account: profile, settings, everything I own, and deleting it all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from spotter.audit import service as audit
from spotter.context import Context
from spotter.db.models import User, UserSettings
from spotter.db.snapshots import snapshot
from spotter.users import repository
from spotter.users.export import exportable
from spotter.users.schemas import MeUpdate, UserOut
from spotter.users.settings_schemas import SettingsUpdate


async def update_me(ctx: Context, body: MeUpdate) -> User:
    user = await repository.get_self(ctx.session, ctx.principal)
    async with ctx.updating(user):
        for field, value in body.model_dump(exclude_unset=True).items():
            setattr(user, field, str(value) if field == "avatar" and value is not None else value)
    return user


async def update_settings(ctx: Context, body: SettingsUpdate) -> UserSettings:
    settings = await repository.get_settings(ctx.session, ctx.principal)
    async with ctx.updating(settings):
        for field in body.model_dump(exclude_unset=True):
            value = getattr(body, field)
            # Nested JSON is stored camelCase, as the seed's defaults are.
            stored = value.model_dump(by_alias=True) if isinstance(value, BaseModel) else value
            setattr(settings, field, stored)
    return settings


async def export(ctx: Context) -> dict[str, Any]:
    """Everything I own, ready for JSON (users/export.py shapes it)."""
    user = await repository.get_self(ctx.session, ctx.principal)
    exported: dict[str, Any] = exportable(
        {
            "exportedAt": dt.datetime.now(dt.UTC),
            "profile": UserOut.model_validate(user).model_dump(by_alias=True),
            **await repository.export_rows(ctx.session, user.id),
        }
    )
    return exported


async def delete_me(ctx: Context) -> None:
    user = await repository.get_self(ctx.session, ctx.principal)
    # Not ctx.deleted: the entry must be written while the user still exists
    # (its user_id is then cleared), and it keeps the email to say who it was.
    await audit.record(
        ctx.session,
        action="DELETE",
        resource_type=User.__tablename__,
        resource_id=user.id,
        user_id=user.id,
        user_email=user.email,
        subject_user_id=user.id,
        client=ctx.client,
        old_values=snapshot(user),
    )
    await repository.delete_account(ctx.session, user.id)
