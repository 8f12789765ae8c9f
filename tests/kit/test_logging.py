"""A request that raises must never hold up the event loop with its
traceback: formatting and writing happen on the log writer thread, and the
text is bounded (no locals, the innermost frames, a size cap)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import structlog

from spotter.kit.logging import (
    MAX_EXCEPTION_CHARS,
    NonBlockingQueueHandler,
    configure_logging,
    flush_logs,
)

SECRET_LOCAL = "a-local-variable-that-must-never-be-logged"


class HugeError(Exception):
    """Its text is 500 kB, and it notes which thread asked for it."""

    formatted_on: list[str] = []  # noqa: RUF012  (a record shared on purpose)

    def __str__(self) -> str:
        HugeError.formatted_on.append(threading.current_thread().name)
        return "x" * 500_000


def _deep(n: int) -> None:
    local_value = SECRET_LOCAL * 1000  # noqa: F841  (a large local, for the formatter to skip)
    if n == 0:
        raise HugeError()
    _deep(n - 1)


@pytest.fixture(params=["console", "json"])
def configured(request: pytest.FixtureRequest, capfd: pytest.CaptureFixture[str]) -> Iterator[None]:
    # Set up after capfd, so the writer writes where the test reads.
    configure_logging(level_name="info", as_json=request.param == "json")
    HugeError.formatted_on.clear()
    yield
    flush_logs()


@contextmanager
def only_the_servers_handlers() -> Iterator[None]:
    """pytest's own log capture (added for each test phase) formats on the
    caller's thread; the server has no such handler."""
    root = logging.getLogger()
    kept = root.handlers[:]
    root.handlers[:] = [h for h in kept if isinstance(h, NonBlockingQueueHandler)]
    assert root.handlers
    try:
        yield
    finally:
        root.handlers[:] = kept


def test_a_huge_traceback_is_formatted_off_the_callers_thread_and_bounded(
    configured: None, capfd: pytest.CaptureFixture[str]
) -> None:
    log = structlog.get_logger("spotter.test")
    with only_the_servers_handlers():
        try:
            _deep(200)
        except HugeError:
            log.exception("unhandled_error", path="/schedules")
    caller = threading.current_thread().name
    # Nothing of the exception was formatted while the caller waited.
    assert caller not in HugeError.formatted_on
    flush_logs()
    written = capfd.readouterr().err
    assert HugeError.formatted_on
    assert caller not in HugeError.formatted_on
    assert "unhandled_error" in written
    assert "HugeError" in written
    assert SECRET_LOCAL not in written
    assert len(written) < MAX_EXCEPTION_CHARS + 4_000


def test_standard_library_records_go_through_the_same_writer(
    configured: None, capfd: pytest.CaptureFixture[str]
) -> None:
    with only_the_servers_handlers():
        try:
            _deep(5)
        except HugeError:
            logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    assert threading.current_thread().name not in HugeError.formatted_on
    flush_logs()
    written = capfd.readouterr().err
    assert "Exception in ASGI application" in written
    assert len(written) < MAX_EXCEPTION_CHARS + 4_000
