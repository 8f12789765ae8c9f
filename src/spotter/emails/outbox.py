"""Asking for an email from a request: a job in the request's transaction,
so nothing is sent for a request that fails."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from spotter.emails.links import TokenLink
from spotter.jobs.enqueue import enqueue


async def send_later(
    session: AsyncSession,
    *,
    to: str,
    kind: str,
    language: str,
    params: dict[str, str] | None = None,
    link: TokenLink | None = None,
) -> None:
    """Queue email `kind` for `to`; with `link`, the worker mints its token."""
    extra = {"link": link.as_args()} if link is not None else {}
    await enqueue(
        session,
        "emails.send",
        "emails",
        to=to,
        kind=kind,
        language=language,
        params=params or {},
        **extra,
    )
