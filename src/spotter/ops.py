"""Operational endpoints: liveness, readiness, metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from starlette.responses import JSONResponse, Response

from spotter.db.session import Database
from spotter.kit.errors import problem_response

router = APIRouter(tags=["ops"])
SCHEMA_REVISION = text("SELECT version_num FROM alembic_version")


async def schema_revision(database: Database) -> str | None:
    """The migration the database is at; raises when the database does not answer."""
    async with database.transaction() as session:
        revision: str | None = (await session.execute(SCHEMA_REVISION)).scalar_one_or_none()
    return revision


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: the database answers and its schema is current",
    responses={503: {"description": "Not ready", "content": {"application/problem+json": {}}}},
)
async def readyz(request: Request) -> Response:
    try:
        revision = await schema_revision(request.app.state.database)
    except Exception as exc:  # any database failure means "not ready"
        return problem_response(503, f"Database unavailable: {type(exc).__name__}")
    expected = request.app.state.expected_revision
    if expected is not None and revision != expected:
        return problem_response(503, f"Schema at {revision}, expected {expected}")
    return JSONResponse({"status": "ready", "schemaRevision": revision})


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    return Response(
        generate_latest(request.app.state.metrics_registry), media_type=CONTENT_TYPE_LATEST
    )
