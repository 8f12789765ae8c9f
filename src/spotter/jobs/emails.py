"""Sending email from the worker."""

from __future__ import annotations

import procrastinate

from spotter.emails.messages import render
from spotter.emails.sender import Mailer
from spotter.jobs.context import job_settings


async def send_email(
    context: procrastinate.JobContext,
    to: str,
    kind: str,
    language: str,
    params: dict[str, str],
) -> bool:
    settings = job_settings()
    email = render(kind, language, settings.public_url, **params)
    return await Mailer(settings.smtp_url, settings.mail_from).send(to, email)


def register(app: procrastinate.App) -> None:
    app.task(name="emails.send", queue="emails", pass_context=True, retry=5)(send_email)
