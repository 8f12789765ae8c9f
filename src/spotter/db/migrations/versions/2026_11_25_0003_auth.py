"""Sign-in lookups, the rate-limit counter, revocation on deactivation.

Revision ID: 0003_auth
Revises: 0002_job_queue
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import run_sql_file

revision = "0003_auth"
down_revision = "0002_job_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0003_auth_up.sql")


def downgrade() -> None:
    run_sql_file("0003_auth_down.sql")
