"""The pages behind the emailed links, followed as their reader would:
register from an invitation, verify an email address, reset a password."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio
from sqlalchemy.engine import URL

from tests.api.helpers import API, PASSWORD, emailed_token, register, unique_email
from tests.web.http_helpers import csrf_of, form_token


@pytest_asyncio.fixture
async def web(client: httpx.AsyncClient, app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://spotter.test", headers={"Accept-Language": "en"}
    ) as c:
        yield c


async def test_register_from_an_invitation_link(
    web: httpx.AsyncClient, client: httpx.AsyncClient, database_url: URL
) -> None:
    trainer = await register(client, "trainer")
    email = unique_email("invited")
    invited = await client.post(
        f"{API}/roster/invitations", json={"email": email}, headers=trainer.headers
    )
    assert invited.status_code == 201, invited.text
    token = await emailed_token(client, email, "invitation", database_url)
    landing = await web.get(f"/invitations?token={token}")
    assert landing.status_code == 303
    assert landing.headers["location"] == f"/register?invitation={token}"
    page = await web.get(landing.headers["location"])
    assert "Create your account" in page.text
    created = await web.post(
        "/register",
        data={
            "name": "Invited Person",
            "email": email,
            "password": PASSWORD,
            "invitation": token,
            "csrf_token": csrf_of(page),
        },
    )
    assert created.status_code == 303, created.text
    assert created.headers["location"] == "/"
    today = await web.get("/")
    assert today.status_code == 200
    # Registering with the invitation's token proved the address.
    login = await client.post(f"{API}/auth/login", json={"email": email, "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {login.json()['accessToken']}"}
    me = await client.get(f"{API}/me", headers=bearer)
    assert me.json()["emailVerifiedAt"] is not None


async def test_register_says_which_field_is_wrong(web: httpx.AsyncClient) -> None:
    token = await form_token(web, "/register")
    response = await web.post(
        "/register",
        data={"name": "", "email": "not-an-email", "password": "x", "csrf_token": token},
    )
    assert response.status_code == 422
    assert response.text.count('aria-invalid="true"') == 3
    assert "Enter a valid email address." in response.text


async def test_verify_email_from_its_link(
    web: httpx.AsyncClient, client: httpx.AsyncClient, database_url: URL
) -> None:
    account = await register(client)
    requested = await client.post(f"{API}/auth/verify-email/request", headers=account.headers)
    assert requested.status_code == 202
    token = await emailed_token(client, account.email, "verify_email", database_url)
    # Opening the link changes nothing (mail scanners open links too) ...
    page = await web.get(f"/verify-email?token={token}")
    assert page.status_code == 200
    # ... the button does.
    done = await web.post("/verify-email", data={"token": token, "csrf_token": csrf_of(page)})
    assert done.status_code == 200
    assert "Your email address is verified." in done.text
    again = await web.post("/verify-email", data={"token": token, "csrf_token": csrf_of(page)})
    assert again.status_code == 422
    assert 'role="alert"' in again.text


async def test_reset_a_forgotten_password(
    web: httpx.AsyncClient, client: httpx.AsyncClient, database_url: URL
) -> None:
    account = await register(client)
    page = await web.get("/forgot-password")
    sent = await web.post(
        "/forgot-password", data={"email": account.email, "csrf_token": csrf_of(page)}
    )
    assert sent.status_code == 200
    assert "on its way" in sent.text
    token = await emailed_token(client, account.email, "password_reset", database_url)
    form = await web.get(f"/reset-password?token={token}")
    weak = await web.post(
        "/reset-password",
        data={"token": token, "new_password": "short", "csrf_token": csrf_of(form)},
    )
    assert weak.status_code == 422
    new_password = "a brand new passphrase 99"
    done = await web.post(
        "/reset-password",
        data={"token": token, "new_password": new_password, "csrf_token": csrf_of(form)},
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/signin?notice=password-reset"
    # Every sign-in ended, the new password works, the old one does not.
    assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 401
    old = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    assert old.status_code == 401
    new = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": new_password}
    )
    assert new.status_code == 200


async def test_over_long_fields_are_refused_with_a_page(web: httpx.AsyncClient) -> None:
    # Each form's limits (web/pages/account_forms.py) answer 422 with the
    # error page, before anything is tried; never a 500.
    token = await form_token(web, "/register")
    posts = {
        "/signin": {"email": "a" * 256 + "@example.com", "password": "x"},
        "/register": {"name": "n" * 256, "email": "x@example.com", "password": PASSWORD},
        "/reset-password": {"token": "t" * 257, "new_password": PASSWORD},
        "/verify-email": {"token": "t" * 257},
    }
    for path, data in posts.items():
        response = await web.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 422, (path, response.text)
        assert response.headers["content-type"].startswith("text/html"), path
