"""Where webhooks may point: checked on save and at connect time, without
ever connecting to a refused address."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from spotter.webhooks.safety import (
    MAX_RESPONSE_BYTES,
    UnsafeTargetError,
    check_target,
    is_public,
    safe_post,
)
from tests.api.helpers import API, register

REFUSED = [
    "https://10.0.0.5/hook",
    "https://172.16.3.4/hook",
    "https://192.168.1.10/hook",
    "https://127.0.0.1/hook",
    "https://[::1]/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://[fe80::1]/hook",
    "https://[::ffff:10.0.0.1]/hook",
    "https://0.0.0.0/hook",
    "https://224.0.0.1/hook",
    "https://localhost/hook",
    "https://printer.local/hook",
    "https://db.internal/hook",
    "http://hooks.example.com/plain-http",
    "ftp://hooks.example.com/",
    "https://user:pass@hooks.example.com/",
]


@pytest.mark.parametrize("url", REFUSED)
async def test_unsafe_targets_are_refused_on_save(url: str) -> None:
    with pytest.raises(UnsafeTargetError):
        await check_target(url, allow_hosts=[])


async def test_allowed_hosts_may_use_http_and_private_addresses() -> None:
    target = await check_target("http://127.0.0.1:9000/x", allow_hosts=["127.0.0.1"])
    assert target.allowed_host


def test_public_addresses_are_public() -> None:
    import ipaddress

    assert is_public(ipaddress.ip_address("203.0.113.9")) is False  # documentation range
    assert is_public(ipaddress.ip_address("8.8.8.8")) is True
    assert is_public(ipaddress.ip_address("2606:4700:4700::1111")) is True


@pytest.mark.parametrize(
    "url", ["https://10.0.0.5/hook", "https://169.254.169.254/x", "https://[::1]/x"]
)
async def test_the_api_refuses_unsafe_urls_with_422(client: httpx.AsyncClient, url: str) -> None:
    owner = await register(client, "trainer")
    response = await client.post(
        f"{API}/webhooks", json={"url": url, "events": ["workout.logged"]}, headers=owner.headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.url"


@pytest.fixture
def listener() -> Iterator[tuple[int, list[int]]]:
    """A bare TCP listener on 127.0.0.1 that counts connections."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    accepted: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1], accepted
    stop.set()
    thread.join()
    sock.close()


async def test_connect_time_refusal_never_connects(listener: tuple[int, list[int]]) -> None:
    port, accepted = listener
    result = await safe_post(f"https://127.0.0.1:{port}/x", b"{}", {}, allow_hosts=[])
    assert result.status is None
    assert result.error is not None
    assert result.error.startswith("refused")
    await asyncio.sleep(0.3)
    assert accepted == []


def _serve(handler: type) -> tuple[str, object]:
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


async def test_redirects_are_not_followed_and_bodies_are_capped() -> None:
    from http.server import BaseHTTPRequestHandler

    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            hits.append(self.path)
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b"x" * (MAX_RESPONSE_BYTES * 4)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return

    base, server = _serve(Handler)
    try:
        redirected = await safe_post(f"{base}/redirect", b"{}", {}, allow_hosts=["127.0.0.1"])
        assert redirected.status == 302
        assert hits == ["/redirect"]
        big = await safe_post(f"{base}/big", b"{}", {}, allow_hosts=["127.0.0.1"])
        assert big.status == 200
        assert len(big.body) == MAX_RESPONSE_BYTES
    finally:
        server.shutdown()  # type: ignore[attr-defined]


async def test_a_slow_endpoint_times_out() -> None:
    from http.server import BaseHTTPRequestHandler

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            import time

            time.sleep(2)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            return

    base, server = _serve(Slow)
    try:
        result = await safe_post(
            f"{base}/", b"{}", {}, allow_hosts=["127.0.0.1"], total_seconds=0.5
        )
        assert result.status is None
        assert result.error is not None
        assert "timed out" in result.error
    finally:
        server.shutdown()  # type: ignore[attr-defined]
