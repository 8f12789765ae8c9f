"""Where webhooks may point: checked on save and at connect time, without
ever connecting to a refused address."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from spotter.webhooks.hosts import canonical_host, embedded_ipv4
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


# The same private addresses in the other notations resolvers and HTTP
# clients accept; all are refused at save time, without any lookup.
DISGUISED = [
    "https://2852039166/",  # decimal 169.254.169.254
    "https://0xA9FEA9FE/",  # hex
    "https://0xa9.0xfe.0xa9.0xfe/",
    "https://0251.0376.0251.0376/",  # octal
    "https://0251.254.43518/",  # mixed octal, decimal and a short form
    "https://127.1/",  # short form of 127.0.0.1
    "https://10.1/",
    "https://0/",
    "https://%31%32%37.0.0.1/",  # percent-encoded
    "https://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/",  # full-width 127.0.0.1
    "https://169.254.169.254./",  # trailing dot
    "https://localhost./",
    "https://LOCALHOST/",
    "https://printer.local./",
    "https://[::ffff:169.254.169.254]/",  # IPv4-mapped
    "https://[::ffff:a9fe:a9fe]/",
    "https://[::169.254.169.254]/",  # IPv4-compatible
    "https://[::ffff:0:a9fe:a9fe]/",  # IPv4-translated
    "https://[2002:a9fe:a9fe::]/",  # 6to4
    "https://[2002:7f00:1::1]/",
    "https://[64:ff9b::a9fe:a9fe]/",  # NAT64
    "https://[64:ff9b::10.0.0.1]/",
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
    "https://[fe80::1%25eth0]/",  # zone id
    "https://[::1%25lo]/",
]
# Hosts that are no host at all.
MALFORMED = [
    "https://1.2.3.4.5/",
    "https://256.0.0.1/",
    "https://0x100000000/",
    "https://1.2.3.09/",  # 09 is no octal number
    "https://a..example.com/",
    "https://-bad.example.com/",
    "https://xn--zz.example/",  # invalid punycode
    "https://exa\u2488mple.com/",  # IDNA-disallowed character
    "https://[::1/",
    "https://hooks.example.com:99999/",
]


@pytest.mark.parametrize("url", REFUSED + DISGUISED + MALFORMED)
async def test_unsafe_targets_are_refused_on_save(url: str) -> None:
    with pytest.raises(UnsafeTargetError):
        await check_target(url, allow_hosts=[])


@pytest.mark.parametrize(
    ("host", "canonical"),
    [
        ("2852039166", "169.254.169.254"),
        ("0xA9FEA9FE", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("169.254.43518", "169.254.169.254"),
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("169.254.169.254.", "169.254.169.254"),
        ("::ffff:169.254.169.254", "169.254.169.254"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("Hooks.Example.COM.", "hooks.example.com"),
        ("b\u00fccher.example", "xn--bcher-kva.example"),
        ("สปอตเตอร์.example", "xn--m3caq8a5atc4mpe.example"),
    ],
)
def test_hosts_are_normalised_before_the_check(host: str, canonical: str) -> None:
    assert str(canonical_host(host)) == canonical


def test_embedded_ipv4_addresses_are_found() -> None:
    metadata = ipaddress.IPv4Address("169.254.169.254")
    for form in ("2002:a9fe:a9fe::", "64:ff9b::a9fe:a9fe", "::a9fe:a9fe", "::ffff:0:a9fe:a9fe"):
        assert metadata in embedded_ipv4(ipaddress.IPv6Address(form))
    teredo = embedded_ipv4(ipaddress.IPv6Address("2001:0:4136:e378:8000:63bf:3fff:fdd2"))
    assert ipaddress.IPv4Address("192.0.2.45") in teredo
    assert not is_public(ipaddress.IPv6Address("2002:a9fe:a9fe::1"))
    assert is_public(ipaddress.IPv6Address("2002:808:808::1"))


async def test_a_public_name_is_stored_normalised() -> None:
    target = await check_target("https://B\u00fccher.Example./hook?a=1", allow_hosts=[])
    assert target.url == "https://xn--bcher-kva.example/hook?a=1"
    assert target.host == "xn--bcher-kva.example"


async def test_allowed_hosts_match_in_any_notation() -> None:
    target = await check_target("http://127.1:9000/x", allow_hosts=["127.0.0.1"])
    assert target.allowed_host
    assert target.url == "http://127.0.0.1:9000/x"
    with pytest.raises(UnsafeTargetError):
        await check_target("http://127.0.0.2:9000/x", allow_hosts=["127.0.0.1"])


async def test_allowed_hosts_may_use_http_and_private_addresses() -> None:
    target = await check_target("http://127.0.0.1:9000/x", allow_hosts=["127.0.0.1"])
    assert target.allowed_host


def test_public_addresses_are_public() -> None:
    assert is_public(ipaddress.ip_address("203.0.113.9")) is False  # documentation range
    assert is_public(ipaddress.ip_address("8.8.8.8")) is True
    assert is_public(ipaddress.ip_address("2606:4700:4700::1111")) is True


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.5/hook",
        "https://169.254.169.254/x",
        "https://[::1]/x",
        "https://2852039166/x",
        "https://0xA9FEA9FE/x",
        "https://0251.0376.0251.0376/x",
        "https://127.1/x",
        "https://169.254.169.254./x",
        "https://localhost./x",
        "https://[::ffff:169.254.169.254]/x",
        "https://[2002:a9fe:a9fe::]/x",
        "https://[64:ff9b::a9fe:a9fe]/x",
        "https://xn--zz.example/x",
    ],
)
async def test_the_api_refuses_unsafe_urls_with_422(client: httpx.AsyncClient, url: str) -> None:
    owner = await register(client, "trainer")
    response = await client.post(
        f"{API}/webhooks", json={"url": url, "events": ["workout.logged"]}, headers=owner.headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.url"


async def test_the_api_refuses_a_disguised_url_on_update_too(client: httpx.AsyncClient) -> None:
    owner = await register(client, "trainer")
    created = await client.post(
        f"{API}/webhooks",
        json={"url": "https://hooks.example.com/x", "events": ["workout.logged"]},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    changed = await client.patch(
        f"{API}/webhooks/{created.json()['id']}",
        json={"url": "https://0xA9FEA9FE/latest"},
        headers=owner.headers,
    )
    assert changed.status_code == 422
    assert changed.json()["errors"][0]["field"] == "body.url"


async def test_the_api_stores_the_normalised_url(client: httpx.AsyncClient) -> None:
    owner = await register(client, "trainer")
    created = await client.post(
        f"{API}/webhooks",
        json={"url": "https://B\u00fccher.Example./hook", "events": ["workout.logged"]},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["url"] == "https://xn--bcher-kva.example/hook"


async def test_delivery_refuses_a_disguised_address_without_connecting(
    listener: tuple[int, list[int]],
) -> None:
    port, accepted = listener
    for host in ("127.1", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]", "localhost."):
        result = await safe_post(f"https://{host}:{port}/x", b"{}", {}, allow_hosts=[])
        assert result.error is not None
        assert result.error.startswith("refused"), result.error
    await asyncio.sleep(0.3)
    assert accepted == []


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
