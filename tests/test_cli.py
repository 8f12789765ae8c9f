"""The `spotter` command, run as a real process against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from spotter.db import migrate


def spotter(
    *args: str, url: URL | None = None, stdin: str = "", **settings: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | settings
    if url is not None:
        env["DATABASE_URL"] = url.render_as_string(hide_password=False)
    return subprocess.run(
        [sys.executable, "-m", "spotter.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("no-such-command",),
        ("serve", "--port", "99999"),
        ("db", "downgrade"),
        ("users", "create", "--email", "a@b.test"),
    ],
)
def test_bad_arguments_give_a_message_and_a_non_zero_exit(args: tuple[str, ...]) -> None:
    result = spotter(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_db_upgrade_reports_the_head_revision(database_url: URL) -> None:
    result = spotter("db", "upgrade", url=database_url)
    assert result.returncode == 0, result.stderr
    assert f"Database at {migrate.head_revision(database_url)}." in result.stdout


def test_db_url_prints_a_plain_postgresql_url(database_url: URL) -> None:
    result = spotter("db", "url", url=database_url)
    assert result.returncode == 0
    assert result.stdout.startswith("postgresql://")
    assert f"/{database_url.database}" in result.stdout


def test_users_create_makes_an_account_and_refuses_a_duplicate(
    database_url: URL, owner_engine: Engine
) -> None:
    args = (
        "users",
        "create",
        "--email",
        " New.Coach@Example.TEST ",
        "--name",
        "New Coach",
        "--role",
        "trainer",
        "--password",
        "a-long-passphrase",
    )
    first = spotter(*args, url=database_url)
    assert first.returncode == 0, first.stderr
    try:
        with owner_engine.connect() as db:
            row = db.execute(
                text(
                    "SELECT role, password_hash, email_verified_at FROM users"
                    " WHERE email = 'new.coach@example.test'"
                )
            ).one()
            assert row.role == "trainer"
            assert row.password_hash.startswith("$argon2id$")
            # An operator made it for that person: the address counts as verified.
            assert row.email_verified_at is not None
        again = spotter(*args, url=database_url)
        assert again.returncode == 2
        assert "already exists" in again.stderr
        assert "Traceback" not in again.stderr
    finally:
        with owner_engine.begin() as db:
            db.execute(text("DELETE FROM users WHERE email = 'new.coach@example.test'"))


def _password_of(engine: Engine, email: str) -> str | None:
    with engine.connect() as db:
        found: str | None = db.execute(
            text("SELECT password_hash FROM users WHERE email = :e"), {"e": email}
        ).scalar_one()
        return found


def test_users_create_without_password_reads_it_and_never_leaves_an_account_without_one(
    database_url: URL, owner_engine: Engine
) -> None:
    email = "piped.password@example.test"
    args = ("users", "create", "--email", email, "--name", "Piped")
    try:
        refused = spotter(*args, url=database_url, stdin="")
        assert refused.returncode == 2
        assert "no password" in refused.stderr
        with owner_engine.connect() as db:
            none = db.execute(text("SELECT count(*) FROM users WHERE email = :e"), {"e": email})
            assert none.scalar_one() == 0
        created = spotter(*args, url=database_url, stdin="a-long-passphrase\n")
        assert created.returncode == 0, created.stderr
        stored = _password_of(owner_engine, email)
        assert stored is not None
        assert PasswordHasher().verify(stored, "a-long-passphrase")
    finally:
        with owner_engine.begin() as db:
            db.execute(text("DELETE FROM users WHERE email = :e"), {"e": email})


def test_users_set_password_ends_sessions_and_tells_the_user(
    database_url: URL, owner_engine: Engine
) -> None:
    email = "forgot.it@example.test"
    created = spotter(
        "users",
        "create",
        "--email",
        email,
        "--name",
        "F",
        "--password",
        "first-passphrase-1",
        url=database_url,
    )
    assert created.returncode == 0, created.stderr
    try:
        with owner_engine.begin() as db:
            db.execute(
                text(
                    "INSERT INTO user_sessions (user_id, refresh_token, access_token, family_id,"
                    " expires_at) SELECT id, 'set-password-token', 'a', gen_random_uuid(),"
                    " now() + interval '1 day' FROM users WHERE email = :e"
                ),
                {"e": email},
            )
        weak = spotter(
            "users", "set-password", "--email", email, "--password", "password123", url=database_url
        )
        assert weak.returncode == 2
        assert "too common" in weak.stderr
        result = spotter(
            "users",
            "set-password",
            "--email",
            email,
            url=database_url,
            stdin="second-passphrase-2\n",
        )
        assert result.returncode == 0, result.stderr
        stored = _password_of(owner_engine, email)
        assert stored is not None
        assert PasswordHasher().verify(stored, "second-passphrase-2")
        with owner_engine.connect() as db:
            row = db.execute(
                text(
                    "SELECT s.revoked_at,"
                    " (SELECT count(*) FROM procrastinate.procrastinate_jobs j"
                    "   WHERE j.args->>'to' = u.email AND j.args->>'kind' = 'password_changed')"
                    "   AS emails,"
                    " (SELECT count(*) FROM audit_logs a WHERE a.subject_user_id = u.id"
                    "   AND a.action = 'PASSWORD_RESET') AS audited"
                    " FROM users u JOIN user_sessions s ON s.user_id = u.id WHERE u.email = :e"
                ),
                {"e": email},
            ).one()
        assert row.revoked_at is not None
        assert (row.emails, row.audited) == (1, 1)
        missing = spotter(
            "users",
            "set-password",
            "--email",
            "nobody@example.test",
            "--password",
            "a-long-passphrase",
            url=database_url,
        )
        assert missing.returncode == 2
        assert "no account" in missing.stderr
    finally:
        with owner_engine.begin() as db:
            db.execute(text("DELETE FROM users WHERE email = :e"), {"e": email})


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--role", "wizard", "role must be"),
        ("--password", "short", "password must"),
        ("--email", "not-an-email", "not a valid email"),
    ],
)
def test_users_create_explains_bad_input(
    database_url: URL, option: str, value: str, message: str
) -> None:
    args = {
        "--email": "x@example.test",
        "--name": "X",
        "--role": "trainee",
        "--password": "long-enough",
    }
    args[option] = value
    flat = [part for pair in args.items() for part in pair]
    result = spotter("users", "create", *flat, url=database_url)
    assert result.returncode == 2
    assert message in result.stderr


def test_an_unreachable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = spotter(
        "db",
        "upgrade",
        url=URL.create(
            "postgresql+psycopg", username="nobody", host="127.0.0.1", port=1, database="none"
        ),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error:")


def test_a_bad_setting_names_its_variable_not_a_traceback(database_url: URL) -> None:
    result = spotter(
        "serve", url=database_url, SPOTTER_TIMEZONE="Asia/Bangkokk", SPOTTER_DB_POOL_SIZE="0"
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "error: SPOTTER_DB_POOL_SIZE: Input should be greater than or equal to 1",
        "error: SPOTTER_TIMEZONE: unknown time zone 'Asia/Bangkokk'",
    ]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_on_the_embedded_server_answers_and_stops_it_on_sigterm(tmp_path: Path) -> None:
    """The README's default: no DATABASE_URL, embedded PostgreSQL, demo data."""
    import signal
    import time

    import httpx

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SPOTTER_DATA_DIR"] = str(tmp_path / "data")
    process = subprocess.Popen(
        [sys.executable, "-m", "spotter.cli", "serve", "--port", str(port), "--demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "serve did not come up"
            time.sleep(0.5)
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/docs", timeout=5).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "ploy@demo.spotter.example" in output
    # The embedded server stopped with Spotter: its pid file is gone.
    assert not (tmp_path / "data" / "pg" / "postmaster.pid").exists()


def test_users_deactivate_ends_sessions_and_activate_restores(
    database_url: URL, owner_engine: Engine
) -> None:
    email = "deactivate.me@example.test"
    created = spotter(
        "users",
        "create",
        "--email",
        email,
        "--name",
        "D",
        "--password",
        "a-long-passphrase",
        url=database_url,
    )
    assert created.returncode == 0, created.stderr
    try:
        with owner_engine.begin() as db:
            db.execute(
                text(
                    "INSERT INTO user_sessions (user_id, refresh_token, access_token, family_id,"
                    " expires_at) SELECT id, 'deact-token', 'a', gen_random_uuid(),"
                    " now() + interval '1 day' FROM users WHERE email = :e"
                ),
                {"e": email},
            )
        result = spotter("users", "deactivate", "--email", email, url=database_url)
        assert result.returncode == 0, result.stderr
        with owner_engine.connect() as db:
            row = db.execute(
                text(
                    "SELECT u.is_active, s.revoked_at FROM users u JOIN user_sessions s"
                    " ON s.user_id = u.id WHERE u.email = :e"
                ),
                {"e": email},
            ).one()
        assert row.is_active is False
        assert row.revoked_at is not None
        assert spotter("users", "activate", "--email", email, url=database_url).returncode == 0
        missing = spotter("users", "deactivate", "--email", "nobody@example.test", url=database_url)
        assert missing.returncode == 2
        assert "no account" in missing.stderr
    finally:
        with owner_engine.begin() as db:
            db.execute(text("DELETE FROM users WHERE email = :e"), {"e": email})
