"""Idempotency keys that recover from faults (issue 9).

Revision ID: 0004_idempotency
Revises: 0003_privacy
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import run_sql_file

revision = "0004_idempotency"
down_revision = "0003_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0004/up.sql")


def downgrade() -> None:
    run_sql_file("0004/down.sql")
