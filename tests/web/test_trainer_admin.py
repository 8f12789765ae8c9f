"""The audit log, webhooks and export in a real browser: a change made
through the API is found, filtered and reverted after a confirmation; a
webhook's secret is shown once, "Send test" delivers to a real local
receiver (signed with that secret), and the webhook is deleted; the export
page downloads the person's data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import URL

from spotter.jobs.app import create_job_app
from tests.conftest import make_settings
from tests.integrations.conftest import drain
from tests.integrations.peers import Received, Receiver, webhook_receiver
from tests.web.conftest import LiveServer, check_axe, run, screenshot
from tests.web.http_api import api_get, api_send
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
LOOPBACK = "127.0.0.1"


@pytest.fixture(scope="module")
def live_server(database_url: URL) -> Iterator[LiveServer]:
    """This module's own server, which accepts webhooks to the loopback
    receiver (the shared one refuses them, as production does)."""
    server = LiveServer(database_url, webhook_allow_hosts=LOOPBACK).start()
    yield server
    server.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as peer:
        yield peer


def pings(receiver: Receiver) -> list[Received]:
    """The test messages that arrived signed with the receiver's secret."""
    return [r for r in receiver.verified() if r.payload["type"] == "webhook.ping"]


async def deliver_queued(database_url: URL, receiver: Receiver) -> None:
    """Run the job worker until the receiver has a correctly signed test
    message (the world's own events may reach it too)."""
    worker = create_job_app(database_url, make_settings(webhook_allow_hosts=LOOPBACK))
    async with worker.open_async():
        await drain(worker, lambda: pings(receiver))


def test_audit_log_filters_and_reverts_a_change(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Page]
) -> None:
    trainer = world.personas.trainer_a
    session = world.sessions[0]
    before = session["location"]
    api_send(live_server, trainer, "PATCH", f"/schedules/{session['id']}", {"location": "Studio B"})

    page = signed_in_page(trainer, tablet=True)
    page.goto("/settings")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log", level=1)).to_be_visible()
    page.get_by_label("What").select_option(label="Training session")
    page.get_by_label("Action").select_option(label="Changed")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"what=schedules&action=UPDATE"))

    entries = page.get_by_role("region", name="Changes, newest first").get_by_role("listitem")
    expect(entries).to_have_count(1)
    entry = entries.first
    expect(entry.get_by_role("heading")).to_have_text("Training session: Changed")
    expect(entry).to_contain_text("You")
    location = entry.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Location"))
    expect(location.get_by_role("cell")).to_have_text([before, re.compile("Studio B")])
    check_axe(page)
    screenshot(page, "trainer-audit")

    entry.get_by_role("link", name="Revert").click()
    expect(page.get_by_role("heading", name="Revert this change?")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Studio B")
    check_axe(page)
    screenshot(page, "trainer-audit-revert")
    page.get_by_role("button", name="Revert").click()
    expect(page.get_by_role("status")).to_contain_text("The change was reverted.")
    assert api_get(live_server, trainer, f"/schedules/{session['id']}")["location"] == before


def test_webhook_secret_once_test_delivery_and_delete(
    world: World,
    live_server: LiveServer,
    signed_in_page: Callable[..., Page],
    receiver: Receiver,
) -> None:
    trainer = world.personas.trainer_a
    page = signed_in_page(trainer)
    page.goto("/settings")
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", name="Webhooks", level=1)).to_be_visible()

    # A private address is refused by the service's own check, on the field.
    page.get_by_label("URL").fill("https://192.168.1.20/hook")
    page.get_by_role("checkbox", name="Session booked").check()
    page.get_by_role("button", name="Create webhook").click()
    url = page.get_by_label("URL")
    expect(url).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#wh-url-error")).to_contain_text("cannot send to this address")
    expect(page.get_by_role("checkbox", name="Session booked")).to_be_checked()
    check_axe(page)
    screenshot(page, "trainer-webhooks-refused")

    url.fill(receiver.url)
    page.get_by_role("button", name="Create webhook").click()
    secret = page.get_by_role("textbox", name="Signing secret").input_value()
    assert secret.startswith("whsec_")
    expect(page.get_by_text("cannot be shown again")).to_be_visible()
    check_axe(page)
    screenshot(page, "trainer-webhook-created")
    page.reload()
    expect(page.get_by_role("textbox", name="Signing secret")).to_have_count(0)
    assert secret not in page.content()

    receiver.secret = secret
    page.get_by_role("button", name="Send test").click()
    expect(page.get_by_role("status")).to_contain_text("test event")
    run(deliver_queued(live_server.database_url, receiver))
    assert len(pings(receiver)) == 1
    page.reload()
    deliveries = page.get_by_role("table", name="Deliveries").get_by_role("row")
    delivery = deliveries.filter(has=page.get_by_role("cell", name="Test", exact=True))
    expect(delivery.get_by_role("cell")).to_have_text(["Test", "Delivered", "1", "200"])
    check_axe(page)
    screenshot(page, "trainer-webhook")

    page.get_by_role("link", name="Delete webhook").click()
    expect(page.get_by_role("heading", name="Delete this webhook?")).to_be_visible()
    check_axe(page)
    screenshot(page, "trainer-webhook-delete")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text("The webhook was deleted.")
    assert api_get(live_server, trainer, "/webhooks")["items"] == []
    screenshot(page, "trainer-webhooks")


def test_export_downloads_my_data_in_thai(
    world: World, signed_in_page: Callable[..., Page], tmp_path: Path
) -> None:
    trainer = world.personas.trainer_a
    page = signed_in_page(trainer, language="th")
    page.goto("/settings")
    page.get_by_role("link", name="การส่งออกทั้งหมด").click()
    expect(page.get_by_role("heading", name="ส่งออกข้อมูลของคุณ")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="ส่งออกข้อมูลของฉัน").click()
    saved = tmp_path / "export.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["profile"]["email"] == trainer.email

    trainee = world.personas.trainee_a1
    with page.expect_download() as csv_download:
        page.get_by_role("link", name=f"น้ำหนักตัวของ {trainee.name}").click()
    assert csv_download.value.suggested_filename == f"body-weight-{trainee.id}.csv"
    check_axe(page)
    screenshot(page, "trainer-export")
