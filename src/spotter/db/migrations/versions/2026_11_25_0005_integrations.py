"""Jobs deferred in the request's transaction; outbox dispatch; reminders.

Revision ID: 0005_integrations
Revises: 0004_training
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import run_sql_file

revision = "0005_integrations"
down_revision = "0004_training"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0005_integrations_up.sql")


def downgrade() -> None:
    run_sql_file("0005_integrations_down.sql")
