"""The browser session: the sign-in cookie, CSRF, redirects, sign-out, limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy.engine import URL

from tests.api.helpers import API, PASSWORD, register, running_app
from tests.web.http_helpers import csrf_of, form_token, sign_in


@pytest_asyncio.fixture
async def web(client: httpx.AsyncClient, app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A browser of its own (its own cookies) on the session's app."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://spotter.test") as c:
        yield c


async def test_a_page_without_sign_in_redirects_to_sign_in(web: httpx.AsyncClient) -> None:
    response = await web.get("/sessions?past_before=2026-01-01")
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/sessions%3Fpast_before%3D2026-01-01"


async def test_htmx_requests_are_told_to_go_to_sign_in(web: httpx.AsyncClient) -> None:
    response = await web.get("/notifications", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/signin?next=/notifications")


async def test_signing_in_sets_an_httponly_lax_cookie_of_an_api_session(
    web: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    account = await register(client)
    token = await form_token(web)
    response = await web.post(
        "/signin",
        data={
            "email": account.email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/settings",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/settings"
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and "spotter_session" in v
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # plain http here
    # The sign-in is one of the account's API sessions.
    sessions = await client.get(f"{API}/auth/sessions", headers=account.headers)
    items = sessions.json()
    listed = items["items"] if isinstance(items, dict) else items
    assert len(listed) == 2
    assert (await web.get("/settings")).status_code == 200


async def test_the_cookie_is_secure_under_https(app: Any, client: httpx.AsyncClient) -> None:
    account = await register(client)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://spotter.test") as web:
        token = await form_token(web)
        response = await web.post(
            "/signin", data={"email": account.email, "password": PASSWORD, "csrf_token": token}
        )
    cookie = next(v for k, v in response.headers.multi_items() if "spotter_session" in v)
    assert "Secure" in cookie


async def test_wrong_password_shows_the_form_again(
    web: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    account = await register(client)
    token = await form_token(web)
    response = await web.post(
        "/signin", data={"email": account.email, "password": "wrong one", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "spotter_session" not in web.cookies
    assert 'role="alert"' in response.text


@pytest.mark.parametrize("token", [None, "0" * 64])
async def test_a_form_without_the_right_csrf_token_is_refused(
    web: httpx.AsyncClient, client: httpx.AsyncClient, token: str | None
) -> None:
    account = await register(client)
    await form_token(web)  # the CSRF cookie exists; the field is missing or forged
    data = {"email": account.email, "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    response = await web.post("/signin", data=data)
    assert response.status_code == 403
    assert "spotter_session" not in web.cookies


async def test_a_form_from_a_browser_without_the_csrf_cookie_is_refused(
    web: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    account = await register(client)
    token = await form_token(web)
    web.cookies.clear()
    response = await web.post(
        "/signin", data={"email": account.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 403


async def test_htmx_posts_carry_the_token_in_a_header(
    web: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    await sign_in(web, await register(client))
    token = csrf_of(await web.get("/notifications"))
    refused = await web.post("/notifications/read-all", headers={"HX-Request": "true"})
    assert refused.status_code == 403
    accepted = await web.post(
        "/notifications/read-all", headers={"HX-Request": "true", "X-CSRF-Token": token}
    )
    assert accepted.status_code == 303


async def test_sign_out_ends_the_api_session_behind_the_cookie(
    web: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    account = await register(client)
    await sign_in(web, account)
    cookie = web.cookies["spotter_session"]
    token = csrf_of(await web.get("/settings"))
    response = await web.post("/signout", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin")
    # Even a copy of the old cookie no longer signs anyone in.
    web.cookies.set("spotter_session", cookie)
    assert (await web.get("/settings")).status_code == 303
    sessions = (await client.get(f"{API}/auth/sessions", headers=account.headers)).json()
    listed = sessions["items"] if isinstance(sessions, dict) else sessions
    assert len(listed) == 1  # only the API's own sign-in is left


async def test_ending_the_session_through_the_api_ends_the_browser_session(
    web: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    account = await register(client)
    await sign_in(web, account)
    sessions = (await client.get(f"{API}/auth/sessions", headers=account.headers)).json()
    listed = sessions["items"] if isinstance(sessions, dict) else sessions
    browser = next(s for s in listed if not s["current"])
    ended = await client.delete(f"{API}/auth/sessions/{browser['id']}", headers=account.headers)
    assert ended.status_code == 204
    assert (await web.get("/settings")).status_code == 303


async def test_deactivation_ends_the_browser_session(
    web: httpx.AsyncClient, client: httpx.AsyncClient, owner_engine: Any
) -> None:
    from sqlalchemy import text

    account = await register(client)
    await sign_in(web, account)
    assert (await web.get("/settings")).status_code == 200
    with owner_engine.begin() as conn:
        conn.execute(text("UPDATE users SET is_active = false WHERE id = :id"), {"id": account.id})
    assert (await web.get("/settings")).status_code == 303


async def test_sign_in_is_rate_limited_like_the_api(database_url: URL) -> None:
    # An address of its own: the limiter's counts live in the shared database.
    address = "127.0.0.77"
    async with running_app(database_url, address, rate_limit_login="2/minute") as (_, api):
        account = await register(api)
        codes = []
        for _ in range(3):
            token = await form_token(api)
            response = await api.post(
                "/signin", data={"email": account.email, "password": "wrong", "csrf_token": token}
            )
            codes.append(response.status_code)
    assert codes == [401, 401, 429]


async def test_next_never_leads_to_another_site(
    web: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    account = await register(client)
    token = await form_token(web)
    response = await web.post(
        "/signin",
        data={
            "email": account.email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"
