"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import psycopg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger(__name__)


class ProblemError(Exception):
    """A domain error that knows its HTTP status. Raise it from services."""

    status: int = 400
    title: str | None = None
    # Commit the request's transaction before answering with this error.
    commit_transaction: bool = False

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title
        self.headers = headers or {}
        self.extra = extra


class NotFoundError(ProblemError):
    status = 404

    def __init__(self, what: str = "resource", **extra: Any) -> None:
        super().__init__(f"The {what} does not exist or is not yours.", **extra)


class ConflictError(ProblemError):
    status = 409


class ForbiddenError(ProblemError):
    status = 403


class UnprocessableError(ProblemError):
    """A 422 for a rule a schema cannot express; names the field."""

    status = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, errors=[{"field": field, "message": message}])


class UnauthorizedError(ProblemError):
    status = 401

    def __init__(self, detail: str = "Sign in first.", **extra: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extra)


class RateLimitedError(ProblemError):
    status = 429


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _field_path(location: Sequence[Any]) -> str:
    return ".".join(str(part) for part in location)


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    return [
        {"field": _field_path(error.get("loc", ())), "message": str(error.get("msg", ""))}
        for error in exc.errors()
    ]


async def _on_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status, exc.detail, title=exc.title, headers=exc.headers, **exc.extra
    )


async def _on_http_exception(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem_response(exc.status_code, str(exc.detail), headers=exc.headers)


async def _on_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc)
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return problem_response(422, f"Invalid input: {fields}", errors=errors)


# PostgreSQL error classes a client can cause with well-formed but
# conflicting or out-of-range input. Everything else stays a 500.
_CONFLICT = (409, "The request conflicts with an existing resource.")
_RETRY = (409, "The request conflicted with a concurrent change; retry it.")
_SQLSTATE_ANSWERS = {
    # unique and exclusion violations; serialization failure and deadlock
    **dict.fromkeys(("23505", "23P01"), _CONFLICT),
    **dict.fromkeys(("40001", "40P01"), _RETRY),
    "23503": (409, "A referenced resource does not exist or is still in use."),
    "23514": (422, "A value is outside what is allowed."),
    "23502": (422, "A required value is missing."),
    "22003": (422, "A number is out of range."),
    "22001": (422, "A text value is too long."),
    "22007": (422, "A date or time is not valid."),
    "22008": (422, "A date or time is out of range."),
    # insufficient privilege: a row-level security check refused the row
    "42501": (404, "Not found."),
}


# Seconds a client should wait before retrying while the database is away.
RETRY_AFTER_SECONDS = 5
# Connection exceptions (08), operator intervention such as a shutdown or a
# restart in progress (57P), and a cancelled statement (57014).
_UNAVAILABLE_SQLSTATES = ("08", "57P", "57014")


def database_unavailable(exc: BaseException) -> bool:
    """Whether `exc` means the database cannot answer now (as opposed to
    refusing this request): the client should retry later. A request that
    loses its connection mid-way often fails twice (the statement, then the
    rollback on the dead connection), so the causes are looked at too."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if _says_unavailable(current):
            return True
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


def _says_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, PoolTimeoutError | ConnectionError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        exc = exc.orig if exc.orig is not None else exc
    if not isinstance(exc, psycopg.Error):
        return False
    sqlstate = exc.sqlstate
    if sqlstate is None:
        # psycopg gives no SQLSTATE when it cannot reach the server at all,
        # or when the connection broke under it.
        return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)
    return str(sqlstate).startswith(_UNAVAILABLE_SQLSTATES)


def unavailable_response() -> JSONResponse:
    return problem_response(
        503,
        "The database is unavailable; retry shortly.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def error_response(exc: BaseException) -> JSONResponse:
    """The answer to an exception no route turned into one: 503 while the
    database is away, the 4xx of a refusal the database made, else 500.
    Also used by middleware that runs outside the app's handlers."""
    if database_unavailable(exc):
        log.warning("database_unavailable", error=type(exc).__name__)
        return unavailable_response()
    if isinstance(exc, DBAPIError):
        sqlstate = getattr(exc.orig, "sqlstate", None)
        answer = _SQLSTATE_ANSWERS.get(sqlstate or "")
        if answer is not None:
            status, detail = answer
            diag = getattr(exc.orig, "diag", None)
            constraint = getattr(diag, "constraint_name", None)
            extra = {"constraint": constraint} if constraint and status != 404 else {}
            log.info(
                "database_refusal", sqlstate=sqlstate, constraint=constraint, error=str(exc.orig)
            )
            return problem_response(status, detail, **extra)
    log.error("unhandled_error", error=type(exc).__name__, exc_info=exc)
    return problem_response(500, "An unexpected error occurred.")


async def _on_database_error(_: Request, exc: Exception) -> JSONResponse:
    return error_response(exc)


async def _on_unexpected(_: Request, exc: Exception) -> JSONResponse:
    return error_response(exc)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(DBAPIError, _on_database_error)
    app.add_exception_handler(Exception, _on_unexpected)
