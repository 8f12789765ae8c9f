"""Where webhooks may point, and a POST that cannot be turned against us.

- https only; http only for hosts in SPOTTER_WEBHOOK_ALLOW_HOSTS.
- The host is normalised first (`hosts.canonical_host`): every IPv4 and
  IPv6 notation, a trailing dot and IDNA all reach one form, so the same
  address check holds at save time and at delivery.
- Every address the host resolves to must be public (not private, loopback,
  link-local such as cloud metadata, multicast or reserved) unless the host
  is allowed. Saving checks literal addresses and local names; every
  delivery resolves the name and checks the address it actually connects to
  (no DNS rebinding in between).
- Redirects are not followed; 5 s to connect, 10 s in all; at most 64 KiB of
  the response is read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from spotter.webhooks.hosts import InvalidHostError, IpAddress, canonical_host, embedded_ipv4

CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 10.0
MAX_RESPONSE_BYTES = 64 * 1024


class UnsafeTargetError(ValueError):
    """The URL or one of its addresses is not allowed."""


def is_public(address: IpAddress) -> bool:
    """Public, and so is every IPv4 address an IPv6 one routes to (mapped,
    6to4, Teredo, NAT64...): 2002:a9fe:a9fe:: is cloud metadata too."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return _public(address.ipv4_mapped)
        if address.scope_id is not None:
            return False
        if not all(_public(inner) for inner in embedded_ipv4(address)):
            return False
    return _public(address)


def _public(address: IpAddress) -> bool:
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_link_local
    )


@dataclass(frozen=True)
class Target:
    """A webhook URL after normalising: `host` is a canonical IP literal or
    an ASCII name, and `url` is rebuilt from it."""

    url: str
    scheme: str
    host: str
    port: int
    allowed_host: bool
    address: IpAddress | None = None


def _canonical(host: str) -> str | IpAddress:
    try:
        return canonical_host(host)
    except InvalidHostError as exc:
        raise UnsafeTargetError(str(exc)) from exc


def _allowed(allow_hosts: list[str]) -> set[str]:
    """SPOTTER_WEBHOOK_ALLOW_HOSTS in the same canonical form (`127.1` and
    `127.0.0.1` are one host); an entry that is no host at all is ignored."""
    allowed: set[str] = set()
    for entry in allow_hosts:
        try:
            allowed.add(str(canonical_host(entry.strip().strip("[]"))))
        except InvalidHostError:
            continue
    return allowed


def parse_target(url: str, allow_hosts: list[str]) -> Target:
    """The URL's own rules, before any lookup."""
    try:
        parts = urlsplit(url.strip())
        raw_host = parts.hostname or ""
        explicit_port = parts.port
    except ValueError as exc:
        raise UnsafeTargetError("the URL's host or port is not valid") from exc
    if parts.scheme not in ("https", "http") or not raw_host:
        raise UnsafeTargetError("the URL must be https://host/...")
    if parts.username or parts.password or "@" in parts.netloc:
        raise UnsafeTargetError("the URL must not carry credentials")
    canonical = _canonical(raw_host)
    address = canonical if not isinstance(canonical, str) else None
    host = str(canonical)
    allowed = host in _allowed(allow_hosts)
    if parts.scheme == "http" and not allowed:
        raise UnsafeTargetError("the URL must use https")
    port = explicit_port or (443 if parts.scheme == "https" else 80)
    netloc = f"[{host}]" if isinstance(address, ipaddress.IPv6Address) else host
    if explicit_port is not None:
        netloc = f"{netloc}:{explicit_port}"
    normalised = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return Target(normalised, parts.scheme, host, port, allowed, address)


async def resolve(target: Target) -> list[IpAddress]:
    if target.address is not None:
        return [target.address]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeTargetError(f"the host {target.host} does not resolve") from exc
    return [ipaddress.ip_address(info[4][0]) for info in infos]


# Special-use names that never lead to a public host (RFC 6761, RFC 8375,
# and ICANN's private-use .internal).
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa")


async def check_target(url: str, allow_hosts: list[str]) -> Target:
    """At save time, without any DNS lookup: the URL's rules, literal
    addresses in every notation and special-use local names. Names are
    checked again, on the addresses they resolve to, every time a delivery
    connects."""
    target = parse_target(url, allow_hosts)
    if target.allowed_host:
        return target
    if target.address is not None and not is_public(target.address):
        raise UnsafeTargetError(f"{target.host} is not a public address")
    if target.host == "localhost" or target.host.endswith(LOCAL_SUFFIXES):
        raise UnsafeTargetError(f"{target.host} is a local name")
    return target


@dataclass(frozen=True)
class PostResult:
    status: int | None
    body: str
    duration_ms: int
    error: str | None


async def safe_post(
    url: str,
    content: bytes,
    headers: dict[str, str],
    allow_hosts: list[str],
    *,
    total_seconds: float = TOTAL_TIMEOUT,
) -> PostResult:
    started = time.perf_counter()

    def elapsed() -> int:
        return int((time.perf_counter() - started) * 1000)

    try:
        target = parse_target(url, allow_hosts)
        addresses = await resolve(target)
        usable = [a for a in addresses if target.allowed_host or is_public(a)]
        if not usable:
            raise UnsafeTargetError(f"{target.host} resolves only to non-public addresses")
        address = usable[0]
    except UnsafeTargetError as exc:
        return PostResult(None, "", elapsed(), f"refused: {exc}")
    parts = urlsplit(target.url)
    netloc = f"[{address}]" if address.version == 6 else str(address)
    direct = urlunsplit(
        (parts.scheme, f"{netloc}:{target.port}", parts.path or "/", parts.query, "")
    )
    request_headers = {**headers, "Host": parts.netloc}
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    limits = httpx.Timeout(total_seconds, connect=CONNECT_TIMEOUT)
    try:
        async with (
            asyncio.timeout(total_seconds),
            httpx.AsyncClient(timeout=limits, follow_redirects=False, trust_env=False) as client,
        ):
            request = client.build_request(
                "POST", direct, content=content, headers=request_headers, extensions=extensions
            )
            response = await client.send(request, stream=True)
            try:
                received = bytearray()
                async for chunk in response.aiter_bytes():
                    received += chunk[: MAX_RESPONSE_BYTES - len(received)]
                    if len(received) >= MAX_RESPONSE_BYTES:
                        break
            finally:
                await response.aclose()
        return PostResult(
            response.status_code, received.decode("utf-8", "replace"), elapsed(), None
        )
    except TimeoutError:
        return PostResult(None, "", elapsed(), f"timed out after {total_seconds:g} s")
    except httpx.HTTPError as exc:
        return PostResult(None, "", elapsed(), f"{type(exc).__name__}: {exc}"[:500])
