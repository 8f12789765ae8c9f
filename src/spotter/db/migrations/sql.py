"""Run a revision's SQL file through the raw driver.

The files hold PL/pgSQL with ``%`` and JSON with ``:``, which SQLAlchemy's
text() and the driver's placeholders would misread; with no parameters,
psycopg sends the text as it is.
"""

from __future__ import annotations

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
