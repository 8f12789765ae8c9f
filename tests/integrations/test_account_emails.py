"""Account emails through the real worker and a real local SMTP server: the
link in the email is the only way to its token, and it works."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy.engine import URL

from spotter.jobs.app import create_job_app
from tests.api.helpers import API, PASSWORD, register, unique_email
from tests.conftest import make_settings
from tests.integrations.conftest import drain
from tests.integrations.peers import Mailbox, text_and_html

PUBLIC_URL = "https://gym.example/spotter"


async def _delivered(database_url: URL, mailbox: Mailbox, to: str, count: int = 1) -> list[Any]:
    app = create_job_app(database_url, make_settings(smtp_url=mailbox.url, public_url=PUBLIC_URL))
    async with app.open_async():
        await drain(app, lambda: len(mailbox.to(to)) >= count)
    return mailbox.to(to)


def _token(message: Any, page: str) -> str:
    plain, html = text_and_html(message)
    found = re.search(re.escape(f"{PUBLIC_URL}{page}?token=") + r"([A-Za-z0-9_-]{40,})", plain)
    assert found is not None, plain
    assert f'href="{PUBLIC_URL}{page}?token={found.group(1)}"' in html
    return found.group(1)


async def test_a_verification_email_carries_a_link_that_verifies(
    client: httpx.AsyncClient, mailbox: Mailbox, database_url: URL
) -> None:
    account = await register(client)
    await client.post(f"{API}/auth/verify-email/request", headers=account.headers)
    [message] = await _delivered(database_url, mailbox, account.email)
    assert message["Subject"] == "ยืนยันอีเมลของคุณสำหรับ Spotter"
    verified = await client.post(
        f"{API}/auth/verify-email", json={"token": _token(message, "/verify-email")}
    )
    assert verified.status_code == 200
    assert verified.json()["emailVerifiedAt"] is not None


async def test_a_reset_email_in_english_then_a_password_changed_notice(
    client: httpx.AsyncClient, mailbox: Mailbox, database_url: URL
) -> None:
    account = await register(client)
    await client.patch(f"{API}/me/settings", json={"language": "en"}, headers=account.headers)
    await client.post(f"{API}/auth/password-reset", json={"email": account.email})
    [reset] = await _delivered(database_url, mailbox, account.email)
    assert reset["Subject"] == "Reset your Spotter password"
    new_password = "a brand new passphrase 5"
    done = await client.post(
        f"{API}/auth/password-reset/confirm",
        json={"token": _token(reset, "/reset-password"), "newPassword": new_password},
    )
    assert done.status_code == 204
    notice = (await _delivered(database_url, mailbox, account.email, count=2))[1]
    assert notice["Subject"] == "Your Spotter password was changed"
    login = await client.post(
        f"{API}/auth/login", json={"email": account.email, "password": new_password}
    )
    assert login.status_code == 200


async def test_an_invitation_email_links_to_a_sign_up_that_verifies_the_address(
    client: httpx.AsyncClient, mailbox: Mailbox, database_url: URL
) -> None:
    trainer = await register(client, "trainer", name="Coach Link")
    email = unique_email("invited")
    invited = await client.post(
        f"{API}/roster/invitations", json={"email": email}, headers=trainer.headers
    )
    [message] = await _delivered(database_url, mailbox, email)
    token = _token(message, "/invitations")
    signed_up = await client.post(
        f"{API}/auth/register",
        json={"email": email, "password": PASSWORD, "name": "Invited", "invitationToken": token},
    )
    assert signed_up.json()["user"]["emailVerifiedAt"] is not None
    headers = {"Authorization": f"Bearer {signed_up.json()['accessToken']}"}
    accepted = await client.post(
        f"{API}/roster/invitations/{invited.json()['id']}/accept", headers=headers
    )
    assert accepted.status_code == 200
