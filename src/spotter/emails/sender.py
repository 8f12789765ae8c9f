"""Sends email over SMTP with aiosmtplib (SPOTTER_SMTP_URL)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib
import structlog

from spotter.emails.messages import RenderedEmail

log = structlog.get_logger(__name__)


class Mailer:
    def __init__(self, smtp_url: str | None, sender: str) -> None:
        self.smtp_url = smtp_url
        self.sender = sender

    async def send(self, to: str, email: RenderedEmail) -> bool:
        """False when no SMTP server is configured (the email is logged)."""
        if not self.smtp_url:
            log.info("email_not_sent_no_smtp", to=to, subject=email.subject)
            return False
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = email.subject
        message["Message-ID"] = make_msgid(domain="spotter")
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")
        url = urlsplit(self.smtp_url)
        options = parse_qs(url.query)
        await aiosmtplib.send(
            message,
            hostname=url.hostname or "localhost",
            port=url.port or (465 if url.scheme == "smtps" else 25),
            username=unquote(url.username) if url.username else None,
            password=unquote(url.password) if url.password else None,
            use_tls=url.scheme == "smtps",
            start_tls=options.get("starttls", ["false"])[0].lower() == "true",
            timeout=30,
        )
        log.info("email_sent", to=to, subject=email.subject)
        return True
