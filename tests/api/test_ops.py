"""Operational endpoints and the error format, through the real app."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Query
from sqlalchemy.engine import URL

from spotter.db import migrate

PROBLEM = "application/problem+json"


async def test_healthz_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_the_database_and_its_revision(
    client: httpx.AsyncClient, database_url: URL
) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["schemaRevision"] == migrate.head_revision(database_url)


async def test_openapi_and_docs_are_served(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert spec["info"]["title"] == "Spotter API"
    assert "/healthz" in spec["paths"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text


async def test_metrics_count_requests_by_route_template(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    metrics = (await client.get("/metrics")).text
    assert 'spotter_http_requests_total{method="GET",route="/healthz",status="200"}' in metrics
    assert "spotter_http_request_duration_seconds_bucket" in metrics


async def test_an_unknown_route_is_a_problem_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 404
    assert response.json()["title"] == "Not Found"


async def test_a_wrong_method_is_a_problem_json_405(client: httpx.AsyncClient) -> None:
    response = await client.post("/healthz")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    generated = await client.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 32
    echoed = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    unsafe = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"


@pytest.fixture
def probe_app(app: FastAPI) -> FastAPI:
    """The real app plus routes that fail on purpose, to pin the error format."""
    probe = FastAPI()
    probe.router.routes.extend(app.router.routes)
    probe.exception_handlers.update(app.exception_handlers)

    @probe.get("/probe/validated")
    async def validated(limit: int = Query(ge=1, le=100)) -> dict[str, int]:
        return {"limit": limit}

    @probe.get("/probe/crash")
    async def crash() -> None:
        raise RuntimeError("secret internals")

    return probe


async def test_validation_errors_are_422_problems_naming_the_field(probe_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=probe_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/probe/validated", params={"limit": "500"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["errors"][0]["field"] == "query.limit"
    assert "query.limit" in body["detail"]


async def test_an_unexpected_error_is_a_500_problem_without_internals(probe_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=probe_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/probe/crash")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert "secret" not in response.text
