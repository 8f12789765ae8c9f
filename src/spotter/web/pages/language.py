"""The language switch on every page: the user's setting when signed in,
a cookie for pages before sign-in."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from spotter.context import Context
from spotter.db.deps import SessionDep
from spotter.kit.request_context import ClientDep
from spotter.users import service as users_service
from spotter.users.settings_schemas import SettingsUpdate
from spotter.web.deps import LANGUAGE_COOKIE, OptionalViewer, safe_next

router = APIRouter()
ONE_YEAR = 365 * 24 * 3600


@router.post("/language")
async def switch_language(
    request: Request,
    viewer: OptionalViewer,
    session: SessionDep,
    client: ClientDep,
    language: Annotated[Literal["th", "en"], Form()],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    if viewer is not None:
        ctx = Context(session, viewer.principal, client)
        await users_service.update_settings(
            ctx, SettingsUpdate.model_validate({"language": language})
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response
