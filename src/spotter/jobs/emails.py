"""Sending email from the worker, minting the token of its link if it has one."""

from __future__ import annotations

import secrets
from typing import Any, NotRequired, TypedDict, Unpack

import procrastinate
import psycopg
import structlog

from spotter.auth.tokens import token_hash
from spotter.emails.links import LIFETIMES, TokenLink, link_url
from spotter.emails.messages import RenderedEmail, render
from spotter.emails.sender import Mailer
from spotter.jobs.context import job_settings
from spotter.jobs.db import pool_of

log = structlog.get_logger(__name__)


class LinkGoneError(Exception):
    """The account or invitation the link was for no longer exists."""


async def mint_token(conn: psycopg.AsyncConnection[Any], link: TokenLink, email: str) -> str:
    """A new single-use token for `link`, sent to `email`; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    try:
        await conn.execute(
            "INSERT INTO account_tokens (token_hash, purpose, user_id, invitation_id, email,"
            " expires_at) VALUES (%s, %s, %s, %s, lower(btrim(%s)), now() + %s)",
            (
                token_hash(token),
                link.purpose,
                link.user_id,
                link.invitation_id,
                email,
                LIFETIMES[link.purpose],
            ),
        )
    except psycopg.errors.ForeignKeyViolation as exc:
        raise LinkGoneError(link.purpose) from exc
    return token


class EmailJob(TypedDict):
    """The arguments of an `emails.send` job, as queued."""

    to: str
    kind: str
    language: str
    params: dict[str, str]
    link: NotRequired[dict[str, Any] | None]


async def compose(
    conn: psycopg.AsyncConnection[Any], public_url: str, job: EmailJob
) -> RenderedEmail:
    """The email as it will be sent; a link's token is minted in `conn`'s
    transaction, so it exists once that commits."""
    url = public_url
    link = job.get("link")
    if link is not None:
        spec = TokenLink.from_args(link)
        url = link_url(public_url, spec.purpose, await mint_token(conn, spec, job["to"]))
    return render(job["kind"], job["language"], url, **job["params"])


async def send_email(context: procrastinate.JobContext, **job: Unpack[EmailJob]) -> bool:
    settings = job_settings()
    try:
        # The token is committed before the email leaves: a link that works
        # is never lost to a crash between the two. A retry mints another.
        async with pool_of(context).connection() as conn:
            email = await compose(conn, settings.public_url, job)
    except LinkGoneError:
        log.info("email_skipped_link_gone", kind=job["kind"])
        return False
    return await Mailer(settings.smtp_url, settings.mail_from).send(job["to"], email)


def register(app: procrastinate.App) -> None:
    app.task(name="emails.send", queue="emails", pass_context=True, retry=5)(send_email)
