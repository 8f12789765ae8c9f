"""Bad input is a 422 problem naming the field, never a 500: NUL bytes
anywhere, dates outside 1900-2100 (a body weight at most a day ahead),
zoned or numeric times, and booleans and integers taken for each other."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
import pytest_asyncio

from spotter import clock
from tests.api.domain import TODAY, Pair, linked_pair, next_slot, squat
from tests.api.helpers import API, PASSWORD, register, unique_email


def assert_refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    fields = [error["field"] for error in response.json()["errors"]]
    assert field in fields, fields


@pytest_asyncio.fixture(scope="module")
async def pair(client: httpx.AsyncClient) -> Pair:
    return await linked_pair(client)


def session_body(pair: Pair, **changes: Any) -> dict[str, Any]:
    day, start, end = next_slot()
    body = {
        "traineeId": str(pair.trainee.id),
        "title": "Strength",
        "date": day,
        "startTime": start,
        "endTime": end,
    }
    return {**body, **changes}


def workout_body(pair: Pair, **changes: Any) -> dict[str, Any]:
    body = {
        "traineeId": str(pair.trainee.id),
        "date": TODAY.isoformat(),
        "duration": 60,
        "exercises": [squat(100, 5)],
    }
    return {**body, **changes}


# NUL bytes: PostgreSQL text cannot hold them.


async def test_a_nul_in_a_body_string_names_the_field(
    client: httpx.AsyncClient, pair: Pair
) -> None:
    response = await client.post(
        f"{API}/schedules",
        json=session_body(pair, notes="bring\x00shoes"),
        headers=pair.trainer.headers,
    )
    assert_refused(response, "body.notes")


async def test_a_nul_deep_in_a_body_names_the_innermost_field(
    client: httpx.AsyncClient, pair: Pair
) -> None:
    exercise = squat(100, 5, name="Back\x00Squat")
    response = await client.post(
        f"{API}/workouts",
        json=workout_body(pair, exercises=[exercise]),
        headers=pair.trainer.headers,
    )
    assert_refused(response, "body.exercises.0.name")


@pytest.mark.parametrize(
    "metadata",
    [{"weight_training\x00": {"defaultSets": 3}}, {"cardio": {"notes": ["fine", "not\x00fine"]}}],
    ids=["key", "value-at-depth"],
)
async def test_a_nul_in_a_free_form_object_key_or_value_is_refused(
    client: httpx.AsyncClient, pair: Pair, metadata: dict[str, Any]
) -> None:
    body = {
        "name": "Tempo Squat",
        "type": "weight_training",
        "category": "legs",
        "metadata": metadata,
    }
    response = await client.post(f"{API}/exercises", json=body, headers=pair.trainer.headers)
    assert_refused(response, "body.metadata")


async def test_a_nul_in_a_body_key_is_an_unknown_field(
    client: httpx.AsyncClient, pair: Pair
) -> None:
    body = {**session_body(pair), "no\x00tes": "x"}
    response = await client.post(f"{API}/schedules", json=body, headers=pair.trainer.headers)
    assert_refused(response, "body.no\x00tes")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/auth/login", {"email": "a\x00@example.com", "password": PASSWORD}, "body.email"),
        (
            "/auth/register",
            {"email": unique_email(), "password": PASSWORD, "name": "A\x00"},
            "body.name",
        ),
        (
            "/auth/register",
            {"email": "a\x00b@example.com", "password": PASSWORD, "name": "A"},
            "body.email",
        ),
    ],
)
async def test_signing_in_or_up_with_a_nul_is_refused_before_any_account_lookup(
    client: httpx.AsyncClient, path: str, body: dict[str, str], field: str
) -> None:
    assert_refused(await client.post(f"{API}{path}", json=body), field)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/exercises", {"q": "squat\x00"}, "query.q"),
        ("/exercises", {"category": "\x00"}, "query.category"),
        ("/workouts", {"exercise": "Squat\x00"}, "query.exercise"),
        ("/audit-logs", {"resourceType": "workout\x00"}, "query.resourceType"),
        ("/workouts", {"sq\x00": "1"}, "query.sq\\x00"),
    ],
)
async def test_a_nul_in_a_query_parameter_names_it(
    client: httpx.AsyncClient, pair: Pair, path: str, params: dict[str, str], field: str
) -> None:
    response = await client.get(f"{API}{path}", params=params, headers=pair.trainer.headers)
    assert_refused(response, field)


async def test_a_nul_in_a_path_parameter_names_it(client: httpx.AsyncClient, pair: Pair) -> None:
    headers = pair.trainee.headers
    assert_refused(
        await client.put(f"{API}/body-weight/2026-11-0%001", json={"weight": 70}, headers=headers),
        "path.day",
    )
    assert_refused(await client.get(f"{API}/workouts/%00", headers=headers), "path.workout_id")


async def test_a_nul_in_a_path_no_route_matches_is_still_a_422(client: httpx.AsyncClient) -> None:
    assert_refused(await client.get(f"{API}/no-such-thing/%00"), "path")


@pytest.mark.parametrize("header", ["User-Agent", "Idempotency-Key", "X-Request-Id"])
async def test_a_nul_in_a_header_is_refused_before_it_is_stored(
    client: httpx.AsyncClient, pair: Pair, header: str
) -> None:
    response = await client.post(
        f"{API}/schedules",
        json=session_body(pair),
        headers={**pair.trainer.headers, header: "agent\x00x"},
    )
    assert_refused(response, f"header.{header.lower()}")
    signed_in = await client.post(
        f"{API}/auth/login",
        json={"email": pair.trainer.email, "password": PASSWORD},
        headers={"User-Agent": "Mozilla\x00"},
    )
    assert_refused(signed_in, "header.user-agent")


async def test_a_nul_in_a_form_field_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"{API}/auth/login", data={"email": "a@example.com", "password": "pass\x00word"}
    )
    assert_refused(response, "body.password")


async def test_a_nul_in_an_uploaded_csv_names_the_line(
    client: httpx.AsyncClient, pair: Pair
) -> None:
    text = f"date,weight,notes\n{TODAY},72.4,after\x00dinner\n"
    response = await client.post(
        f"{API}/body-weight/import",
        content=text.encode(),
        headers={**pair.trainee.headers, "Content-Type": "text/csv"},
    )
    assert_refused(response, "body.line2")
    assert "NUL" in response.json()["errors"][0]["message"]


async def test_a_clean_csv_still_imports(client: httpx.AsyncClient, pair: Pair) -> None:
    text = f"date,weight,bodyFatPercentage,notes\n{TODAY},72.4,18.5,after dinner\n"
    response = await client.post(
        f"{API}/body-weight/import",
        content=text.encode(),
        headers={**pair.trainee.headers, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": 1, "replaced": 0}


# Dates: 1900-01-01 to 2100-12-31; a body weight at most a day ahead.

EXTREME_DATES = ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"]


@pytest.mark.parametrize("day", EXTREME_DATES)
async def test_sessions_workouts_and_cards_refuse_dates_outside_1900_2100(
    client: httpx.AsyncClient, pair: Pair, day: str
) -> None:
    h = pair.trainer.headers
    assert_refused(
        await client.post(f"{API}/schedules", json=session_body(pair, date=day), headers=h),
        "body.date",
    )
    assert_refused(
        await client.post(f"{API}/workouts", json=workout_body(pair, date=day), headers=h),
        "body.date",
    )
    card = {"traineeId": str(pair.trainee.id), "date": day, "summary": "Good"}
    assert_refused(await client.post(f"{API}/session-cards", json=card, headers=h), "body.date")
    weight = {"date": day, "weight": 70}
    assert_refused(
        await client.post(f"{API}/body-weight", json=weight, headers=pair.trainee.headers),
        "body.date",
    )


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
async def test_list_windows_refuse_dates_outside_1900_2100(
    client: httpx.AsyncClient, pair: Pair, day: str
) -> None:
    h = pair.trainee.headers
    for path in ("/schedules", "/workouts", "/body-weight"):
        assert_refused(
            await client.get(f"{API}{path}", params={"from": day}, headers=h), "query.from"
        )
        assert_refused(await client.get(f"{API}{path}", params={"to": day}, headers=h), "query.to")


async def test_a_program_cannot_start_in_year_9999(client: httpx.AsyncClient, pair: Pair) -> None:
    h = pair.trainer.headers
    template = {
        "name": "Base",
        "durationWeeks": 1,
        "weeklyPlan": [{"week": 1, "days": [{"day": "monday", "exercises": [{"name": "Squat"}]}]}],
    }
    created = await client.post(f"{API}/program-templates", json=template, headers=h)
    assert created.status_code == 201, created.text
    assign = f"{API}/program-templates/{created.json()['id']}/assign"
    for day in ("0001-01-01", "9999-12-31"):
        body = {"traineeId": str(pair.trainee.id), "startDate": day}
        assert_refused(await client.post(assign, json=body, headers=h), "body.startDate")


@pytest.mark.parametrize(
    "day", ["2026-1-01", "20261101", "2026-W48-1", "2026-11-01T00:00:00", "2026-02-30"]
)
async def test_dates_are_plain_calendar_days(
    client: httpx.AsyncClient, pair: Pair, day: str
) -> None:
    weight = {"date": day, "weight": 70}
    response = await client.post(f"{API}/body-weight", json=weight, headers=pair.trainee.headers)
    assert_refused(response, "body.date")


async def _profile_weight(client: httpx.AsyncClient, headers: dict[str, str]) -> float | None:
    weight: float | None = (await client.get(f"{API}/me", headers=headers)).json()["weight"]
    return weight


async def test_a_body_weight_two_days_ahead_is_refused_and_never_the_profile_weight(
    client: httpx.AsyncClient,
) -> None:
    trainee = await register(client)
    h = trainee.headers
    today = clock.today()
    logged = await client.post(
        f"{API}/body-weight", json={"date": str(today), "weight": 70}, headers=h
    )
    assert logged.status_code == 201, logged.text
    ahead = str(today + dt.timedelta(days=3))
    assert_refused(
        await client.post(f"{API}/body-weight", json={"date": ahead, "weight": 99}, headers=h),
        "body.date",
    )
    assert_refused(
        await client.put(f"{API}/body-weight/{ahead}", json={"weight": 99}, headers=h), "path.day"
    )
    imported = await client.post(
        f"{API}/body-weight/import",
        content=f"date,weight\n{ahead},99\n".encode(),
        headers={**h, "Content-Type": "text/csv"},
    )
    assert_refused(imported, "body.line2")
    next_year = str(today.replace(year=today.year + 1))
    assert_refused(
        await client.post(f"{API}/body-weight", json={"date": next_year, "weight": 99}, headers=h),
        "body.date",
    )
    assert await _profile_weight(client, h) == 70


async def test_a_body_weight_for_tomorrow_is_accepted(client: httpx.AsyncClient) -> None:
    # Someone ahead of the gym's zone already lives in its tomorrow.
    trainee = await register(client)
    tomorrow = str(clock.today() + dt.timedelta(days=1))
    response = await client.post(
        f"{API}/body-weight", json={"date": tomorrow, "weight": 70}, headers=trainee.headers
    )
    assert response.status_code == 201, response.text


# Times of day: "HH:MM" wall-clock times, no zone, no numbers.


@pytest.mark.parametrize("start", ["10:00+07:00", "10:00Z", 36000, 10.5, True])
async def test_zoned_or_numeric_start_times_are_refused(
    client: httpx.AsyncClient, pair: Pair, start: object
) -> None:
    response = await client.post(
        f"{API}/schedules", json=session_body(pair, startTime=start), headers=pair.trainer.headers
    )
    assert_refused(response, "body.startTime")


# Strict types: JSON's true is not 1, 1 is not true, 5.0 is not an integer.


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"duration": True}, "body.duration"),
        ({"duration": 60.0}, "body.duration"),
        ({"duration": 60.5}, "body.duration"),
        ({"duration": "60"}, "body.duration"),
        ({"rating": False}, "body.rating"),
        ({"exercises": [{**squat(100, 5), "isBodyweight": 1}]}, "body.exercises.0.isBodyweight"),
        (
            {"exercises": [{**squat(100, 5), "isBodyweight": "true"}]},
            "body.exercises.0.isBodyweight",
        ),
        (
            {
                "exercises": [
                    {
                        "name": "Squat",
                        "type": "weight_training",
                        "sets": [{"setNumber": True, "reps": 5}],
                    }
                ]
            },
            "body.exercises.0.sets.0.setNumber",
        ),
        (
            {
                "exercises": [
                    {
                        "name": "Squat",
                        "type": "weight_training",
                        "sets": [{"setNumber": 1, "weight": True, "reps": 5}],
                    }
                ]
            },
            "body.exercises.0.sets.0.weight",
        ),
        ({"notes": 5}, "body.notes"),
    ],
)
async def test_booleans_and_integers_are_not_taken_for_each_other(
    client: httpx.AsyncClient, pair: Pair, change: dict[str, Any], field: str
) -> None:
    response = await client.post(
        f"{API}/workouts", json=workout_body(pair, **change), headers=pair.trainer.headers
    )
    assert_refused(response, field)


async def test_numbers_dates_and_ids_from_json_still_read(
    client: httpx.AsyncClient, pair: Pair
) -> None:
    """The strict models read what JSON carries: an integer where a decimal
    or float is expected, ids and dates as strings, enums by value."""
    workout = workout_body(pair, exercises=[squat(100, 5)], rating=4)
    assert (
        await client.post(f"{API}/workouts", json=workout, headers=pair.trainer.headers)
    ).status_code == 201
    me = await client.patch(
        f"{API}/me",
        json={"height": 180, "weight": 72.5, "dateOfBirth": "1990-05-01"},
        headers=pair.trainee.headers,
    )
    assert me.status_code == 200, me.text
    assert (me.json()["height"], me.json()["dateOfBirth"]) == (180, "1990-05-01")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"height": True}, "body.height"),
        ({"height": "180"}, "body.height"),
        ({"dateOfBirth": 19900501}, "body.dateOfBirth"),
    ],
)
async def test_profile_numbers_are_json_numbers(
    client: httpx.AsyncClient, pair: Pair, change: dict[str, Any], field: str
) -> None:
    response = await client.patch(f"{API}/me", json=change, headers=pair.trainee.headers)
    assert_refused(response, field)


async def test_settings_booleans_are_json_booleans(client: httpx.AsyncClient, pair: Pair) -> None:
    response = await client.patch(
        f"{API}/me/settings",
        json={"notificationSettings": {"email": 1, "push": True, "sms": False}},
        headers=pair.trainee.headers,
    )
    assert_refused(response, "body.notificationSettings.email")


async def test_query_parameters_stay_lax_but_bounded(client: httpx.AsyncClient, pair: Pair) -> None:
    h = pair.trainer.headers
    listed = await client.get(
        f"{API}/exercises", params={"limit": "5", "includeArchived": "true"}, headers=h
    )
    assert listed.status_code == 200, listed.text
    assert len(listed.json()["items"]) == 5
    assert_refused(
        await client.get(f"{API}/exercises", params={"limit": "5000"}, headers=h), "query.limit"
    )
