"""Privacy and search: private exercises, roster consent in the database,
spelling-tolerant exercise search (issue 9).

Revision ID: 0003_privacy
Revises: 0002_accounts
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import run_sql_file

revision = "0003_privacy"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0003/up.sql")


def downgrade() -> None:
    run_sql_file("0003/down.sql")
