"""The inbox, and new notifications pushed as server-sent events through
real HTTP servers, across two API processes' worth of apps."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from sqlalchemy.engine import URL

from spotter.app import create_app
from tests.api.domain import book, linked_pair
from tests.api.helpers import API
from tests.conftest import make_settings


async def test_inbox_newest_first_unread_count_and_marking(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    h = pair.trainee.headers
    await client.post(f"{API}/notifications/read-all", headers=h)  # the invitation notice
    for _ in range(3):
        await book(client, pair)
    count = (await client.get(f"{API}/notifications/unread-count", headers=h)).json()["unread"]
    assert count == 3
    page = (await client.get(f"{API}/notifications", params={"limit": 2}, headers=h)).json()
    assert len(page["items"]) == 2
    rest = (
        await client.get(f"{API}/notifications", params={"cursor": page["nextCursor"]}, headers=h)
    ).json()
    stamps = [n["createdAt"] for n in page["items"] + rest["items"]]
    assert stamps == sorted(stamps, reverse=True)
    first = page["items"][0]["id"]
    marked = await client.post(f"{API}/notifications/{first}/read", headers=h)
    assert marked.json()["readAt"] is not None
    assert (await client.get(f"{API}/notifications/unread-count", headers=h)).json()["unread"] == 2
    unread = (await client.get(f"{API}/notifications", params={"unread": "true"}, headers=h)).json()
    assert first not in [n["id"] for n in unread["items"]]
    assert (await client.post(f"{API}/notifications/read-all", headers=h)).json()["marked"] == 2
    assert (await client.get(f"{API}/notifications/unread-count", headers=h)).json()["unread"] == 0
    other = await linked_pair(client)
    assert (
        await client.post(f"{API}/notifications/{first}/read", headers=other.trainee.headers)
    ).status_code == 404


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@asynccontextmanager
async def served(database_url: URL) -> AsyncIterator[str]:
    """The real app behind uvicorn on 127.0.0.1, in this event loop."""
    port = _free_port()
    app = create_app(make_settings(), database_url=database_url)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  (uvicorn exposes a flag, not an event)
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_a_new_notification_is_pushed_to_a_stream_in_another_process(
    database_url: URL,
) -> None:
    async with (
        served(database_url) as first,
        served(database_url) as second,
        httpx.AsyncClient(base_url=first, timeout=10) as api,
    ):
        pair = await linked_pair(api, database_url=database_url)
        async with (
            httpx.AsyncClient(base_url=second, timeout=10) as listener,
            listener.stream(
                "GET",
                f"{API}/notifications/stream",
                params={"accessToken": pair.trainee.access_token},
            ) as stream,
        ):
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.aiter_lines()
            assert await anext(lines) == "retry: 5000"
            schedule = await book(api, pair, title="Pushed")

            async def next_event() -> dict[str, object]:
                async for line in lines:
                    if line.startswith("data: "):
                        event: dict[str, object] = json.loads(line[6:])
                        return event
                raise AssertionError("stream ended")

            # Generous for a shared machine; bench/ measures the latency.
            event = await asyncio.wait_for(next_event(), timeout=5)
    assert event["resourceId"] == schedule["id"]
    assert event["type"] == "schedule_created"


async def test_the_stream_needs_a_valid_token(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{API}/notifications/stream", params={"accessToken": "nope"})
    assert response.status_code == 401
