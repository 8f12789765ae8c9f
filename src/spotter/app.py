"""create_app(): the API and its middleware, error handlers and lifespan."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector
from sqlalchemy.engine import URL

from spotter import __version__, clock, ops
from spotter.audit.router import router as audit_router
from spotter.auth.google import GoogleVerifier
from spotter.auth.router import router as auth_router
from spotter.auth.service import AuthConfig
from spotter.auth.tokens import TokenService
from spotter.body_weight.router import router as body_weight_router
from spotter.config import Settings, configure_logging, get_settings, secret_key
from spotter.db import migrate
from spotter.db.session import Database, create_engine_for_app
from spotter.db.urls import app_url, libpq_dsn
from spotter.exercises.router import router as exercises_router
from spotter.idempotency.middleware import IdempotencyMiddleware
from spotter.kit.errors import install_error_handlers
from spotter.kit.middleware import Metrics, RequestContextMiddleware
from spotter.kit.nul_bytes import RefuseNulBytes
from spotter.kit.openapi import install_problem_schema
from spotter.kit.routing import include_with_prefix_check
from spotter.notifications.router import router as notifications_router
from spotter.notifications.stream import NotificationHub
from spotter.programs.router import router as programs_router
from spotter.rate_limits.deps import default_limit
from spotter.rate_limits.limiter import Limiter, Policy, PostgresLimiter, RedisLimiter
from spotter.roster.router import router as roster_router
from spotter.schedules.router import router as schedules_router
from spotter.session_cards.router import router as session_cards_router
from spotter.stats.router import router as stats_router
from spotter.users.router import router as me_router
from spotter.web.install import install_web
from spotter.webhooks.router import router as webhooks_router
from spotter.workouts.router import router as workouts_router

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, database_url: URL | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)
    clock.configure(settings.timezone)
    url = database_url or app_url(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = Database(create_engine_for_app(url, settings))
        app.state.limiter = _limiter(settings, app.state.database)
        app.state.notification_hub = NotificationHub(libpq_dsn(url))
        try:
            yield
        finally:
            await app.state.notification_hub.close()
            if app.state.limiter is not None:
                await app.state.limiter.close()
            await app.state.database.dispose()

    app = FastAPI(
        title="Spotter API",
        version=__version__,
        description="Trainers, trainees, schedules, workouts and progress. "
        "Errors are RFC 9457 problem details; JSON fields are camelCase.",
        lifespan=lifespan,
        openapi_url="/openapi.json",
        # /docs and /redoc come from the web app, with vendored files.
        docs_url=None,
        redoc_url=None,
    )
    registry = CollectorRegistry()
    for collector in (ProcessCollector, PlatformCollector, GCCollector):
        collector(registry=registry)
    app.state.metrics_registry = registry
    app.state.settings = settings
    app.state.expected_revision = migrate.head_revision(url)
    _configure_auth(app, settings)
    install_error_handlers(app)
    install_problem_schema(app)
    app.include_router(ops.router)
    # Each domain is included in the app itself, not in an /api/v1 router in
    # between (FastAPI matches an included router's routes again at each
    # level), and turns away other paths on its prefix (kit/routing.py).
    for router in (
        auth_router,
        me_router,
        roster_router,
        exercises_router,
        schedules_router,
        workouts_router,
        session_cards_router,
        body_weight_router,
        programs_router,
        notifications_router,
        audit_router,
        stats_router,
        webhooks_router,
    ):
        include_with_prefix_check(
            app.router, router, API_PREFIX, dependencies=[Depends(default_limit)]
        )
    install_web(app, settings)

    # Outermost last: request ids and metrics see replays too.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(RefuseNulBytes)  # before anything stores the path or a header
    app.add_middleware(RequestContextMiddleware, metrics=Metrics(registry))
    return app


def _configure_auth(app: FastAPI, settings: Settings) -> None:
    tokens = TokenService(
        secret_key(settings),
        [key.get_secret_value() for key in settings.previous_secret_keys],
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_ttl=dt.timedelta(seconds=settings.access_token_ttl_seconds),
    )
    app.state.tokens = tokens
    app.state.auth_config = AuthConfig(
        tokens=tokens,
        refresh_ttl=dt.timedelta(days=settings.refresh_token_ttl_days),
        reuse_grace=dt.timedelta(seconds=settings.refresh_reuse_grace_seconds),
        allow_trainer_signup=settings.allow_trainer_signup,
    )
    app.state.google = GoogleVerifier(
        settings.google_client_ids,
        settings.google_jwks_url,
        cooldown=settings.google_jwks_cooldown_seconds,
    )
    app.state.rate_policies = {
        "login": Policy.parse("login", settings.rate_limit_login),
        "register": Policy.parse("register", settings.rate_limit_register),
        "refresh": Policy.parse("refresh", settings.rate_limit_refresh),
        "password": Policy.parse("password", settings.rate_limit_password),
        "default": Policy.parse("default", settings.rate_limit_default),
    }
    app.state.limiter = None


def _limiter(settings: Settings, database: Database) -> Limiter | None:
    if not settings.rate_limit_enabled:
        return None
    if settings.redis_url:
        return RedisLimiter(settings.redis_url)
    return PostgresLimiter(database.engine)


def create_app_from_env() -> FastAPI:
    """Entry point for uvicorn's --factory, used by each worker process."""
    return create_app()
