"""Every page router of the web app, in one router mounted at `/`.

Every route here gets the CSRF check (unsafe methods only) and is marked as a
web route, so its errors are answered as pages, not problem+json.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from spotter.web.deps import require_csrf
from spotter.web.pages import (
    account,
    cards,
    language,
    notifications,
    sessions,
    settings,
    signin,
    today,
)


async def mark_web_route(request: Request) -> None:
    request.state.web = True


router = APIRouter(
    include_in_schema=False, dependencies=[Depends(mark_web_route), Depends(require_csrf)]
)
for page in (signin, account, language, today, sessions, cards, notifications, settings):
    router.include_router(page.router)
# Helper pages added by other modules: one include per line below.
from spotter.web.pages import body_weight, history, log, log_sync, progress  # noqa: E402

for page in (log, log_sync, history, progress, body_weight):  # E2's pages
    router.include_router(page.router)
