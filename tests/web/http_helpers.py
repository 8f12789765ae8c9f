"""Speaking to the web app over HTTP like a browser without JavaScript."""

from __future__ import annotations

import re

import httpx

from tests.api.helpers import API, PASSWORD, Account

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
