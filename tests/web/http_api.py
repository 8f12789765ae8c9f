"""The API as the browser tests check it: synchronous calls, because once
Playwright's sync API is running its event loop occupies the test's thread
(asyncio.run would refuse to start another)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import API, Account
from tests.web.conftest import LiveServer


def api_get(server: LiveServer, account: Account, path: str, **params: Any) -> Any:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        response = client.get(f"{API}{path}", params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def api_send(server: LiveServer, account: Account, method: str, path: str, body: Any) -> Any:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        response = client.request(method, f"{API}{path}", json=body, headers=account.headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


def workouts_of(server: LiveServer, account: Account) -> list[dict[str, Any]]:
    """The account's workouts, newest first (up to 100)."""
    items: list[dict[str, Any]] = api_get(server, account, "/workouts", limit=100)["items"]
    return items
