"""A URL's host as the network will see it, and the IPv4 addresses hidden in IPv6.

Resolvers and HTTP clients read far more than dotted quads: `2852039166`,
`0xA9FEA9FE`, `0251.0376.0251.0376` and `169.254.43518` all mean
169.254.169.254, `localhost.` is `localhost`, and full-width digits become
ASCII under IDNA. A check that compares the text it was given misses them,
so every host is first brought to one canonical form: a compressed IP
literal, or a lower-case ASCII (punycode) name without the trailing dot. The
IPv4 rules are the WHATWG URL standard's, which browsers and curl follow.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote

import idna

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_DECIMAL = re.compile(r"^[0-9]+$")
_HEX = re.compile(r"^0x[0-9a-f]*$")
_OCTAL = re.compile(r"^0[0-7]+$")
# NAT64 prefixes (RFC 6052 well-known, RFC 8215 local-use) carry an IPv4
# address in their last 32 bits.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
# IPv4-compatible (::a.b.c.d, deprecated) and IPv4-translated (::ffff:0:a.b.c.d).
_V4_IN_LOW_BITS = (ipaddress.IPv6Network("::/96"), ipaddress.IPv6Network("::ffff:0:0:0/96"))


class InvalidHostError(ValueError):
    """The host is no valid address or name."""


def _ipv4_part(part: str) -> int:
    if _HEX.match(part):
        return int(part[2:] or "0", 16)
    if part.startswith("0") and len(part) > 1:
        if not _OCTAL.match(part):
            raise InvalidHostError(f"{part!r} is not an octal number")
        return int(part, 8)
    if _DECIMAL.match(part):
        return int(part)
    raise InvalidHostError(f"{part!r} is not a number")


def _ends_in_a_number(labels: list[str]) -> bool:
    last = labels[-1]
    return bool(_DECIMAL.match(last) or _HEX.match(last))


def parse_ipv4(labels: list[str]) -> ipaddress.IPv4Address:
    """Dotted, short (127.1), decimal, hex, octal or mixed, as inet_aton reads them."""
    if len(labels) > 4 or "" in labels:
        raise InvalidHostError("an IPv4 address has at most four non-empty parts")
    numbers = [_ipv4_part(label) for label in labels]
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        raise InvalidHostError("an IPv4 part is out of range")
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def parse_ipv6(text: str) -> ipaddress.IPv6Address:
    """A bracketed literal's inside; a zone id (`%25eth0` in a URL) is refused:
    it only ever names a local interface."""
    if "%" in text:
        raise InvalidHostError("an IPv6 zone id names a local interface")
    try:
        return ipaddress.IPv6Address(text)
    except ValueError as exc:
        raise InvalidHostError(f"{text} is not an IPv6 address") from exc


def _ascii_name(host: str) -> str:
    if host.isascii():
        labels = host.split(".")
        if any(not _LABEL.match(label) for label in labels):
            raise InvalidHostError(f"{host} is not a valid host name")
        if any(label.startswith("xn--") for label in labels):
            _idna(host)  # the punycode itself must be valid
        return host
    return _idna(host)


def _idna(host: str) -> str:
    try:
        return idna.encode(host, uts46=True).decode("ascii").lower()
    except idna.IDNAError as exc:
        raise InvalidHostError(f"{host} is not a valid international name: {exc}") from exc


def canonical_host(raw: str) -> str | IpAddress:
    """The address or ASCII name `raw` (a URL's host, without brackets) means."""
    host = unquote(raw).strip().lower()
    if not host:
        raise InvalidHostError("the host is empty")
    if ":" in host:
        address = parse_ipv6(host)
        return address.ipv4_mapped or address
    # One trailing dot is the DNS root (`localhost.` is `localhost`). IDNA
    # before the IPv4 rules: it maps full-width digits and dots to ASCII.
    name = _ascii_name(host.removesuffix("."))
    labels = name.split(".")
    if len(name) > 253:
        raise InvalidHostError("the host name is too long")
    if _ends_in_a_number(labels):
        return parse_ipv4(labels)
    return name


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address routes to: mapped, compatible,
    translated, 6to4, Teredo (server and client) and NAT64."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    if any(address in network for network in (*_NAT64, *_V4_IN_LOW_BITS)):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found
