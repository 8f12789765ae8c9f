"""The roster: invitations, acceptance, ending, and what a link grants."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.api.helpers import (
    API,
    PASSWORD,
    emailed_token,
    link,
    register,
    unique_email,
    verify_email,
)


async def _invite(
    client: httpx.AsyncClient, trainer_headers: dict[str, str], email: str
) -> httpx.Response:
    return await client.post(
        f"{API}/roster/invitations", json={"email": email}, headers=trainer_headers
    )


def _notifications(engine: Engine, user_id: uuid.UUID, kind: str) -> list[tuple[str, str]]:
    with engine.connect() as db:
        rows = db.execute(
            text("SELECT title, message FROM notifications WHERE user_id = :u AND type = :t"),
            {"u": user_id, "t": kind},
        )
        return [(row.title, row.message) for row in rows]


async def test_inviting_an_existing_trainee_notifies_them_in_their_language(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainer = await register(client, "trainer", name="Coach Ploy")
    thai, english = await register(client), await register(client)
    await client.patch(f"{API}/me/settings", json={"language": "en"}, headers=english.headers)
    for trainee in (thai, english):
        response = await _invite(client, trainer.headers, trainee.email)
        assert response.status_code == 201
        assert response.json()["traineeId"] == str(trainee.id)
        assert response.json()["status"] == "pending"
    assert _notifications(owner_engine, thai.id, "roster_invitation") == [
        ("คำเชิญจากเทรนเนอร์", "Coach Ploy เชิญคุณเข้าร่วมเป็นลูกเทรนของเขา")
    ]
    assert _notifications(owner_engine, english.id, "roster_invitation") == [
        ("Trainer invitation", "Coach Ploy invited you to train with them.")
    ]


async def test_an_invitation_for_a_new_email_waits_for_the_account(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainer = await register(client, "trainer", name="Coach Ploy")
    email = unique_email("future")
    invited = await _invite(client, trainer.headers, email)
    assert invited.json()["traineeId"] is None
    # The newcomer signs up from the link in the invitation email.
    token = await emailed_token(client, email, "invitation")
    signed_up = await client.post(
        f"{API}/auth/register",
        json={"email": email, "password": PASSWORD, "name": "Newcomer", "invitationToken": token},
    )
    assert signed_up.status_code == 201, signed_up.text
    assert signed_up.json()["user"]["emailVerifiedAt"] is not None
    newcomer_headers = {"Authorization": f"Bearer {signed_up.json()['accessToken']}"}
    mine = (await client.get(f"{API}/roster/invitations", headers=newcomer_headers)).json()
    assert [item["id"] for item in mine["items"]] == [invited.json()["id"]]
    assert mine["items"][0]["trainer"]["id"] == str(trainer.id)
    # The README promises the invitation in the new trainee's notifications.
    inbox = (await client.get(f"{API}/notifications", headers=newcomer_headers)).json()
    assert [(n["type"], n["resourceId"]) for n in inbox["items"]] == [
        ("roster_invitation", invited.json()["id"])
    ]
    assert inbox["items"][0]["message"] == "Coach Ploy เชิญคุณเข้าร่วมเป็นลูกเทรนของเขา"
    accepted = await client.post(
        f"{API}/roster/invitations/{invited.json()['id']}/accept", headers=newcomer_headers
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "active"


async def test_accepting_needs_a_verified_email(client: httpx.AsyncClient) -> None:
    # Anyone may sign up with someone else's address; only its owner, who
    # can open the email, may take up an invitation sent to it.
    trainer = await register(client, "trainer")
    email = unique_email("claimed")
    invitation = (await _invite(client, trainer.headers, email)).json()["id"]
    squatter = await register(client, email=email)
    refused = await client.post(
        f"{API}/roster/invitations/{invitation}/accept", headers=squatter.headers
    )
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert "Verify your email" in refused.json()["detail"]
    trainees = (await client.get(f"{API}/roster/trainees", headers=trainer.headers)).json()
    assert trainees["items"] == []
    await verify_email(client, squatter)
    accepted = await client.post(
        f"{API}/roster/invitations/{invitation}/accept", headers=squatter.headers
    )
    assert accepted.status_code == 200


async def test_an_invitation_link_verifies_only_the_address_it_was_sent_to(
    client: httpx.AsyncClient,
) -> None:
    trainer = await register(client, "trainer")
    meant_for = unique_email("meant")
    await _invite(client, trainer.headers, meant_for)
    token = await emailed_token(client, meant_for, "invitation")
    # Forwarded to someone else: their sign-up works, their address is not verified...
    other = await client.post(
        f"{API}/auth/register",
        json={
            "email": unique_email("forwarded"),
            "password": PASSWORD,
            "name": "Someone Else",
            "invitationToken": token,
        },
    )
    assert other.status_code == 201
    assert other.json()["user"]["emailVerifiedAt"] is None
    # ...and the token was not spent: the person it was sent to still uses it.
    owner = await client.post(
        f"{API}/auth/register",
        json={"email": meant_for, "password": PASSWORD, "name": "Owner", "invitationToken": token},
    )
    assert owner.json()["user"]["emailVerifiedAt"] is not None


async def test_signing_in_through_an_invitation_verifies_an_existing_account(
    client: httpx.AsyncClient,
) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    invitation = (await _invite(client, trainer.headers, trainee.email)).json()["id"]
    token = await emailed_token(client, trainee.email, "invitation")
    signed_in = await client.post(
        f"{API}/auth/login",
        json={"email": trainee.email, "password": PASSWORD, "invitationToken": token},
    )
    assert signed_in.status_code == 200
    assert signed_in.json()["user"]["emailVerifiedAt"] is not None
    accepted = await client.post(
        f"{API}/roster/invitations/{invitation}/accept", headers=trainee.headers
    )
    assert accepted.status_code == 200


async def test_accepting_links_both_sides_and_notifies_the_trainer(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client, name="Mali")
    await link(client, trainer, trainee)
    trainees = (await client.get(f"{API}/roster/trainees", headers=trainer.headers)).json()
    assert [t["person"]["id"] for t in trainees["items"]] == [str(trainee.id)]
    trainers = (await client.get(f"{API}/roster/trainers", headers=trainee.headers)).json()
    assert [t["person"]["id"] for t in trainers["items"]] == [str(trainer.id)]
    assert _notifications(owner_engine, trainer.id, "roster_accepted") == [
        ("ตอบรับคำเชิญแล้ว", "Mali ตอบรับคำเชิญของคุณแล้ว")
    ]


async def test_an_invitation_alone_grants_nothing(client: httpx.AsyncClient) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    await _invite(client, trainer.headers, trainee.email)
    trainees = (await client.get(f"{API}/roster/trainees", headers=trainer.headers)).json()
    assert trainees["items"] == []


async def test_declining_ends_the_invitation(client: httpx.AsyncClient) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    await verify_email(client, trainee)
    invitation = (await _invite(client, trainer.headers, trainee.email)).json()["id"]
    declined = await client.post(
        f"{API}/roster/invitations/{invitation}/decline", headers=trainee.headers
    )
    assert declined.json()["status"] == "ended"
    again = await client.post(
        f"{API}/roster/invitations/{invitation}/accept", headers=trainee.headers
    )
    assert again.status_code == 409
    # Ended links do not block a fresh invitation.
    assert (await _invite(client, trainer.headers, trainee.email)).status_code == 201


async def test_either_side_can_end_the_link(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    trainer = await register(client, "trainer")
    first, second = await register(client), await register(client)
    await link(client, trainer, first)
    await link(client, trainer, second)
    by_trainer = await client.delete(f"{API}/roster/trainees/{first.id}", headers=trainer.headers)
    by_trainee = await client.delete(f"{API}/roster/trainers/{trainer.id}", headers=second.headers)
    assert by_trainer.status_code == by_trainee.status_code == 204
    trainees = (await client.get(f"{API}/roster/trainees", headers=trainer.headers)).json()
    assert trainees["items"] == []
    assert len(_notifications(owner_engine, first.id, "roster_ended")) == 1
    assert len(_notifications(owner_engine, trainer.id, "roster_ended")) == 1
    twice = await client.delete(f"{API}/roster/trainees/{first.id}", headers=trainer.headers)
    assert twice.status_code == 404


async def test_ending_a_link_cancels_its_open_future_sessions(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    from tests.api.domain import Pair, book

    trainer, trainee = await register(client, "trainer"), await register(client)
    await link(client, trainer, trainee)
    schedule = await book(client, Pair(trainer, trainee))
    await client.delete(f"{API}/roster/trainers/{trainer.id}", headers=trainee.headers)
    with owner_engine.connect() as db:
        status = db.execute(
            text("SELECT status FROM schedules WHERE id = :s"), {"s": schedule["id"]}
        ).scalar_one()
    assert status == "cancelled"


async def test_duplicate_and_self_invitations_are_refused(client: httpx.AsyncClient) -> None:
    trainer, trainee = await register(client, "trainer"), await register(client)
    assert (await _invite(client, trainer.headers, trainee.email)).status_code == 201
    duplicate = await _invite(client, trainer.headers, trainee.email.upper())
    assert duplicate.status_code == 409
    myself = await _invite(client, trainer.headers, trainer.email)
    assert myself.status_code == 422
    assert myself.json()["errors"][0]["field"] == "body.email"


async def test_only_the_invited_trainee_can_answer(client: httpx.AsyncClient) -> None:
    trainer, trainee, stranger = (
        await register(client, "trainer"),
        await register(client),
        await register(client),
    )
    invitation = (await _invite(client, trainer.headers, trainee.email)).json()["id"]
    for who in (stranger,):
        response = await client.post(
            f"{API}/roster/invitations/{invitation}/accept", headers=who.headers
        )
        assert response.status_code == 404
    by_trainer = await client.post(
        f"{API}/roster/invitations/{invitation}/accept", headers=trainer.headers
    )
    assert by_trainer.status_code == 403


async def test_invitation_lists_page_with_a_cursor(client: httpx.AsyncClient) -> None:
    trainer = await register(client, "trainer")
    for _ in range(5):
        await _invite(client, trainer.headers, unique_email())
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (
            await client.get(f"{API}/roster/invitations", params=params, headers=trainer.headers)
        ).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5
    bad = await client.get(
        f"{API}/roster/invitations", params={"cursor": "garbage!"}, headers=trainer.headers
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.cursor"
