"""Settings from the environment: prefix SPOTTER_, plus the plain DATABASE_URL."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CommaList = Annotated[list[str], NoDecode]
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: object) -> dt.timedelta:
    """'90s', '5m', '24h', '1.5d' or plain seconds ('0.2')."""
    text = str(value).strip().lower()
    for unit in sorted(_UNITS, key=len, reverse=True):
        if text.endswith(unit):
            number = text[: -len(unit)]
            break
    else:
        unit, number = "s", text
    try:
        seconds = float(number) * _UNITS[unit]
    except ValueError as exc:
        raise ValueError(f"not a duration: {value!r} (use 30s, 5m, 24h)") from exc
    if seconds < 0:
        raise ValueError("durations cannot be negative")
    return dt.timedelta(seconds=seconds)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPOTTER_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "SPOTTER_DATABASE_URL"),
        description="PostgreSQL URL of the schema owner; unset starts the embedded server.",
    )
    app_database_url: str | None = Field(
        default=None,
        description="URL the server connects with; defaults to DATABASE_URL. "
        "Its role must be a member of spotter_app.",
    )
    data_dir: Path = Field(default=Path(".spotter"))
    env: Literal["development", "production"] = "development"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["auto", "json", "console"] = "auto"
    secret_key: SecretStr | None = None
    # Sized for a busy worker, with no overflow: connections opened for a
    # burst and closed right after cost more than the wait for a pooled one.
    db_pool_size: int = Field(default=20, ge=1, le=200)
    db_max_overflow: int = Field(default=0, ge=0, le=200)
    db_statement_timeout_ms: int = Field(default=15_000, ge=0)
    timezone: str = "Asia/Bangkok"

    # Sign-in and tokens.
    previous_secret_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    jwt_issuer: str = "spotter"
    jwt_audience: str = "spotter-api"
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86_400)
    refresh_token_ttl_days: int = Field(default=7, ge=1, le=90)
    refresh_reuse_grace_seconds: int = Field(default=5, ge=0, le=60)
    allow_trainer_signup: bool = True
    google_client_ids: CommaList = Field(default_factory=list)
    google_jwks_url: str = "https://www.googleapis.com/oauth2/v3/certs"
    # At most one refetch per this many seconds for tokens naming unknown keys.
    google_jwks_cooldown_seconds: float = Field(default=30, ge=0, le=3600)

    # Rate limits, in the `limits` notation ("10/minute").
    rate_limit_enabled: bool = True
    rate_limit_login: str = "10/minute"
    rate_limit_register: str = "20/hour"
    rate_limit_refresh: str = "60/minute"
    # Per account or address: password changes, reset and verification emails.
    rate_limit_password: str = "10/hour"  # noqa: S105  (a rate, not a password)
    rate_limit_default: str = "600/minute"
    redis_url: str | None = None

    # Email (SMTP; unset: emails are skipped and logged).
    smtp_url: str | None = Field(
        default=None, description="smtp://user:pass@host:587?starttls=true or smtps://host:465"
    )
    mail_from: str = "Spotter <no-reply@spotter.invalid>"
    public_url: str = Field(
        default="http://127.0.0.1:8000", description="Where people reach Spotter (in emails)."
    )

    # Reminders.
    reminder_lead: dt.timedelta = Field(default=dt.timedelta(hours=24))

    # Webhooks.
    webhook_allow_hosts: CommaList = Field(default_factory=list)
    webhook_retry_schedule: CommaList = Field(
        default_factory=lambda: ["5s", "5m", "30m", "2h", "5h", "10h", "10h"]
    )
    webhook_disable_after: int = Field(default=15, ge=1, le=1000)

    @field_validator("webhook_allow_hosts", "webhook_retry_schedule", mode="before")
    @classmethod
    def _split_lists(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("webhook_retry_schedule")
    @classmethod
    def _valid_schedule(cls, value: list[str]) -> list[str]:
        for step in value:
            parse_duration(step)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """An IANA name (Asia/Bangkok): a typo stops the start, not the first
        page that shows a date."""
        try:
            ZoneInfo(value)
        except (ValueError, ZoneInfoNotFoundError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("reminder_lead", mode="before")
    @classmethod
    def _lead(cls, value: object) -> object:
        return parse_duration(value) if isinstance(value, str) else value

    @property
    def webhook_retry_delays(self) -> list[dt.timedelta]:
        return [parse_duration(step) for step in self.webhook_retry_schedule]

    @field_validator("google_client_ids", "previous_secret_keys", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        """A list from the environment is one comma-separated string."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator(
        "rate_limit_login",
        "rate_limit_register",
        "rate_limit_refresh",
        "rate_limit_password",
        "rate_limit_default",
    )
    @classmethod
    def _valid_limit(cls, value: str) -> str:
        from limits import parse

        parse(value)  # raises ValueError with a readable message
        return value

    @property
    def log_as_json(self) -> bool:
        if self.log_format == "auto":
            return self.env == "production"
        return self.log_format == "json"


@lru_cache
def get_settings() -> Settings:
    return Settings()


def configure_logging(settings: Settings) -> None:
    from spotter.kit.logging import configure_logging as configure

    configure(level_name=settings.log_level, as_json=settings.log_as_json)


def secret_key(settings: Settings) -> str:
    """SPOTTER_SECRET_KEY, or the key generated once into the data directory."""
    from spotter.kit.secret_key import resolve_secret_key

    configured = settings.secret_key.get_secret_value() if settings.secret_key else None
    return resolve_secret_key(configured, settings.data_dir)
