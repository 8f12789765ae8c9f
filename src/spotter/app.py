"""create_app(): the API and its middleware, error handlers and lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector
from sqlalchemy.engine import URL
from starlette.responses import RedirectResponse

from spotter import __version__, ops
from spotter.config import Settings, get_settings
from spotter.db import migrate
from spotter.db.session import Database, create_engine_for_app
from spotter.db.urls import app_url
from spotter.kit.errors import install_error_handlers
from spotter.kit.logging import configure_logging
from spotter.kit.middleware import Metrics, RequestContextMiddleware

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, database_url: URL | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)
    url = database_url or app_url(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = Database(create_engine_for_app(url, settings))
        try:
            yield
        finally:
            await app.state.database.dispose()

    app = FastAPI(
        title="Spotter API",
        version=__version__,
        description="Trainers, trainees, schedules, workouts and progress. "
        "Errors are RFC 9457 problem details; JSON fields are camelCase.",
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    registry = CollectorRegistry()
    for collector in (ProcessCollector, PlatformCollector, GCCollector):
        collector(registry=registry)
    app.state.metrics_registry = registry
    app.state.settings = settings
    app.state.expected_revision = migrate.head_revision(url)
    install_error_handlers(app)
    app.include_router(ops.router)

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/docs")

    app.add_middleware(RequestContextMiddleware, metrics=Metrics(registry))
    return app


def create_app_from_env() -> FastAPI:
    """Entry point for uvicorn's --factory, used by each worker process."""
    return create_app()
