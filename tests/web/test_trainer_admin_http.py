"""The audit log, webhook and export pages over plain HTTP, as a browser
without JavaScript uses them: filters, keyset "More", revert and its
refusals, webhook URL refusals, the secret shown once, "Send test" queuing
a job, deletion, and the export downloads with the session cookie."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import Engine

from spotter import clock
from tests.api.domain import Pair, book
from tests.api.helpers import API, ApiPersonas, create_api_personas
from tests.web.http_helpers import csrf_of, set_language, sign_in

# A name under .invalid never resolves, so nothing here could reach the
# network even if a worker ran; each test deletes its webhooks anyway.
UNREACHABLE = "https://hooks.spotter.invalid/in"
ENTRY = re.compile(r'class="audit-entry"')


@dataclass
class Admin:
    personas: ApiPersonas
    web: dict[str, httpx.AsyncClient]
    api: httpx.AsyncClient

    def pair(self) -> Pair:
        return Pair(self.personas.trainer_a, self.personas.trainee_a1)


@pytest_asyncio.fixture(scope="module")
async def admin(client: httpx.AsyncClient, app: Any) -> AsyncIterator[Admin]:
    personas = await create_api_personas(client)
    web: dict[str, httpx.AsyncClient] = {}
    for name in ("trainer_a", "trainee_a1", "outsider"):
        browser = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://spotter.test"
        )
        await set_language(client, personas.all()[name], "en")
        await sign_in(browser, personas.all()[name])
        web[name] = browser
    yield Admin(personas, web, client)
    for browser in web.values():
        await browser.aclose()


async def _patch_session(admin: Admin, schedule_id: str, **changes: Any) -> None:
    response = await admin.api.patch(
        f"{API}/schedules/{schedule_id}", json=changes, headers=admin.personas.trainer_a.headers
    )
    assert response.status_code == 200, response.text


async def _entries_of(admin: Admin, schedule_id: str) -> list[dict[str, Any]]:
    response = await admin.api.get(
        f"{API}/audit-logs",
        params={"resourceType": "schedules", "resourceId": schedule_id, "limit": 100},
        headers=admin.personas.trainer_a.headers,
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _post(web: httpx.AsyncClient, path: str, data: dict[str, Any]) -> httpx.Response:
    token = csrf_of(await web.get("/settings"))
    return await web.post(path, data={**data, "csrf_token": token})


# Audit log ------------------------------------------------------------------------


async def test_a_change_reads_as_old_and_new_values_and_filters_find_it(admin: Admin) -> None:
    schedule = await book(admin.api, admin.pair(), title="Audit read")
    await _patch_session(admin, schedule["id"], location="Studio 7")
    web = admin.web["trainer_a"]

    page = await web.get("/audit", params={"what": "schedules", "action": "UPDATE"})
    assert page.status_code == 200
    assert "Training session: Changed" in page.text
    assert "Training session: Created" not in page.text
    assert '<th scope="row">Location</th>' in page.text
    assert "Studio 7" in page.text
    assert '"location":' not in page.text  # no raw JSON
    assert f"/audit/{(await _entries_of(admin, schedule['id']))[0]['id']}/revert" in page.text

    other_kind = await web.get("/audit", params={"what": "workouts"})
    assert "Studio 7" not in other_kind.text
    tomorrow = (clock.today() + dt.timedelta(days=2)).isoformat()
    later = await web.get("/audit", params={"from": tomorrow})
    assert "No changes match these filters." in later.text
    long_ago = "2020-01-01"
    earlier = await web.get("/audit", params={"to": long_ago})
    assert "No changes match these filters." in earlier.text
    window = await web.get("/audit", params={"from": long_ago, "to": tomorrow, "what": "schedules"})
    assert "Studio 7" in window.text


async def test_bad_filters_name_their_field(admin: Admin) -> None:
    web = admin.web["trainer_a"]
    page = await web.get("/audit", params={"from": "yesterday", "what": "passwords"})
    assert page.status_code == 422
    assert 'id="audit-from-error"' in page.text
    assert 'id="audit-what-error"' in page.text
    assert 'value="yesterday"' in page.text
    backwards = await web.get("/audit", params={"from": "2026-02-02", "to": "2026-01-01"})
    assert backwards.status_code == 422
    assert "The end date must not be before the start date." in backwards.text
    stale = await web.get("/audit", params={"cursor": "not-a-cursor"})
    assert stale.status_code == 422
    assert "no longer works" in stale.text
    # Past a field's limit: the error page, not a 500.
    too_long = await web.get("/audit", params={"from": "2" * 21})
    assert too_long.status_code == 422
    assert too_long.headers["content-type"].startswith("text/html")


async def test_more_walks_back_without_repeating(admin: Admin) -> None:
    schedule = await book(admin.api, admin.pair(), title="Audit pages")
    for n in range(23):
        await _patch_session(admin, schedule["id"], notes=f"note {n}")
    web = admin.web["trainer_a"]
    first = await web.get("/audit", params={"what": "schedules", "action": "UPDATE"})
    assert len(ENTRY.findall(first.text)) == 20
    more = re.search(r'href="(/audit\?[^"]+cursor=[^"]+)"', first.text)
    assert more, "no More link"
    second = await web.get(more.group(1).replace("&amp;", "&"))
    notes = re.findall(r"note (\d+)</td>", first.text + second.text)
    # Each update shows its new note once (the old one too, but as "before").
    assert {int(n) for n in notes} >= set(range(23))
    assert "note 0</td>" in second.text
    assert "note 22</td>" in first.text


async def test_revert_asks_first_then_restores_and_refuses_twice(admin: Admin) -> None:
    schedule = await book(admin.api, admin.pair(), title="Audit revert")
    await _patch_session(admin, schedule["id"], location="Roof")
    entry = next(e for e in await _entries_of(admin, schedule["id"]) if e["action"] == "UPDATE")
    web = admin.web["trainer_a"]

    confirm = await web.get(f"/audit/{entry['id']}/revert")
    assert confirm.status_code == 200
    assert "Revert this change?" in confirm.text
    assert "Roof" in confirm.text
    done = await _post(web, f"/audit/{entry['id']}/revert", {})
    assert done.status_code == 303
    assert done.headers["location"] == "/audit?reverted=1"
    now = await admin.api.get(
        f"{API}/schedules/{schedule['id']}", headers=admin.personas.trainer_a.headers
    )
    assert now.json()["location"] == schedule["location"]
    assert "The change was reverted." in (await web.get("/audit?reverted=1")).text

    again = await _post(web, f"/audit/{entry['id']}/revert", {})
    assert again.status_code == 409
    assert "changed again since" in again.text


async def test_revert_refusals_are_messages_not_errors(admin: Admin) -> None:
    schedule = await book(admin.api, admin.pair(), title="Audit refusals")
    await _patch_session(admin, schedule["id"], location="Pool")
    entries = await _entries_of(admin, schedule["id"])
    update = next(e for e in entries if e["action"] == "UPDATE")
    created = next(e for e in entries if e["action"] == "CREATE")

    # The trainee sees the trainer's change to their session, but may not undo it.
    trainee = admin.web["trainee_a1"]
    listing = await trainee.get("/audit", params={"what": "schedules"})
    assert "Pool" in listing.text
    assert "Trainer A" in listing.text
    assert f"/audit/{update['id']}/revert" not in listing.text
    refused = await _post(trainee, f"/audit/{update['id']}/revert", {})
    assert refused.status_code == 403
    assert "Only the person who made a change can revert it." in refused.text

    creation = await _post(admin.web["trainer_a"], f"/audit/{created['id']}/revert", {})
    assert creation.status_code == 409
    assert "Only changes and deletions of training data can be reverted." in creation.text
    # The created row's values read as words: its status, its trainee's name.
    assert "Waiting for confirmation</td>" in creation.text
    assert "Trainee A1</td>" in creation.text

    stranger = admin.web["outsider"]
    assert (await stranger.get(f"/audit/{update['id']}/revert")).status_code == 404
    assert (await _post(stranger, f"/audit/{update['id']}/revert", {})).status_code == 404
    assert (await stranger.get(f"/audit/{uuid.uuid4()}/revert")).status_code == 404


async def test_revert_needs_the_form_token(admin: Admin) -> None:
    schedule = await book(admin.api, admin.pair(), title="Audit csrf")
    await _patch_session(admin, schedule["id"], location="Gym floor")
    entry = next(e for e in await _entries_of(admin, schedule["id"]) if e["action"] == "UPDATE")
    response = await admin.web["trainer_a"].post(f"/audit/{entry['id']}/revert")
    assert response.status_code == 403
    unchanged = await admin.api.get(
        f"{API}/schedules/{schedule['id']}", headers=admin.personas.trainer_a.headers
    )
    assert unchanged.json()["location"] == "Gym floor"


# Webhooks ---------------------------------------------------------------------------


async def _my_webhooks(admin: Admin, who: str = "trainer_a") -> list[dict[str, Any]]:
    account = admin.personas.all()[who]
    response = await admin.api.get(f"{API}/webhooks", headers=account.headers)
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_refused_urls_show_on_the_field_and_save_nothing(admin: Admin) -> None:
    web = admin.web["trainer_a"]
    before = len(await _my_webhooks(admin))
    for url in ("https://10.1.2.3/hook", "http://127.0.0.1:9/hook", "https://db.internal/x"):
        page = await _post(web, "/webhooks", {"url": url, "events": "schedule.created"})
        assert page.status_code == 422, url
        assert 'id="wh-url-error"' in page.text
        assert "Spotter cannot send to this address." in page.text
        assert f'value="{url}"' in page.text
        assert 'value="schedule.created" checked' in page.text
    no_events = await _post(web, "/webhooks", {"url": UNREACHABLE})
    assert no_events.status_code == 422
    assert "Choose at least one event." in no_events.text
    too_short = await _post(web, "/webhooks", {"url": "https://x", "events": "workout.logged"})
    assert too_short.status_code == 422
    assert "Enter the full address" in too_short.text
    assert len(await _my_webhooks(admin)) == before


async def test_secret_once_test_queued_edit_and_delete(admin: Admin, owner_engine: Engine) -> None:
    web = admin.web["trainee_a1"]  # trainees may have webhooks too
    created = await _post(
        web,
        "/webhooks",
        {"url": UNREACHABLE, "events": ["workout.logged", "body_weight.logged"]},
    )
    assert created.status_code == 303
    hook = (await _my_webhooks(admin, "trainee_a1"))[0]
    assert created.headers["location"] == f"/webhooks/{hook['id']}"
    assert "whsec_" not in created.headers["location"]

    shown = await web.get(created.headers["location"])
    secret = re.search(r'id="wh-secret" type="text" readonly value="(whsec_[^"]+)"', shown.text)
    assert secret, "the secret is not shown after creation"
    assert "cannot be shown again" in shown.text
    again = await web.get(created.headers["location"])
    assert "whsec_" not in again.text
    # Another person's browser never sees it, and cannot open the page.
    assert (await admin.web["outsider"].get(f"/webhooks/{hook['id']}")).status_code == 404

    tested = await _post(web, f"/webhooks/{hook['id']}/test", {})
    assert tested.status_code == 303
    with owner_engine.connect() as conn:
        queued = conn.execute(
            text(
                "SELECT count(*) FROM procrastinate.procrastinate_jobs"
                " WHERE task_name = 'webhooks.ping' AND args->>'webhook_id' = :id"
            ),
            {"id": hook["id"]},
        ).scalar_one()
    assert queued == 1
    assert "A test event is on its way" in (await web.get(tested.headers["location"])).text

    edited = await _post(web, f"/webhooks/{hook['id']}", {"events": "schedule.cancelled"})
    assert edited.status_code == 303
    now = (await _my_webhooks(admin, "trainee_a1"))[0]
    assert (now["events"], now["isActive"]) == (["schedule.cancelled"], False)
    refused = await _post(web, f"/webhooks/{hook['id']}", {"active": "true"})
    assert refused.status_code == 422
    assert "Choose at least one event." in refused.text

    confirm = await web.get(f"/webhooks/{hook['id']}/delete")
    assert "Delete this webhook?" in confirm.text
    assert (
        await _post(admin.web["outsider"], f"/webhooks/{hook['id']}/delete", {})
    ).status_code == 404
    deleted = await _post(web, f"/webhooks/{hook['id']}/delete", {})
    assert deleted.headers["location"] == "/webhooks?deleted=1"
    assert await _my_webhooks(admin, "trainee_a1") == []


# Export -------------------------------------------------------------------------------


async def test_export_links_download_with_the_cookie(admin: Admin) -> None:
    trainer, trainee = admin.web["trainer_a"], admin.web["trainee_a1"]
    a1 = admin.personas.trainee_a1
    await admin.api.post(
        f"{API}/body-weight",
        json={"date": clock.today().isoformat(), "weight": 70.5},
        headers=a1.headers,
    )
    page = await trainer.get("/export")
    assert page.status_code == 200
    link = f"/export/body-weight/{a1.id}.csv"
    assert link in page.text
    assert "/settings/export" in page.text
    csv = await trainer.get(link)
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert "70.5" in csv.text
    stranger = admin.personas.trainee_b1
    assert (await trainer.get(f"/export/body-weight/{stranger.id}.csv")).status_code == 404

    own = await trainee.get("/export")
    assert "/body-weight/export.csv" in own.text
    everything = await trainee.get("/settings/export")
    assert everything.json()["profile"]["email"] == a1.email
    assert (await admin.api.get("/export")).status_code in (302, 303, 307)
