"""What the webhook pages share: the allowed hosts, the event checkboxes and
their errors, and the new secret's one-time cookie."""

from __future__ import annotations

import base64
import binascii
import uuid

from fastapi import Request
from starlette.responses import Response

from spotter.web.render import translate
from spotter.webhooks.events import EVENT_TYPES

EVENT_NAMES = tuple(str(event) for event in EVENT_TYPES)
# The new endpoint's secret travels to the next page in a short-lived,
# HTTP-only cookie (never in a URL); that page shows it once and clears it.
NEW_SECRET_COOKIE = "spotter_webhook_secret"  # noqa: S105 (a cookie name)
COOKIE_PATH = "/webhooks"
COOKIE_SECONDS = 600


def allow_hosts(request: Request) -> list[str]:
    """Hosts exempt from the public-address rule (SPOTTER_WEBHOOK_ALLOW_HOSTS)."""
    hosts: list[str] = request.app.state.settings.webhook_allow_hosts
    return hosts


async def chosen_events(request: Request) -> list[str]:
    """The ticked event checkboxes (unknown names are left for the schema)."""
    form = await request.form()
    return [value for value in form.getlist("events") if isinstance(value, str)]


def field_errors(request: Request, fields: dict[str, str]) -> dict[str, str]:
    """The schema's complaints, in the viewer's language, by form field."""
    words = {
        "url": translate(request, "Enter the full address, starting with https://."),
        "events": translate(request, "Choose at least one event."),
        "description": translate(request, "Keep the description under 255 characters."),
        "isActive": translate(request, "Choose one of the options offered."),
    }
    return {field: words.get(field, words["events"]) for field in fields}


def refused_url(request: Request) -> str:
    return translate(
        request,
        "Spotter cannot send to this address. Use a public https:// address "
        "(not a private, local or reserved one).",
    )


def remember_secret(
    request: Request, response: Response, webhook_id: uuid.UUID, secret: str
) -> None:
    packed = base64.urlsafe_b64encode(f"{webhook_id} {secret}".encode()).decode()
    response.set_cookie(
        NEW_SECRET_COOKIE,
        packed,
        max_age=COOKIE_SECONDS,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def new_secret_for(request: Request, webhook_id: uuid.UUID) -> str | None:
    """The secret just created for this endpoint, if this browser created it."""
    packed = request.cookies.get(NEW_SECRET_COOKIE)
    if not packed or len(packed) > 512:
        return None
    try:
        owner, _, secret = base64.urlsafe_b64decode(packed.encode()).decode().partition(" ")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return secret if owner == str(webhook_id) and secret else None


def forget_secret(request: Request, response: Response) -> None:
    response.delete_cookie(
        NEW_SECRET_COOKIE,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
