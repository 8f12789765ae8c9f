"""The whole schema: the seed's design with DESIGN.md's changes, roles and
row-level security, and procrastinate's job queue.

One SQL file per domain in ``0001/``, run in name order: each holds its
tables, indexes, triggers, functions, grants and policies, with a header
saying what is in it. ``00_foundation.sql`` comes first (extensions, the
request identity, the app role, shared functions); ``90_stats.sql`` last.
``0001/down.sql`` removes it all. Later changes are small dated revisions.

Revision ID: 0001_schema
Revises:
Create Date: 2026-11-25
"""

from alembic import op
from procrastinate.schema import SchemaManager

from spotter.db.migrations.sql import VERSIONS, run_sql, run_sql_file

revision = "0001_schema"
down_revision = None
branch_labels = None
depends_on = None

FOLDER = VERSIONS / "0001"


def domain_files() -> list[str]:
    """The numbered per-domain files, in the order they run."""
    return sorted(f"0001/{path.name}" for path in FOLDER.glob("[0-9][0-9]_*.sql"))


def create_job_queue() -> None:
    # A schema of its own keeps the queue's ~20 objects apart from Spotter's
    # and makes its removal one statement. Workers connect with
    # search_path = procrastinate, public.
    op.execute("CREATE SCHEMA procrastinate")
    op.execute("SET LOCAL search_path = procrastinate, public")
    run_sql(SchemaManager.get_schema())
    op.execute("SET LOCAL search_path TO DEFAULT")


def upgrade() -> None:
    create_job_queue()
    for name in domain_files():
        run_sql_file(name)


def downgrade() -> None:
    run_sql_file("0001/down.sql")
