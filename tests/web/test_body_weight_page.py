"""Body weight: "Weight" and "Save" (in the person's units), errors naming the
field, a chart with BMI and a table, CSV export and import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spotter import clock
from tests.api.helpers import Account
from tests.web.conftest import LiveServer, check_axe, screenshot
from tests.web.http_api import api_get, api_send
from tests.web.world import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def entries(server: LiveServer, account: Account) -> dict[str, float]:
    items = api_get(server, account, "/body-weight", limit=100)["items"]
    return {e["date"]: e["weight"] for e in items}


def test_log_body_weight_and_see_it_with_bmi(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainee = world.personas.trainee_a1
    api_send(live_server, trainee, "PATCH", "/me", {"height": 175})
    page = signed_in_page(trainee, phone=True)
    page.goto("/body-weight")
    page.get_by_label("Weight").fill("72.5")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("status").filter(has_text="Saved your weight").wait_for()
    assert entries(live_server, trainee)[clock.today().isoformat()] == 72.5

    chart = page.get_by_role("img", name="BMI")
    chart.locator("canvas").wait_for()
    row = page.get_by_role("table", name="Your entries").get_by_role("row").nth(1)
    # BMI 72.5 / 1.75² = 23.7, computed by the database.
    assert row.get_by_role("cell").all_inner_texts() == ["72.5", "23.7"]
    check_axe(page)
    screenshot(page, "body-weight")


def test_a_bad_weight_is_refused_naming_the_field(
    world: World, signed_in_page: Callable[..., Any]
) -> None:
    page = signed_in_page(world.personas.trainee_a2)
    page.goto("/body-weight")
    weight = page.get_by_label("Weight")
    for typed in ("heavy", "5"):
        weight.fill(typed)
        page.get_by_role("button", name="Save").click()
        weight = page.get_by_label("Weight")
        assert weight.get_attribute("aria-invalid") == "true"
        description = page.locator(f"#{weight.get_attribute('aria-describedby')}").inner_text()
        assert "weight" in description.lower()
    check_axe(page)


def test_weight_in_pounds_is_stored_in_kilograms(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any]
) -> None:
    trainee = world.personas.trainee_b1
    api_send(live_server, trainee, "PATCH", "/me/settings", {"weightUnit": "lbs"})
    page = signed_in_page(trainee)
    page.goto("/body-weight")
    assert page.get_by_text("Weight (lbs)").count() >= 1
    page.get_by_label("Weight").fill("160")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("status").filter(has_text="Saved your weight").wait_for()
    saved = entries(live_server, trainee)[clock.today().isoformat()]
    assert saved == pytest.approx(72.57, abs=0.01)
    row = page.get_by_role("table", name="Your entries").get_by_role("row").nth(1)
    assert row.get_by_role("cell").first.inner_text() == "160"


def test_csv_export_and_import(
    world: World, live_server: LiveServer, signed_in_page: Callable[..., Any], tmp_path: Path
) -> None:
    trainee = world.personas.trainee_a2
    page = signed_in_page(trainee)
    page.goto("/body-weight")
    days = [clock.today() - dt.timedelta(days=n) for n in (10, 9)]
    upload = tmp_path / "weights.csv"
    upload.write_text(f"date,weight\n{days[0]},70.1\n{days[1]},70.4\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    page.get_by_role("status").filter(has_text="Imported 2 new").wait_for()
    stored = entries(live_server, trainee)
    assert stored[days[0].isoformat()] == 70.1
    assert stored[days[1].isoformat()] == 70.4

    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"{days[0]},70.1" in text

    bad = tmp_path / "bad.csv"
    bad.write_text("date,weight\n2026-13-45,70\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    alert = page.get_by_role("alert")
    assert "Line 2" in alert.inner_text()
    check_axe(page)
