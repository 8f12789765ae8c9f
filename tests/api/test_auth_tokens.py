"""Access tokens, refresh rotation, reuse detection, sessions, sign-out."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import uuid

import httpx
import jwt
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.auth.tokens import key_id
from tests.api.helpers import API, PASSWORD, Account, register, running_app
from tests.conftest import TEST_SECRET

# Long enough that PyJWT does not warn: the point is that it is not ours.
FORGERS_KEY = "a-key-this-server-has-never-seen-0123456789abcdef"


async def _refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(f"{API}/auth/refresh", json={"refreshToken": token})


async def test_access_token_claims_and_key_id(client: httpx.AsyncClient) -> None:
    account = await register(client)
    header = jwt.get_unverified_header(account.access_token)
    assert header["alg"] == "HS256"
    assert header["kid"] == key_id(TEST_SECRET)
    claims = jwt.decode(account.access_token, options={"verify_signature": False})
    assert claims["iss"] == "spotter"
    assert claims["aud"] == "spotter-api"
    assert claims["sub"] == str(account.id)
    assert claims["role"] == "trainee"
    assert claims["typ"] == "access"
    assert uuid.UUID(claims["sid"])
    assert claims["exp"] - claims["iat"] == 15 * 60


async def test_a_forged_or_foreign_token_is_401(client: httpx.AsyncClient) -> None:
    account = await register(client)
    claims = jwt.decode(account.access_token, options={"verify_signature": False})
    forged = jwt.encode(
        claims, FORGERS_KEY, algorithm="HS256", headers={"kid": key_id(TEST_SECRET)}
    )
    unsigned = jwt.encode(claims, None, algorithm="none")  # type: ignore[arg-type]
    for token in (forged, unsigned, "not-a-jwt", account.refresh_token):
        response = await client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


async def test_rotated_keys_keep_verifying_old_tokens(database_url: URL) -> None:
    new_secret = "a-brand-new-secret-key-for-rotation-0123456789"
    async with running_app(database_url) as (_, old_client):
        account = await register(old_client)
    async with running_app(
        database_url, secret_key=new_secret, previous_secret_keys=TEST_SECRET
    ) as (_, client):
        assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 200
        fresh = await client.post(
            f"{API}/auth/login", json={"email": account.email, "password": PASSWORD}
        )
        header = jwt.get_unverified_header(fresh.json()["accessToken"])
        assert header["kid"] == key_id(new_secret)
    async with running_app(database_url, secret_key=new_secret) as (_, client):
        assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 401


async def test_refresh_tokens_are_random_and_stored_only_as_hashes(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    assert len(account.refresh_token) >= 43  # 32 random bytes, base64url
    with owner_engine.connect() as db:
        stored = db.execute(
            text("SELECT refresh_token, access_token FROM user_sessions WHERE user_id = :u"),
            {"u": account.id},
        ).one()
    assert stored.refresh_token == hashlib.sha256(account.refresh_token.encode()).hexdigest()
    assert stored.access_token == hashlib.sha256(account.access_token.encode()).hexdigest()


async def test_refresh_issues_new_tokens_and_retires_the_old_one(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    first = await _refresh(client, account.refresh_token)
    assert first.status_code == 200
    body = first.json()
    assert body["refreshToken"] != account.refresh_token
    me = await client.get(f"{API}/me", headers={"Authorization": f"Bearer {body['accessToken']}"})
    assert me.status_code == 200
    # Within the grace period the old token fails without ending the sign-in.
    assert (await _refresh(client, account.refresh_token)).status_code == 401
    assert (await _refresh(client, body["refreshToken"])).status_code == 200


async def test_reusing_a_rotated_token_revokes_the_family_and_alerts_the_user(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    rotated = (await _refresh(client, account.refresh_token)).json()
    # Time passes beyond the grace period for racing refreshes.
    with owner_engine.begin() as db:
        db.execute(
            text(
                "UPDATE user_sessions SET rotated_at = now() - interval '1 minute'"
                " WHERE user_id = :u AND rotated_at IS NOT NULL"
            ),
            {"u": account.id},
        )
    reused = await _refresh(client, account.refresh_token)
    assert reused.status_code == 401
    # The thief's copy and the owner's current tokens are both dead now.
    assert (await _refresh(client, rotated["refreshToken"])).status_code == 401
    current = {"Authorization": f"Bearer {rotated['accessToken']}"}
    assert (await client.get(f"{API}/me", headers=current)).status_code == 401
    with owner_engine.connect() as db:
        alert = db.execute(
            text(
                "SELECT count(*) FROM notifications WHERE user_id = :u AND type = 'security_alert'"
            ),
            {"u": account.id},
        ).scalar_one()
        audited = db.execute(
            text("SELECT count(*) FROM audit_logs WHERE user_id = :u AND action = 'TOKEN_REUSE'"),
            {"u": account.id},
        ).scalar_one()
    assert alert == 1
    assert audited == 1


async def test_of_concurrent_refreshes_with_one_token_exactly_one_succeeds(
    client: httpx.AsyncClient,
) -> None:
    account = await register(client)
    responses = await asyncio.gather(*(_refresh(client, account.refresh_token) for _ in range(6)))
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 401, 401, 401, 401, 401]
    winner = next(r for r in responses if r.status_code == 200).json()
    # The winner's new sign-in is intact.
    assert (await _refresh(client, winner["refreshToken"])).status_code == 200


async def test_refresh_tokens_expire_seven_days_after_sign_in_whatever_happens(
    client: httpx.AsyncClient, owner_engine: Engine
) -> None:
    account = await register(client)
    with owner_engine.connect() as db:
        first_expiry = db.execute(
            text("SELECT expires_at FROM user_sessions WHERE user_id = :u"), {"u": account.id}
        ).scalar_one()
    assert abs(first_expiry - dt.datetime.now(dt.UTC) - dt.timedelta(days=7)) < dt.timedelta(
        minutes=1
    )
    rotated = (await _refresh(client, account.refresh_token)).json()
    with owner_engine.begin() as db:
        expiries = {
            row[0]
            for row in db.execute(
                text("SELECT expires_at FROM user_sessions WHERE user_id = :u"), {"u": account.id}
            )
        }
        assert expiries == {first_expiry}
        db.execute(
            text(
                "UPDATE user_sessions SET expires_at = now() + interval '1 second'"
                " - interval '7 days' WHERE user_id = :u"
            ),
            {"u": account.id},
        )
    assert (await _refresh(client, rotated["refreshToken"])).status_code == 401


async def test_logout_ends_the_session(client: httpx.AsyncClient) -> None:
    account = await register(client)
    assert (await client.post(f"{API}/auth/logout", headers=account.headers)).status_code == 204
    assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 401
    assert (await _refresh(client, account.refresh_token)).status_code == 401


async def _login(client: httpx.AsyncClient, account: Account, agent: str) -> dict[str, str]:
    response = await client.post(
        f"{API}/auth/login",
        json={"email": account.email, "password": PASSWORD},
        headers={"User-Agent": agent},
    )
    body: dict[str, str] = response.json()
    return body


async def test_sessions_list_and_sign_out_of_one_device(client: httpx.AsyncClient) -> None:
    account = await register(client)
    phone = await _login(client, account, "Spotter iOS")
    sessions = (await client.get(f"{API}/auth/sessions", headers=account.headers)).json()["items"]
    assert len(sessions) == 2
    assert sum(s["current"] for s in sessions) == 1
    phone_session = next(s for s in sessions if s["userAgent"] == "Spotter iOS")
    assert phone_session["ipAddress"] == "127.0.0.1"
    deleted = await client.delete(
        f"{API}/auth/sessions/{phone_session['id']}", headers=account.headers
    )
    assert deleted.status_code == 204
    phone_headers = {"Authorization": f"Bearer {phone['accessToken']}"}
    assert (await client.get(f"{API}/me", headers=phone_headers)).status_code == 401
    assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 200
    remaining = (await client.get(f"{API}/auth/sessions", headers=account.headers)).json()
    assert [s["current"] for s in remaining["items"]] == [True]


async def test_another_users_session_answers_404(client: httpx.AsyncClient) -> None:
    owner, other = await register(client), await register(client)
    theirs = (await client.get(f"{API}/auth/sessions", headers=other.headers)).json()
    theirs = theirs["items"][0]["id"]
    response = await client.delete(f"{API}/auth/sessions/{theirs}", headers=owner.headers)
    assert response.status_code == 404
    assert (await client.get(f"{API}/me", headers=other.headers)).status_code == 200
    unknown = await client.delete(f"{API}/auth/sessions/{uuid.uuid4()}", headers=owner.headers)
    assert unknown.status_code == 404


async def test_sessions_are_a_page_like_every_list(client: httpx.AsyncClient) -> None:
    account = await register(client)
    for agent in ("Phone", "Tablet"):
        await _login(client, account, agent)
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = await client.get(f"{API}/auth/sessions", params=params, headers=account.headers)
        assert page.status_code == 200
        body = page.json()
        assert set(body) == {"items", "nextCursor"}
        seen += [s["id"] for s in body["items"]]
        cursor = body["nextCursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 3
    # Newest sign-in first: the tablet's, then the phone's, then registration's.
    first = (await client.get(f"{API}/auth/sessions", headers=account.headers)).json()["items"]
    assert [s["userAgent"] for s in first][:2] == ["Tablet", "Phone"]
    bad = await client.get(f"{API}/auth/sessions?cursor=bogus", headers=account.headers)
    assert bad.status_code == 422
