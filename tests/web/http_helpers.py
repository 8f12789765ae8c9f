"""Speaking to the web app over HTTP like a browser without JavaScript."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.api.helpers import API, PASSWORD, Account, ApiPersonas

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def csrf_of(page: httpx.Response) -> str:
    found = CSRF.search(page.text)
    assert found, "the page has no CSRF field"
    return found.group(1)


async def form_token(web: httpx.AsyncClient, path: str = "/signin") -> str:
    """Open a page (which sets the CSRF cookie) and read its form token."""
    return csrf_of(await web.get(path))


async def sign_in(web: httpx.AsyncClient, account: Account, password: str = PASSWORD) -> None:
    token = await form_token(web)
    response = await web.post(
        "/signin", data={"email": account.email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    assert "spotter_session" in web.cookies


async def set_language(client: httpx.AsyncClient, account: Account, language: str) -> None:
    response = await client.patch(
        f"{API}/me/settings", json={"language": language}, headers=account.headers
    )
    assert response.status_code == 200, response.text


@asynccontextmanager
async def persona_browsers(
    client: httpx.AsyncClient,
    app: Any,
    personas: ApiPersonas,
    names: tuple[str, ...] = ("trainer_a", "trainer_b", "trainee_a1"),
) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """One signed-in web client per named persona, reading English."""
    web: dict[str, httpx.AsyncClient] = {}
    try:
        for name in names:
            web[name] = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://spotter.test"
            )
            await set_language(client, personas.all()[name], "en")
            await sign_in(web[name], personas.all()[name])
        yield web
    finally:
        for browser in web.values():
            await browser.aclose()
