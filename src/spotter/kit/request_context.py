"""Who is calling from where: the client address and user agent."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request


@dataclass(frozen=True)
class ClientInfo:
    ip_address: str | None
    user_agent: str | None


def client_info(request: Request) -> ClientInfo:
    # uvicorn's proxy_headers already replaced the peer with the forwarded
    # address when the proxy is trusted (--forwarded-allow-ips).
    host = request.client.host if request.client else None
    try:
        ip = str(ipaddress.ip_address(host)) if host else None
    except ValueError:
        ip = None
    agent = request.headers.get("user-agent")
    return ClientInfo(ip_address=ip, user_agent=agent[:512] if agent else None)


async def request_client(request: Request) -> ClientInfo:
    # A dependency that is a plain `def` runs in a worker thread; this one
    # does no I/O, and the thread hop cost more than the work.
    return client_info(request)


ClientDep = Annotated[ClientInfo, Depends(request_client)]
