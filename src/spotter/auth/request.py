"""`AuthRequestDep`: what the sign-in, registration and password routes
hand the auth service, for the API and the web pages alike."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from spotter.auth.service import AuthRequest
from spotter.db.deps import SessionDep
from spotter.kit.request_context import ClientDep


async def auth_request(request: Request, session: SessionDep, client: ClientDep) -> AuthRequest:
    return AuthRequest(session, request.app.state.auth_config, client)


AuthRequestDep = Annotated[AuthRequest, Depends(auth_request)]
