"""The trainee profile and logging for a trainee, over HTTP: the exercises
trained most (API and page, in the viewer's units), body weight with BMI or
the note that the height is missing, recent workouts, cards and program, the
four actions; 404 for anyone but a linked trainer, from the app's check and
from row-level security alone; a fixed number of queries; and the logger's
sync saving a trainer's workout under the trainee (and a trainee's under
themselves)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio

from spotter import clock
from tests.api.helpers import API, Account, ApiPersonas, create_api_personas, sql_statements
from tests.web.http_helpers import csrf_of, set_language, sign_in

TODAY = clock.today()


@dataclass
class Setup:
    personas: ApiPersonas
    api: httpx.AsyncClient
    web: dict[str, httpx.AsyncClient]
    workout_ids: list[str]
    card_id: str
    template_id: str

    @property
    def a1(self) -> Account:
        return self.personas.trainee_a1


def lift(name: str, weight: float, reps: int, sets: int) -> dict[str, Any]:
    return {
        "name": name,
        "type": "weight_training",
        "sets": [{"setNumber": n, "weight": weight, "reps": reps} for n in range(1, sets + 1)],
    }


async def ok(response: Any) -> Any:
    answer = await response
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def log_workout(
    api: httpx.AsyncClient, trainer: Account, trainee: Account, day: dt.date, *entries: Any
) -> str:
    body = {
        "traineeId": str(trainee.id),
        "date": day.isoformat(),
        "duration": 50,
        "exercises": list(entries),
    }
    created = await ok(api.post(f"{API}/workouts", json=body, headers=trainer.headers))
    return str(created["id"])


async def make_data(api: httpx.AsyncClient, personas: ApiPersonas) -> tuple[list[str], str, str]:
    """For A1: squat 4+4 sets (two weeks apart), bench 3, deadlift 2, curl 1;
    two weigh-ins; a card; a 4-week program started 8 days ago (week 2)."""
    trainer, a1 = personas.trainer_a, personas.trainee_a1
    earlier = TODAY - dt.timedelta(days=14)
    workouts = [
        await log_workout(
            api,
            trainer,
            a1,
            earlier,
            lift("Barbell Back Squat", 100, 5, 4),
            lift("Curl", 10, 12, 1),
        ),
        await log_workout(
            api,
            trainer,
            a1,
            TODAY,
            lift("Barbell Back Squat", 110, 3, 4),
            lift("Bench Press", 60, 8, 3),
            lift("Deadlift", 140, 5, 2),
        ),
    ]
    for day, kg in ((earlier, 80), (TODAY, 78.5)):
        body = {"traineeId": str(a1.id), "date": day.isoformat(), "weight": kg}
        await ok(api.post(f"{API}/body-weight", json=body, headers=trainer.headers))
    card = await ok(
        api.post(
            f"{API}/session-cards",
            json={"traineeId": str(a1.id), "date": TODAY.isoformat(), "summary": "Strong squats."},
            headers=trainer.headers,
        )
    )
    lift_target = {"name": "Bench Press", "targetSets": 3, "targetReps": 5, "targetWeight": 40}
    plan = [
        {"week": w, "days": [{"day": "monday", "exercises": [lift_target]}]} for w in range(1, 5)
    ]
    template = await ok(
        api.post(
            f"{API}/program-templates",
            json={"name": "Base building", "durationWeeks": 4, "weeklyPlan": plan},
            headers=trainer.headers,
        )
    )
    start = TODAY - dt.timedelta(days=8)
    await ok(
        api.post(
            f"{API}/program-templates/{template['id']}/assign",
            json={"traineeId": str(a1.id), "startDate": start.isoformat()},
            headers=trainer.headers,
        )
    )
    return workouts, str(card["id"]), str(template["id"])


@pytest_asyncio.fixture(scope="module")
async def setup(client: httpx.AsyncClient, app: Any) -> AsyncIterator[Setup]:
    personas = await create_api_personas(client)
    workouts, card, template = await make_data(client, personas)
    web: dict[str, httpx.AsyncClient] = {}
    for name in ("trainer_a", "trainer_b", "trainee_a1", "trainee_a2", "outsider"):
        web[name] = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://spotter.test"
        )
        await set_language(client, personas.all()[name], "en")
        await sign_in(web[name], personas.all()[name])
    yield Setup(personas, client, web, workouts, card, template)
    for browser in web.values():
        await browser.aclose()


def text_of(page: httpx.Response) -> str:
    """The page's text without tags, entities decoded, spaces squeezed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.text)))


def table_rows(page: str, caption: str) -> list[list[str]]:
    """The body rows (header cell + cells, as text) of the table with this caption."""
    found = re.search(
        rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", page, flags=re.S
    )
    assert found, f"no table {caption!r}"
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1).split("<tbody>")[1], flags=re.S)
    return [
        [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", c))).strip() for c in cells]
        for cells in (re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S) for row in rows)
    ]


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- the API ------------------------------------------------------------------


async def test_top_exercises_ranks_by_sets_with_weekly_figures(setup: Setup) -> None:
    answer = await ok(
        setup.api.get(
            f"{API}/stats/trainees/{setup.a1.id}/top-exercises",
            headers=setup.personas.trainer_a.headers,
        )
    )
    assert [(e["exercise"], e["sets"]) for e in answer["exercises"]] == [
        ("Barbell Back Squat", 8),
        ("Bench Press", 3),
        ("Deadlift", 2),
    ]
    squat = answer["exercises"][0]["weeks"]
    assert [w["weekStart"] for w in squat] == [
        monday(TODAY - dt.timedelta(days=14)).isoformat(),
        monday(TODAY).isoformat(),
    ]
    assert squat[0]["volume"] == 2000  # 4 x 100 kg x 5
    assert squat[1]["estimatedOneRepMax"] == 121  # Epley: 110 x (1 + 3/30)
    one = await ok(
        setup.api.get(
            f"{API}/stats/trainees/{setup.a1.id}/top-exercises",
            params={"limit": 1, "weeks": 1},
            headers=setup.a1.headers,
        )
    )
    # This week only: the squat's 4 sets still lead; the trainee may read their own.
    assert [(e["exercise"], e["sets"]) for e in one["exercises"]] == [("Barbell Back Squat", 4)]


async def test_top_exercises_is_404_for_a_trainer_not_linked(setup: Setup) -> None:
    answer = await setup.api.get(
        f"{API}/stats/trainees/{setup.a1.id}/top-exercises",
        headers=setup.personas.trainer_b.headers,
    )
    assert answer.status_code == 404


# --- the profile page ---------------------------------------------------------


async def test_the_profile_shows_charts_tables_workouts_cards_program_and_actions(
    setup: Setup,
) -> None:
    a1 = setup.a1.id
    page = await setup.web["trainer_a"].get(f"/trainees/{a1}")
    assert page.status_code == 200, page.text
    body = page.text
    assert "<h1>Trainee A1</h1>" in body
    for href, name in (
        (f"/log?trainee={a1}", "Log workout"),
        (f"/cards/new?trainee={a1}", "Write session card"),
        (f"/calendar/book?trainee={a1}", "Book session"),
        (f"/programs?trainee={a1}", "Assign program"),
    ):
        assert re.search(rf'href="{re.escape(href)}">{name}</a>', body), name
    # Two charts per top exercise and the body weight chart, each named.
    labels = re.findall(r'role="img"[^>]*aria-label="([^"]+)"', body)
    assert len(labels) == 7, labels
    assert any("estimated 1RM" in label and "Bench Press" in label for label in labels)
    assert any(label.startswith("Chart: volume per week") for label in labels)
    assert any("body weight of Trainee A1" in label for label in labels)
    assert "Curl per week" not in body  # fourth by sets: not shown

    squat = table_rows(body, "Barbell Back Squat per week")
    assert [row[2:] for row in squat] == [["116.7", "2,000", "4"], ["121", "1,320", "4"]]
    weights = table_rows(body, "Weigh-ins, newest first")
    assert [row[1] for row in weights] == ["78.5", "80"]

    for workout_id in setup.workout_ids:
        assert f'href="/history/{workout_id}"' in body
    assert f'href="/cards/{setup.card_id}"' in body
    assert f'href="/programs/{setup.template_id}"' in body
    text = text_of(page)
    assert "Base building" in text
    assert "Current week 2 of 4" in text


async def test_units_follow_the_viewers_settings(setup: Setup) -> None:
    trainer = setup.personas.trainer_a
    await ok(
        setup.api.patch(f"{API}/me/settings", json={"weightUnit": "lbs"}, headers=trainer.headers)
    )
    try:
        page = await setup.web["trainer_a"].get(f"/trainees/{setup.a1.id}")
    finally:
        await ok(
            setup.api.patch(
                f"{API}/me/settings", json={"weightUnit": "kg"}, headers=trainer.headers
            )
        )
    assert "Estimated 1RM (lbs)" in text_of(page)
    weights = table_rows(page.text, "Weigh-ins, newest first")
    assert weights[0][1] == "173.1"  # 78.5 kg


async def test_bmi_needs_the_height(setup: Setup) -> None:
    trainee = setup.personas.trainee_a2
    trainer = setup.personas.trainer_a
    body = {"traineeId": str(trainee.id), "date": TODAY.isoformat(), "weight": 70}
    await ok(setup.api.post(f"{API}/body-weight", json=body, headers=trainer.headers))
    page = await setup.web["trainer_a"].get(f"/trainees/{trainee.id}")
    assert "BMI needs the trainee's height" in text_of(page)
    assert table_rows(page.text, "Weigh-ins, newest first")[0][2] == ""
    assert "No weight-training sets in the last 12 weeks." in text_of(page)
    assert "No program assigned yet." in text_of(page)

    await ok(setup.api.patch(f"{API}/me", json={"height": 175}, headers=trainee.headers))
    await ok(
        setup.api.put(
            f"{API}/body-weight/{TODAY.isoformat()}",
            json={"weight": 71},
            params={"traineeId": str(trainee.id)},
            headers=trainer.headers,
        )
    )
    page = await setup.web["trainer_a"].get(f"/trainees/{trainee.id}")
    assert "BMI needs the trainee's height" not in text_of(page)
    # 71 / 1.75², computed on the changed weigh-in.
    assert table_rows(page.text, "Weigh-ins, newest first")[0][2] == "23.2"


@pytest.mark.parametrize("who", ["trainer_b", "trainee_a1", "outsider"])
async def test_anyone_but_a_linked_trainer_gets_404(setup: Setup, who: str) -> None:
    page = await setup.web[who].get(f"/trainees/{setup.a1.id}")
    assert page.status_code == 404
    assert "Trainee A1" not in page.text


async def test_row_level_security_alone_hides_the_trainee(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the app's link check, the database still shows trainer B nothing."""

    async def no_check(*_: Any) -> None:
        return None

    # Every link check on the page's way, so that only the database can refuse.
    for check in (
        "spotter.roster.service.require_linked_trainee",
        "spotter.body_weight.service.require_linked_trainee",
        "spotter.stats.service.require_own_or_linked_trainee",
    ):
        monkeypatch.setattr(check, no_check)
    page = await setup.web["trainer_b"].get(f"/trainees/{setup.a1.id}")
    assert page.status_code == 404
    assert "Trainee A1" not in page.text
    # The same bypass does not stop trainer A: the check removed is the only difference.
    assert (await setup.web["trainer_a"].get(f"/trainees/{setup.a1.id}")).status_code == 200


async def test_more_workouts_do_not_mean_more_queries(setup: Setup) -> None:
    trainer, trainee = setup.personas.trainer_b, setup.personas.trainee_b1
    web = setup.web["trainer_b"]
    await log_workout(setup.api, trainer, trainee, TODAY, lift("Bench Press", 50, 5, 3))
    with sql_statements(setup.api) as one:
        assert (await web.get(f"/trainees/{trainee.id}")).status_code == 200
    for days in range(1, 7):
        entries = [lift(name, 40 + days, 5, 2) for name in ("Squat", "Row", "Press", "Dip")]
        await log_workout(setup.api, trainer, trainee, TODAY - dt.timedelta(days=days), *entries)
    with sql_statements(setup.api) as seven:
        page = await web.get(f"/trainees/{trainee.id}")
    assert page.status_code == 200
    assert len(seven) == len(one), (len(one), len(seven))
    assert len(seven) <= 20


# --- logging for a trainee ----------------------------------------------------


def log_data(page: httpx.Response) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="log-data">(.*?)</script>', page.text)
    assert found, "no logger data"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


async def sync(web: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    token = csrf_of(await web.get("/settings"))
    return await web.post(
        "/log/sync",
        content=json.dumps(body),
        headers={
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
            "X-CSRF-Token": token,
        },
    )


def workout_body(trainee: Account | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "date": TODAY.isoformat(),
        "duration": 30,
        "exercises": [lift("Goblet Squat", 20, 10, 2)],
    }
    if trainee is not None:
        body["traineeId"] = str(trainee.id)
    return body


async def test_the_trainers_logger_is_for_the_trainee(setup: Setup) -> None:
    page = await setup.web["trainer_a"].get(f"/log?trainee={setup.a1.id}")
    assert page.status_code == 200
    data = log_data(page)
    assert data["traineeId"] == str(setup.a1.id)
    assert data["lastUrl"] == f"/log/last.json?trainee={setup.a1.id}"
    assert "For Trainee A1" in text_of(page)
    last = await setup.web["trainer_a"].get(
        "/log/last.json", params={"name": "Bench Press", "trainee": str(setup.a1.id)}
    )
    assert last.json()["sets"][0] == {"weight": 60, "reps": 8}


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("trainer_b", "/log?trainee={a1}"),
        ("trainee_a2", "/log?trainee={a1}"),
        ("trainer_b", "/log/last.json?name=Bench%20Press&trainee={a1}"),
    ],
)
async def test_the_logger_of_someone_elses_trainee_is_404(
    setup: Setup, who: str, path: str
) -> None:
    page = await setup.web[who].get(path.format(a1=setup.a1.id))
    assert page.status_code == 404


async def test_a_trainers_sync_saves_the_workout_under_the_trainee(setup: Setup) -> None:
    answer = await sync(setup.web["trainer_a"], workout_body(setup.a1))
    assert answer.status_code == 201, answer.text
    saved = answer.json()
    assert saved["traineeId"] == str(setup.a1.id)
    assert saved["trainerId"] == str(setup.personas.trainer_a.id)
    stored = await ok(setup.api.get(f"{API}/workouts/{saved['id']}", headers=setup.a1.headers))
    assert stored["traineeId"] == str(setup.a1.id)


async def test_a_trainer_cannot_sync_for_a_trainee_not_linked(setup: Setup) -> None:
    answer = await sync(setup.web["trainer_a"], workout_body(setup.personas.trainee_b1))
    assert answer.status_code == 404


async def test_a_trainees_sync_still_saves_their_own_workout(setup: Setup) -> None:
    """Naming another trainee in the body changes nothing: the logger logs mine."""
    trainee = setup.personas.trainee_a2
    answer = await sync(setup.web["trainee_a2"], workout_body(setup.a1))
    assert answer.status_code == 201, answer.text
    assert answer.json()["traineeId"] == str(trainee.id)
