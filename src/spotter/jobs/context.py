"""The settings the worker in this process runs with."""

from __future__ import annotations

from spotter.config import Settings, get_settings

_settings: Settings | None = None


def use_settings(settings: Settings | None) -> None:
    global _settings
    _settings = settings


def job_settings() -> Settings:
    """The worker's settings: those its app was made with, else the environment's."""
    return _settings or get_settings()
