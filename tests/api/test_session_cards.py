"""Session cards: written by a trainer for a linked trainee, read by the trainee."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.domain import TODAY, linked_pair, log_workout, squat
from tests.api.helpers import API


def _card(trainee_id: object, **extra: Any) -> dict[str, Any]:
    return {
        "traineeId": str(trainee_id),
        "date": TODAY.isoformat(),
        "summary": "Great work",
        **extra,
    }


async def test_a_trainer_writes_and_the_trainee_reads(client: httpx.AsyncClient) -> None:
    pair = await linked_pair(client)
    workout = (await log_workout(client, pair, [squat(80, 5)])).json()
    created = await client.post(
        f"{API}/session-cards",
        json=_card(
            pair.trainee.id,
            workoutId=workout["id"],
            achievements=["Depth improved"],
            tags=["legs"],
            rating=5,
            media={"images": ["https://cdn.example.test/a.jpg"], "videos": []},
        ),
        headers=pair.trainer.headers,
    )
    assert created.status_code == 201, created.text
    card = created.json()
    assert card["workoutId"] == workout["id"]
    mine = (await client.get(f"{API}/session-cards", headers=pair.trainee.headers)).json()
    assert [c["id"] for c in mine["items"]] == [card["id"]]
    one = await client.get(f"{API}/session-cards/{card['id']}", headers=pair.trainee.headers)
    assert one.json()["media"]["images"] == ["https://cdn.example.test/a.jpg"]
    refused = await client.post(
        f"{API}/session-cards", json=_card(pair.trainee.id), headers=pair.trainee.headers
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"achievements": ["x"] * 21}, "body.achievements"),
        ({"areasForImprovement": ["x" * 501]}, "body.areasForImprovement.0"),
        ({"nextSessionGoals": [""]}, "body.nextSessionGoals.0"),
        ({"media": {"images": ["http://insecure.example.test/a.jpg"]}}, "body.media.images"),
        ({"media": {"videos": ["javascript:alert(1)"]}}, "body.media.videos"),
        ({"rating": 9}, "body.rating"),
        ({"summary": ""}, "body.summary"),
    ],
)
async def test_card_fields_are_validated(
    client: httpx.AsyncClient, extra: dict[str, Any], field: str
) -> None:
    pair = await linked_pair(client)
    response = await client.post(
        f"{API}/session-cards", json=_card(pair.trainee.id, **extra), headers=pair.trainer.headers
    )
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_cards_stay_between_their_trainer_and_trainee(client: httpx.AsyncClient) -> None:
    pair, other = await linked_pair(client), await linked_pair(client)
    card = (
        await client.post(
            f"{API}/session-cards", json=_card(pair.trainee.id), headers=pair.trainer.headers
        )
    ).json()
    for who in (other.trainer, other.trainee):
        response = await client.get(f"{API}/session-cards/{card['id']}", headers=who.headers)
        assert response.status_code == 404
    for_stranger = await client.post(
        f"{API}/session-cards", json=_card(other.trainee.id), headers=pair.trainer.headers
    )
    assert for_stranger.status_code == 404
    foreign_workout = (await log_workout(client, other, [squat(50, 5)])).json()
    wrong_link = await client.post(
        f"{API}/session-cards",
        json=_card(pair.trainee.id, workoutId=foreign_workout["id"]),
        headers=pair.trainer.headers,
    )
    assert wrong_link.status_code == 422
    edited = await client.patch(
        f"{API}/session-cards/{card['id']}", json={"rating": 4}, headers=pair.trainer.headers
    )
    assert edited.json()["rating"] == 4
    assert (
        await client.delete(f"{API}/session-cards/{card['id']}", headers=pair.trainer.headers)
    ).status_code == 204
