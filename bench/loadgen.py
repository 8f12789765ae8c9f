"""A closed-loop HTTP/1.1 load generator over loopback.

The built-in one keeps N keep-alive connections, each sending its next
request as soon as the previous answer is complete, on raw asyncio
protocols (uvloop when installed): no HTTP client library on the path, so
one core drives well over what one uvicorn worker serves. It reports the
share of a core it used itself, so a run shows whether it could have been
the bottleneck.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import cast

try:
    import uvloop
except ImportError:  # pragma: no cover  (uvicorn[standard] brings it)
    uvloop = None  # type: ignore[assignment]


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    statuses: dict[int, int]
    generator_cpu: float  # share of one core the generator used

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def request_bytes(
    method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class _Connection(asyncio.Protocol):
    """One keep-alive connection sending `request` again after each answer."""

    def __init__(self, run: _Run, request: bytes) -> None:
        self.run, self.request = run, request
        self.buffer = bytearray()
        self.sent = 0
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses.
        self.transport = cast(asyncio.Transport, transport)
        self._send()

    def _send(self) -> None:
        assert self.transport is not None
        if not self.run.may_send():
            self.transport.close()
            return
        self.sent = time.perf_counter_ns()
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            status = int(head[9:12])
            length_at = head.find(b"\ncontent-length:")
            if length_at >= 0:
                stop = head.find(b"\r", length_at + 1)
                length = int(head[length_at + 16 : stop if stop > 0 else None])
                if len(self.buffer) < end + 4 + length:
                    return
                del self.buffer[: end + 4 + length]
            else:  # chunked: wait for the last chunk
                last = self.buffer.find(b"\r\n0\r\n\r\n", end)
                if last < 0:
                    return
                del self.buffer[: last + 7]
            self.run.record(status, time.perf_counter_ns() - self.sent)
            self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(None)


class _Run:
    def __init__(self, deadline: float, limit: int | None) -> None:
        self.deadline, self.limit = deadline, limit
        self.latencies: list[int] = []
        self.statuses: dict[int, int] = {}
        self.started = 0

    def may_send(self) -> bool:
        if time.perf_counter() >= self.deadline:
            return False
        if self.limit is not None and self.started >= self.limit:
            return False
        self.started += 1
        return True

    def record(self, status: int, nanoseconds: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.latencies.append(nanoseconds)


async def _drive(
    port: int, requests: list[bytes], connections: int, seconds: float, limit: int | None
) -> LoadResult:
    loop = asyncio.get_running_loop()
    run = _Run(time.perf_counter() + seconds, limit)
    cpu, wall = time.process_time(), time.perf_counter()
    protocols = []
    for n in range(connections):
        request = requests[n % len(requests)]
        _, protocol = await loop.create_connection(
            lambda request=request: _Connection(run, request),  # type: ignore[misc]
            "127.0.0.1",
            port,
        )
        protocols.append(protocol)
    await asyncio.gather(*(p.done for p in protocols))
    elapsed = time.perf_counter() - wall
    errors = sum(count for status, count in run.statuses.items() if status >= 400)
    return LoadResult(
        requests=len(run.latencies),
        seconds=elapsed,
        latencies_ms=[ns / 1e6 for ns in run.latencies],
        errors=errors,
        statuses=dict(run.statuses),
        generator_cpu=(time.process_time() - cpu) / elapsed,
    )


def run_load(
    port: int,
    requests: list[bytes],
    *,
    connections: int = 32,
    seconds: float = 5.0,
    limit: int | None = None,
) -> LoadResult:
    """Keep `connections` connections busy for `seconds` (or until `limit`
    requests were sent). Connection n sends requests[n % len(requests)]."""
    coroutine = _drive(port, requests, connections, seconds, limit)
    if uvloop is not None:
        return uvloop.run(coroutine)
    return asyncio.run(coroutine)
