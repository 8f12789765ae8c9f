"""Offline in the gym: the service worker reopens the logger with no network,
a workout finished offline waits in IndexedDB ("Saved on this device") and is
sent once the network returns ("Synced"), stored exactly once however often
it is sent. And /log/sync itself, over plain HTTP with the web cookie."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from spotter import clock
from tests.api.helpers import API, PASSWORD, Account
from tests.web.conftest import CHROMIUM, LiveServer, check_axe, screenshot
from tests.web.http_api import api_send, workouts_of
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def workout_body(reps: int = 5) -> dict[str, Any]:
    return {
        "date": clock.today().isoformat(),
        "duration": 45,
        "exercises": [
            {
                "name": "Barbell Back Squat",
                "type": "weight_training",
                "sets": [{"setNumber": 1, "weight": 60, "reps": reps}],
            }
        ],
    }


@contextmanager
def web_client(server: LiveServer, account: Account) -> Iterator[httpx.Client]:
    """A client signed in the way the browser is: the web cookie and its CSRF token."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        login = client.post(
            f"{API}/auth/login", json={"email": account.email, "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        client.cookies.set("spotter_session", login.json()["refreshToken"])
        answer = client.get("/log/token.json")
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["csrfToken"]
        yield client


def send(client: httpx.Client, body: dict[str, Any], key: str | None) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/log/sync", json=body, headers=headers)


# /log/sync over HTTP ------------------------------------------------------------


def test_a_repeated_key_replays_the_first_answer_and_stores_one_workout(
    world: World, live_server: LiveServer
) -> None:
    trainee = world.personas.trainee_a2
    key = str(uuid.uuid4())
    with web_client(live_server, trainee) as client:
        first = send(client, workout_body(), key)
        again = send(client, workout_body(), key)
    assert first.status_code == 201, first.text
    assert first.headers["location"] == f"/history/{first.json()['id']}"
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    mine = [w for w in workouts_of(live_server, trainee) if w["id"] == first.json()["id"]]
    assert len(mine) == 1
    assert mine[0]["traineeId"] == str(trainee.id)


def test_concurrent_sends_of_one_key_store_one_workout(
    world: World, live_server: LiveServer
) -> None:
    trainee = world.personas.trainee_b1
    key = str(uuid.uuid4())
    before = len(workouts_of(live_server, trainee))
    with web_client(live_server, trainee) as client:
        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(lambda _: send(client, workout_body(7), key), range(4)))
        assert {a.status_code for a in answers} <= {201, 409}, [a.text for a in answers]
        # The outbox retries a 409 later: by then the first answer is stored.
        late = send(client, workout_body(7), key)
    assert late.status_code == 201
    ids = {a.json()["id"] for a in [*answers, late] if a.status_code == 201}
    assert len(ids) == 1
    assert len(workouts_of(live_server, trainee)) == before + 1


def test_sync_refuses_a_reused_key_a_missing_key_and_a_bad_workout(
    world: World, live_server: LiveServer
) -> None:
    key = str(uuid.uuid4())
    bad = workout_body()
    bad["exercises"][0]["sets"][0]["reps"] = None
    with web_client(live_server, world.personas.trainee_a2) as client:
        ok = send(client, workout_body(3), key)
        reused = send(client, workout_body(4), key)
        keyless = send(client, workout_body(4), None)
        invalid = send(client, bad, str(uuid.uuid4()))
    assert ok.status_code == 201
    for answer, field in (
        (reused, "header.Idempotency-Key"),
        (keyless, "header.Idempotency-Key"),
        (invalid, "body.exercises.0"),
    ):
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert any(e["field"].startswith(field) for e in answer.json()["errors"]), answer.text


def test_sync_needs_the_csrf_token_and_the_cookie(world: World, live_server: LiveServer) -> None:
    with web_client(live_server, world.personas.trainee_a2) as client:
        del client.headers["X-CSRF-Token"]
        forged = send(client, workout_body(), str(uuid.uuid4()))
    with httpx.Client(base_url=live_server.url) as stranger:
        anonymous = send(stranger, workout_body(), str(uuid.uuid4()))
    assert forged.status_code == 403
    assert anonymous.status_code in (303, 403)


def test_the_catalogue_copy_is_versioned(world: World, live_server: LiveServer) -> None:
    with web_client(live_server, world.personas.trainee_a2) as client:
        first = client.get("/log/catalogue.json")
        again = client.get("/log/catalogue.json", headers={"If-None-Match": first.headers["etag"]})
    body = first.json()
    assert first.status_code == 200
    assert first.headers["etag"] == f'"{body["version"]}"'
    assert "Barbell Back Squat" in {e["name"] for e in body["exercises"]}
    assert any(e["nameTh"] for e in body["exercises"])
    assert again.status_code == 304


# In the browser -------------------------------------------------------------------


def outbox(page: Any, store: str = "outbox") -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = page.evaluate(
        """(store) => new Promise((resolve, reject) => {
            const open = indexedDB.open("spotter-offline");
            open.onsuccess = () => {
              const request = open.result.transaction(store).objectStore(store).getAll();
              request.onsuccess = () => { open.result.close(); resolve(request.result); };
              request.onerror = () => reject(request.error);
            };
            open.onerror = () => reject(open.error);
        })""",
        store,
    )
    return items


def add_squat(page: Any) -> None:
    page.get_by_role("searchbox", name="Add exercise").fill("back squat")
    page.get_by_role("option", name="Barbell Back Squat").first.click()
    exercise = page.get_by_role("region", name="Barbell Back Squat")
    exercise.get_by_role("group", name="Set 1").get_by_label("Weight").fill("70")
    exercise.get_by_role("group", name="Set 1").get_by_label("Reps").fill("3")


def test_offline_reload_finish_and_sync_once(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainee = world.personas.trainee_a1
    page = signed_in_page(trainee, phone=True)
    page.goto("/log")
    # The service worker is installed and has kept the page's files.
    page.wait_for_selector("html[data-offline-ready=true]")
    before = len(workouts_of(live_server, trainee))

    page.context.set_offline(True)
    page.reload()
    page.get_by_role("heading", name="Log workout").wait_for()
    # The catalogue copy answers the search with no network.
    add_squat(page)
    page.get_by_role("button", name="Finish workout").click()
    status = page.get_by_role("status").filter(has_text="Saved on this device")
    status.wait_for()
    waiting = outbox(page)
    assert len(waiting) == 1
    assert waiting[0]["body"]["exercises"][0]["sets"] == [{"weight": 70, "reps": 3, "setNumber": 1}]
    screenshot(page, "log-offline-saved")
    assert len(workouts_of(live_server, trainee)) == before

    page.context.set_offline(False)
    page.get_by_role("status").filter(has_text="Synced").wait_for(timeout=20_000)
    assert outbox(page) == []
    after = workouts_of(live_server, trainee)
    assert len(after) == before + 1

    # Force a second send of the same workout, as a lost answer would.
    sent = outbox(page, "sent")[-1]
    replay = page.evaluate(
        """async (item) => {
            const token = (await (await fetch("/log/token.json")).json()).csrfToken;
            const r = await fetch(item.url, {method: "POST", body: JSON.stringify(item.body),
              headers: {"Content-Type": "application/json", "Idempotency-Key": item.key,
                        "X-CSRF-Token": token}});
            return {status: r.status, replayed: r.headers.get("Idempotent-Replayed"),
                    id: (await r.json()).id};
        }""",
        sent,
    )
    assert replay == {"status": 201, "replayed": "true", "id": sent["workoutId"]}
    assert len(workouts_of(live_server, trainee)) == before + 1
    stored = next(w for w in after if w["id"] == sent["workoutId"])
    assert stored["date"] == clock.today().isoformat()


def test_a_workout_waits_on_the_device_until_the_server_answers(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    """Retried on load: a queued workout left by a closed page is sent by the next one."""
    trainee = world.personas.trainee_a2
    page = signed_in_page(trainee)
    page.goto("/log")
    page.wait_for_selector("html[data-offline-ready=true]")
    before = len(workouts_of(live_server, trainee))
    page.context.set_offline(True)
    add_squat(page)
    page.get_by_role("button", name="Finish workout").click()
    page.get_by_role("status").filter(has_text="Saved on this device").wait_for()
    check_axe(page)
    page.close()

    second = page.context.new_page()
    page.context.set_offline(False)
    second.goto("/history")
    second.get_by_role("status").filter(has_text="Synced").wait_for(timeout=20_000)
    assert len(workouts_of(live_server, trainee)) == before + 1


def test_a_refused_workout_is_shown_and_can_be_discarded(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    """A workout the server refuses (422) is not retried forever nor lost silently."""
    page = signed_in_page(world.personas.trainee_a2)
    page.goto("/log")
    page.evaluate(
        """() => window.SpotterOffline.submit("/log/sync",
             {date: "2026-01-01", duration: 30, exercises: [
               {name: "Plank", type: "weight_training", sets: [{setNumber: 1}]}]},
             "broken workout")"""
    )
    page.get_by_role("status").filter(has_text="Not sent").wait_for()
    problem = page.get_by_role("listitem").filter(has_text="broken workout")
    assert "reps" in problem.inner_text()
    check_axe(page)
    problem.get_by_role("button", name="Discard").click()
    problem.wait_for(state="detached")
    assert outbox(page) == []


def test_signing_out_forgets_the_cached_pages(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    page = signed_in_page(world.personas.trainee_b1)
    page.goto("/log")
    page.wait_for_selector("html[data-offline-ready=true]")
    cached = "async () => (await caches.keys()).filter(n => n.endsWith('-pages')).length"
    assert page.evaluate(cached) == 1
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signin**")
    assert page.evaluate(cached) == 0


def test_a_workout_queued_by_someone_else_is_not_sent_under_my_sign_in(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    """A shared phone: what another person left in the outbox waits for them."""
    trainee = world.personas.trainee_b1
    page = signed_in_page(trainee)
    page.goto("/log")
    page.wait_for_selector("html[data-offline-ready=true]")
    before = len(workouts_of(live_server, trainee))
    page.evaluate(
        """(body) => new Promise((resolve, reject) => {
            const open = indexedDB.open("spotter-offline");
            open.onsuccess = () => {
              const tx = open.result.transaction("outbox", "readwrite");
              tx.objectStore("outbox").put({key: crypto.randomUUID(), user: "someone-else",
                url: "/log/sync", body, label: "theirs", createdAt: Date.now()});
              tx.oncomplete = () => { open.result.close(); resolve(); };
              tx.onerror = () => reject(tx.error);
            };
        })""",
        workout_body(),
    )
    page.evaluate("() => window.SpotterOffline.flush()")
    assert [item["label"] for item in outbox(page)] == ["theirs"]
    assert len(workouts_of(live_server, trainee)) == before


def test_a_plain_http_address_says_the_logger_cannot_open_offline(
    world: World, live_server: LiveServer, browser: Any
) -> None:
    """Service workers need a secure origin; a LAN name over http is not one.
    The page says so, and finishing a workout still works there (randomUUID
    is missing too, so the key is made another way)."""
    trainee = world.personas.trainee_a2
    api_send(live_server, trainee, "PATCH", "/me/settings", {"language": "en"})
    lan = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=["--host-resolver-rules=MAP gym-lan.test 127.0.0.1"],
    )
    try:
        address = f"http://gym-lan.test:{live_server.port}"
        context = lan.new_context(base_url=address)
        with web_client(live_server, trainee) as client:
            token = client.cookies["spotter_session"]
        context.add_cookies([{"name": "spotter_session", "value": token, "url": address}])
        page = context.new_page()
        page.goto("/log")
        assert page.evaluate("window.isSecureContext") is False
        page.get_by_text("This address is not secure").wait_for()
        before = len(workouts_of(live_server, trainee))
        add_squat(page)
        page.get_by_role("button", name="Finish workout").click()
        page.get_by_role("status").filter(has_text="Synced").wait_for()
        assert len(workouts_of(live_server, trainee)) == before + 1
    finally:
        lan.close()
