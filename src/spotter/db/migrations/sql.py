"""Run a revision's SQL file through the raw driver.

The files hold PL/pgSQL with ``%`` and JSON with ``:``, which SQLAlchemy's
text() and the driver's placeholders would misread; with no parameters,
psycopg sends the text as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import op

VERSIONS = Path(__file__).parent / "versions"


def run_sql_file(name: str) -> None:
    run_sql((VERSIONS / name).read_text(encoding="utf-8"))


def run_sql(sql: str) -> None:
    dbapi_connection = op.get_bind().connection.dbapi_connection
    assert dbapi_connection is not None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


Step = Callable[[], None]


def folder_revision(revision: str, after: str) -> tuple[str, str, Step, Step]:
    """``revision``, ``down_revision``, ``upgrade`` and ``downgrade`` of a
    revision that is ``up.sql`` and ``down.sql`` in the folder named by the
    revision's number ("0003_privacy" runs ``0003/``), so each dated revision
    is its docstring and one line."""
    folder = revision.split("_", 1)[0]

    def upgrade() -> None:
        run_sql_file(f"{folder}/up.sql")

    def downgrade() -> None:
        run_sql_file(f"{folder}/down.sql")

    return revision, after, upgrade, downgrade
