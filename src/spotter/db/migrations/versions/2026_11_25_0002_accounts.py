"""Email verification and password-reset tokens (issue 9).

Revision ID: 0002_accounts
Revises: 0001_schema
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import run_sql_file

revision = "0002_accounts"
down_revision = "0001_schema"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0002/up.sql")


def downgrade() -> None:
    run_sql_file("0002/down.sql")
