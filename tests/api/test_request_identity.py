"""Each request's transaction carries the caller's identity; afterwards the
pooled connection carries nothing."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import URL

from spotter.db.session import Database
from tests.api.helpers import API, register, running_app


async def test_a_pooled_connection_keeps_no_identity_after_a_request(database_url: URL) -> None:
    # One pooled connection, so the request and the check below share it.
    async with running_app(database_url, db_pool_size=1, db_max_overflow=0) as (app, client):
        account = await register(client)
        assert (await client.get(f"{API}/me", headers=account.headers)).status_code == 200
        database: Database = app.state.database
        async with database.engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT current_user, current_setting('spotter.user_id', true) AS uid,"
                        " current_setting('spotter.user_role', true) AS role,"
                        " (SELECT count(*) FROM users) AS visible_users"
                    )
                )
            ).one()
            await conn.rollback()
        assert app.state.database.engine.pool.checkedout() == 0
    assert row.current_user == "spotter_app"
    assert row.uid in (None, "")
    assert row.role in (None, "")
    assert row.visible_users == 0


async def test_the_request_transaction_sees_only_what_rls_allows(database_url: URL) -> None:
    async with running_app(database_url) as (_, client):
        first, second = await register(client), await register(client)
        export = (await client.get(f"{API}/me/export", headers=first.headers)).json()
    assert export["profile"]["id"] == str(first.id)
    assert str(second.id) not in str(export)
