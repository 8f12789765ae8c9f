"""The iCal feed names the other party of each session: the trainee in the
trainer's feed, the trainer in the trainee's, in one query however many
sessions there are."""

from __future__ import annotations

import httpx
import icalendar
from fastapi import FastAPI

from tests.api.domain import Pair, book
from tests.api.helpers import API, Account, link, register, sql_statements


async def _feed(client: httpx.AsyncClient, account: Account) -> httpx.Response:
    issued = await client.post(f"{API}/schedules/calendar-token", headers=account.headers)
    assert issued.status_code == 200, issued.text
    return await client.get(issued.json()["feedUrl"])


def _summaries(feed: httpx.Response) -> dict[str, str]:
    """Summary by schedule id."""
    assert feed.status_code == 200, feed.text
    calendar = icalendar.Calendar.from_ical(feed.content)
    return {str(e["uid"]).split("@")[0]: str(e["summary"]) for e in calendar.walk("VEVENT")}


async def test_the_trainers_feed_names_each_trainee_and_the_trainees_names_the_trainer(
    client: httpx.AsyncClient,
) -> None:
    trainer = await register(client, "trainer", name="Coach Ploy")
    mai = await register(client, name="Mai Srisuk")
    ton = await register(client, name="Ton Chaiyo")
    for trainee in (mai, ton):
        await link(client, trainer, trainee)
    with_mai = await book(client, Pair(trainer, mai), title="Lower body")
    with_ton = await book(client, Pair(trainer, ton), title="Lower body")

    trainers = _summaries(await _feed(client, trainer))
    assert trainers[with_mai["id"]] == "Mai Srisuk · Lower body"
    assert trainers[with_ton["id"]] == "Ton Chaiyo · Lower body"
    assert _summaries(await _feed(client, mai)) == {with_mai["id"]: "Coach Ploy · Lower body"}


async def test_the_feed_reads_names_in_one_query_however_many_sessions(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    trainer = await register(client, "trainer", name="Coach Many")
    issued = await client.post(f"{API}/schedules/calendar-token", headers=trainer.headers)
    feed_url = issued.json()["feedUrl"]
    trainees = [await register(client, name=f"Trainee {n}") for n in range(4)]
    for trainee in trainees:
        await link(client, trainer, trainee)

    counts = []
    for trainee in trainees:
        await book(client, Pair(trainer, trainee))
        with sql_statements(app) as statements:
            assert (await client.get(feed_url)).status_code == 200
        counts.append(len(statements))
    assert len(_summaries(await client.get(feed_url))) == len(trainees)
    assert len(set(counts)) == 1, counts  # one more session, not one more query
