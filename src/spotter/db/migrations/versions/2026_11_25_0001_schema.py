"""The seed's schema with DESIGN.md's changes, roles and row-level security.

Revision ID: 0001_schema
Revises:
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import run_sql_file

revision = "0001_schema"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0001_schema_up.sql")
    run_sql_file("0001_security_up.sql")


def downgrade() -> None:
    run_sql_file("0001_down.sql")
