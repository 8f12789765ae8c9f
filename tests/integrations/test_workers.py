"""Several worker processes share the queue and no job runs twice."""

from __future__ import annotations

import json
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

from spotter.db.urls import libpq_dsn
from tests.integrations.peers import Mailbox
from tests.integrations.processes import spotter_process

JOBS = 40


def test_two_workers_run_every_job_exactly_once(
    database_url: URL, mailbox: Mailbox, tmp_path: Path
) -> None:
    recipients = [f"worker.test.{n}@example.test" for n in range(JOBS)]
    with psycopg.connect(libpq_dsn(database_url), autocommit=True) as conn:
        for address in recipients:
            conn.execute(
                "SELECT defer_job('emails.send', 'emails', %s::jsonb)",
                (
                    json.dumps(
                        {
                            "to": address,
                            "kind": "invitation",
                            "language": "en",
                            "params": {"trainer": "Two Workers"},
                        }
                    ),
                ),
            )
    settings = {"smtp_url": mailbox.url, "log_format": "json"}
    with (
        spotter_process(
            ["worker", "--concurrency", "3"], database_url, tmp_path / "w1.log", **settings
        ),
        spotter_process(
            ["worker", "--concurrency", "3"], database_url, tmp_path / "w2.log", **settings
        ),
    ):
        deadline = time.monotonic() + 90
        while sum(len(mailbox.to(a)) for a in recipients) < JOBS:
            assert time.monotonic() < deadline, "the workers did not finish"
            time.sleep(0.2)
        time.sleep(1)  # any duplicate would arrive now
    delivered = [m["To"] for m in mailbox.messages if str(m["To"]) in recipients]
    assert sorted(map(str, delivered)) == sorted(recipients)
    # Each worker logs the emails it sent: both took a share.
    shares = [
        sum(
            address in line
            for line in (tmp_path / log).read_text().splitlines()
            if "email_sent" in line
            for address in recipients
        )
        for log in ("w1.log", "w2.log")
    ]
    assert sum(shares) == JOBS
    assert all(share > 0 for share in shares), shares
