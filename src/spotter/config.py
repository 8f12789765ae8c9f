"""Settings from the environment: prefix SPOTTER_, plus the plain DATABASE_URL."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    db_statement_timeout_ms: int = Field(default=15_000, ge=0)
    timezone: str = "Asia/Bangkok"

    @property
    def log_as_json(self) -> bool:
        if self.log_format == "auto":
            return self.env == "production"
        return self.log_format == "json"


@lru_cache
def get_settings() -> Settings:
    return Settings()
