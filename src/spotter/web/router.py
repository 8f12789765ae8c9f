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
from spotter.web.pages import body_weight, history, log, log_sync, progress  # noqa: E402

for page in (log, log_sync, history, progress, body_weight):
    router.include_router(page.router)
# The trainer's pages.
from spotter.web.pages import (  # noqa: E402
    audit,
    calendar,
    card_editor,
    exercises,
    programs,
    roster,
    trainee_profile,
    webhooks,
)

for page in (roster, calendar, trainee_profile, card_editor, programs, exercises, audit, webhooks):
    router.include_router(page.router)
