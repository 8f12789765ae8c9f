from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any

import procrastinate
import pytest

from tests.integrations.peers import Mailbox, Receiver, smtp_server, webhook_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as peer:
        yield peer


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


async def drain(app: procrastinate.App, until: Callable[[], Any], within: float = 20) -> None:
    """Run the worker in this process until `until()` holds (retries are
    scheduled a little later, so the queue empties more than once)."""
    deadline = time.monotonic() + within
    while True:
        await app.run_worker_async(wait=False, install_signal_handlers=False)
        if until():
            return
        assert time.monotonic() < deadline, "the worker did not get there in time"
        await asyncio.sleep(0.1)
