"""Search, usage counting, iCal tokens, notification announcements, stats access.

Revision ID: 0004_training
Revises: 0003_auth
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import run_sql_file

revision = "0004_training"
down_revision = "0003_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0004_training_up.sql")


def downgrade() -> None:
    run_sql_file("0004_training_down.sql")
