"""procrastinate's job queue, in its own schema.

Revision ID: 0002_job_queue
Revises: 0001_schema
Create Date: 2026-11-25
"""

from alembic import op
from procrastinate.schema import SchemaManager

from spotter.db.migrations.sql import run_sql

revision = "0002_job_queue"
down_revision = "0001_schema"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A schema of its own keeps the queue's ~20 objects apart from Spotter's
    # and makes the downgrade one statement. Workers connect with
    # search_path = procrastinate, public.
    op.execute("CREATE SCHEMA procrastinate")
    op.execute("SET LOCAL search_path = procrastinate, public")
    run_sql(SchemaManager.get_schema())
    op.execute("SET LOCAL search_path TO DEFAULT")


def downgrade() -> None:
    op.execute("DROP SCHEMA procrastinate CASCADE")
