"""Incremental personal records and a flat audit log (issue 12).

Revision ID: 0005_speed
Revises: 0004_idempotency
Create Date: 2026-11-30
"""

from spotter.db.migrations.sql import run_sql_file

revision = "0005_speed"
down_revision = "0004_idempotency"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0005/up.sql")


def downgrade() -> None:
    run_sql_file("0005/down.sql")
