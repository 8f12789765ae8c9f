"""Rate limits as dependencies: the default group on every API route, and
stricter groups on sign-in, registration and refresh."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from spotter.kit.errors import RateLimitedError
from spotter.kit.request_context import client_info
from spotter.rate_limits.limiter import Decision, Limiter, Policy


def _limiter(request: Request) -> Limiter | None:
    limiter: Limiter | None = request.app.state.limiter
    return limiter


async def enforce(
    request: Request,
    response: Response | None,
    policy: Policy,
    bucket: str,
    user_id: uuid.UUID | None = None,
    by_ip: bool = True,
) -> None:
    limiter = _limiter(request)
    if limiter is None:
        return
    ip = client_info(request).ip_address
    decision: Decision = await limiter.hit(policy, bucket, user_id, ip if by_ip else None)
    if not decision.allowed:
        raise RateLimitedError(
            f"Too many requests; try again in {decision.reset_seconds} s.",
            headers=decision.headers(),
        )
    if response is not None:
        response.headers.update(decision.headers())


def email_bucket(group: str, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"{group}:email:{digest}"


def group_limit(group: str) -> Callable[[Request, Response], Awaitable[None]]:
    """A per-IP limit for an anonymous group (login, register, refresh)."""

    async def dependency(request: Request, response: Response) -> None:
        policy: Policy = request.app.state.rate_policies[group]
        await enforce(request, response, policy, group)

    return dependency


async def default_limit(request: Request, response: Response) -> None:
    """Per signed-in user (by the token's subject), else per IP address."""
    policy: Policy = request.app.state.rate_policies["default"]
    user_id = None
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        try:
            user_id = request.app.state.tokens.decode_access(authorization[7:].strip()).user_id
        except Exception:  # an invalid token is counted by IP; auth answers 401 later
            user_id = None
    await enforce(request, response, policy, "default", user_id=user_id)
