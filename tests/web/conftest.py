"""Browser tests: a live Spotter server and Debian's Chromium through Playwright.

- `live_server`: the real app (real PostgreSQL built by the migrations) served
  by uvicorn in a thread on a free 127.0.0.1 port, for the whole session.
- `world`: personas and data made through the API (see world.py), per module.
- `browser`: headless /usr/bin/chromium (never `playwright install`).
- `signed_in_page(account, language="en", phone=False)`: a page whose context
  carries the web sign-in cookie of a fresh sign-in of `account`.
- `check_axe(page)`: axe-core finds no serious or critical violation.
- `screenshot(page, name)`: phone (390x844) and desktop (1280x800) shots in
  tests/web/screenshots/ (git-ignored). Look at them.

Without Chromium or Playwright every browser test is skipped with a reason
(and `make test` says so loudly).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy.engine import URL

from tests.api.helpers import PASSWORD, Account
from tests.conftest import make_settings
from tests.web.world import World, build_world, fresh_refresh_token, set_language

CHROMIUM = os.environ.get("SPOTTER_CHROMIUM", "/usr/bin/chromium")
HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
TABLET: ViewportSize = {"width": 820, "height": 1180}
T = TypeVar("T")

try:
    from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None  # type: ignore[assignment]


def browser_missing() -> str | None:
    if sync_playwright is None:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run API set-up from a synchronous browser test, on a thread of its own
    (pytest-asyncio may have the session's loop running in this one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class LiveServer:
    def __init__(self, database_url: URL, **settings: Any) -> None:
        import uvicorn

        from spotter.app import create_app

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        app = create_app(make_settings(public_url=self.url, **settings), database_url=database_url)
        config = uvicorn.Config(app, log_level="warning", lifespan="on", ws="none")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the live server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.socket.close()

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, timeout=30)


@pytest.fixture(scope="session")
def live_server(database_url: URL) -> Iterator[LiveServer]:
    server = LiveServer(database_url).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def world(live_server: LiveServer) -> World:
    async def build() -> World:
        async with live_server.client() as client:
            return await build_world(client, live_server.database_url)

    return run(build())


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module. Not per session: while Playwright's sync
    API is open it keeps an event loop running on this thread, and async tests
    (pytest-asyncio) in later modules could not run. So a module holds either
    browser tests or async tests, never both."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """`new_page(phone=False, locale="en-US", tablet=False)`: a page in a fresh
    browser context, phone-, tablet- or desktop-sized."""
    contexts: list[Any] = []

    def make(phone: bool = False, locale: str = "en-US", tablet: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE if phone else TABLET if tablet else DESKTOP,
            locale=locale,
            extra_http_headers={"Accept-Language": locale},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.js_errors = errors  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in_page(new_page: Callable[..., Page], live_server: LiveServer) -> Callable[..., Page]:
    """`signed_in_page(account, language="en", phone=False, tablet=False)`: the
    account's language setting is set first (a signed-in user's pages follow it)."""

    def make(
        account: Account, language: str = "en", phone: bool = False, tablet: bool = False
    ) -> Page:
        async def prepare() -> str:
            async with live_server.client() as client:
                await set_language(client, account, language)
                return await fresh_refresh_token(client, account, PASSWORD)

        token = run(prepare())
        page = new_page(phone=phone, locale="th-TH" if language == "th" else "en-US", tablet=tablet)
        page.context.add_cookies(
            [{"name": "spotter_session", "value": token, "url": live_server.url, "httpOnly": True}]
        )
        return page

    return make


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def check_axe(page: Page) -> None:
    """No serious or critical accessibility violation on the page as it is."""
    # Evaluated through the DevTools protocol, which the page's CSP (no
    # inline script) does not govern; a <script> tag would be refused.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in bad
    ]
    assert not bad, json.dumps(details, indent=2, ensure_ascii=False)


def screenshot(page: Page, name: str) -> None:
    """Phone, tablet and desktop screenshots of the page as it is now."""
    SCREENSHOTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, size in (("phone", PHONE), ("tablet", TABLET), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)
