"""The shell: vendored files, the security headers, /docs, language choice,
and the one formatting path for dates and units."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from babel.numbers import format_decimal
from sqlalchemy.engine import URL

from spotter import clock
from spotter.web import i18n
from spotter.web.static import STATIC
from tests.api.helpers import register, running_app
from tests.web.http_helpers import set_language, sign_in

VENDOR = STATIC / "vendor"
TEST_VENDOR = Path(__file__).parent / "vendor"
LINKED = re.compile(r'(?:src|href|action)="([^"]+)"')


@pytest_asyncio.fixture
async def web(client: httpx.AsyncClient, app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://spotter.test") as c:
        yield c


@pytest.mark.parametrize("folder", [VENDOR, TEST_VENDOR])
def test_every_vendored_file_matches_its_manifest(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = set()
    for entry in manifest["files"]:
        assert {"name", "version", "file", "sha256", "licence", "source"} <= entry.keys()
        assert entry["source"].startswith("https://registry.npmjs.org/")
        path = folder / entry["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], path
        listed.add(path)
    on_disk = {
        p
        for p in folder.rglob("*")
        if p.is_file() and p.name != "manifest.json" and "licences" not in p.parts
    }
    assert on_disk == listed, "every vendored file is in the manifest"


def test_htmx_is_pinned_to_2_0() -> None:
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    htmx = next(e for e in manifest["files"] if e["name"] == "htmx.org")
    assert htmx["version"].startswith("2.0.")


async def test_pages_send_a_strict_content_security_policy(web: httpx.AsyncClient) -> None:
    response = await web.get("/signin")
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_pages_load_nothing_from_another_host(web: httpx.AsyncClient) -> None:
    page = (await web.get("/signin")).text
    assert "<script>" not in page
    assert "style=" not in page
    for url in LINKED.findall(page):
        assert url.startswith(("/", "#")), url
        assert not url.startswith("//"), url


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_api_docs_are_served_from_vendored_files(web: httpx.AsyncClient, path: str) -> None:
    response = await web.get(path)
    assert response.status_code == 200
    urls = LINKED.findall(response.text)
    assert urls
    assert all(url.startswith("/static/") for url in urls), urls
    for url in urls:
        assert (await web.get(url)).status_code == 200


async def test_the_api_keeps_its_own_answers(web: httpx.AsyncClient) -> None:
    response = await web.get("/api/v1/notifications", headers={"Accept": "text/html"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_static_files_are_compressed_and_cached_by_version(web: httpx.AsyncClient) -> None:
    page = (await web.get("/signin")).text
    htmx = next(url for url in LINKED.findall(page) if "htmx" in url)
    response = await web.get(htmx, headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "immutable" in response.headers["cache-control"]


async def test_google_sign_in_only_when_configured(
    database_url: URL, web: httpx.AsyncClient
) -> None:
    plain = await web.get("/signin", headers={"Accept-Language": "en"})
    assert "Sign in with Google" not in plain.text
    assert "accounts.google.com" not in plain.headers["content-security-policy"]
    async with running_app(database_url, google_client_ids="client-1.apps") as (_, c):
        page = await c.get("/signin", headers={"Accept-Language": "en"})
    assert "Sign in with Google" in page.text
    assert "https://accounts.google.com/gsi/client" in page.headers["content-security-policy"]
    assert 'data-client-id="client-1.apps"' in page.text


@pytest.mark.parametrize(
    ("accept", "lang", "label"),
    [
        ("en-GB,en;q=0.9", "en", "Password"),
        ("th-TH,th;q=0.9,en;q=0.8", "th", "รหัสผ่าน"),
        ("fr-FR,de;q=0.5", "th", "รหัสผ่าน"),  # neither: Thai
        ("fr, en;q=0.3, th;q=0.2", "en", "Password"),
    ],
)
async def test_the_language_before_sign_in_follows_the_browser(
    web: httpx.AsyncClient, accept: str, lang: str, label: str
) -> None:
    page = (await web.get("/signin", headers={"Accept-Language": accept})).text
    assert f'<html lang="{lang}"' in page
    assert f">{label}</label>" in page


async def test_without_accept_language_pages_are_thai(web: httpx.AsyncClient) -> None:
    page = (await web.get("/signin")).text
    assert '<html lang="th"' in page


async def test_a_signed_in_user_reads_their_own_language(
    web: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    account = await register(client)
    await set_language(client, account, "en")
    await sign_in(web, account)
    page = (await web.get("/settings", headers={"Accept-Language": "th"})).text
    assert '<html lang="en"' in page
    await set_language(client, account, "th")
    page = (await web.get("/settings", headers={"Accept-Language": "en"})).text
    assert '<html lang="th"' in page


@pytest.mark.parametrize(
    ("path", "title", "files"),
    [
        ("/settings", "Settings", []),
        ("/history", "History", ["app/pages.css", "app/offline.js"]),
        # Two levels down: body_weight.html extends chart_page.html.
        ("/body-weight", "Body weight", ["vendor/uplot/uPlot.min.css", "app/charts.js"]),
    ],
)
async def test_a_page_names_itself_and_loads_its_own_files(
    web: httpx.AsyncClient, client: httpx.AsyncClient, path: str, title: str, files: list[str]
) -> None:
    account = await register(client)
    await set_language(client, account, "en")
    await sign_in(web, account)
    page = (await web.get(path)).text
    assert f"<title>{title} · Spotter</title>" in page
    linked = LINKED.findall(page)
    for name in files:
        assert any(f"/static/{name.rsplit('.', 1)[0]}." in url for url in linked), name


async def test_the_language_switch_remembers_the_choice_before_sign_in(
    web: httpx.AsyncClient,
) -> None:
    page = await web.get("/signin")
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert token
    switched = await web.post(
        "/language", data={"language": "en", "next": "/forgot-password", "csrf_token": token[1]}
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/forgot-password"
    assert '<html lang="en"' in (await web.get("/forgot-password")).text


# The one formatting path -----------------------------------------------------


def test_thai_dates_use_the_buddhist_era() -> None:
    assert i18n.format_date(dt.date(2026, 11, 25), "th") == "25 พ.ย. 2569"
    assert i18n.format_date(dt.date(2026, 11, 25), "en") == "25 Nov 2026"


def test_dates_with_weekday_and_times() -> None:
    assert i18n.format_date(dt.date(2026, 11, 25), "en", weekday=True) == "Wed 25 Nov 2026"
    assert i18n.format_date(dt.date(2026, 11, 25), "th", weekday=True).endswith("25 พ.ย. 2569")
    assert i18n.format_time(dt.time(14, 30), "th") == "14:30"
    assert (
        i18n.format_time(dt.time(14, 30), "en") == "2:30\u202fPM"
        or i18n.format_time(dt.time(14, 30), "en") == "2:30 PM"
    )


def test_a_utc_moment_is_shown_in_the_gym_zone() -> None:
    late = dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.UTC)  # 03:00 the next day in Bangkok
    assert clock.zone().key == "Asia/Bangkok"  # the default the tests run in
    assert i18n.format_date(clock.local(late), "en") == "25 Nov 2026"
    naive = late.replace(tzinfo=None)  # a naive stored moment means UTC
    assert clock.local(naive) == clock.local(late)


def test_units_convert_for_display_and_back() -> None:
    assert i18n.weight_for_display(100, "lbs") == Decimal("220.5")
    assert i18n.weight_from_input("220.5", "lbs") == Decimal("100.02")
    assert i18n.weight_for_display(72.5, "kg") == Decimal("72.5")
    assert i18n.distance_for_display(5, "miles") == Decimal("3.11")
    assert i18n.distance_from_input("3.1", "miles") == Decimal("4.989")


@pytest.mark.parametrize("locale", ["th", "en"])
@pytest.mark.parametrize("digits", [0, 1, 2])
def test_numbers_are_formatted_as_babel_formats_them(locale: i18n.Locale, digits: int) -> None:
    """format_number stands in for Babel's "#,##0.#" pattern (for speed):
    the same text for any value, except that minus zero reads "0"."""
    values: list[float | Decimal | int] = [0, 1, -1, 0.05, 0.15, 12.45, 99.95, 1234567.891]
    values += [Decimal("2.50"), 10**12, -987654.321, 72.25, 1e-7]
    values += [n * 7.3 - 5000 for n in range(1500)]
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    for value in values:
        assert i18n.format_number(value, locale, digits) == format_decimal(
            value, format=pattern, locale=locale
        ), value
    assert i18n.format_number(-0.004, locale, digits) == "0"
