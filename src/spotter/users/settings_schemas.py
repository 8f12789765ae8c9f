from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from spotter.kit.schemas import ApiInput, ApiModel


class NotificationSettings(ApiInput):
    email: bool = True
    push: bool = True
    sms: bool = False


class PrivacySettings(ApiInput):
    profile_visibility: Literal["private", "trainers"] = "private"
    show_stats: bool = False


class SettingsOut(ApiModel):
    theme: Literal["light", "dark", "auto"] | None = "light"
    language: Literal["th", "en"] | None = "th"
    notification_settings: NotificationSettings | None = None
    privacy_settings: PrivacySettings | None = None
    weight_unit: Literal["kg", "lbs"] | None = "kg"
    distance_unit: Literal["km", "miles"] | None = "km"


class SettingsUpdate(ApiInput):
    model_config = ConfigDict(extra="forbid")

    theme: Literal["light", "dark", "auto"] | None = None
    language: Literal["th", "en"] | None = None
    notification_settings: NotificationSettings | None = None
    privacy_settings: PrivacySettings | None = None
    weight_unit: Literal["kg", "lbs"] | None = None
    distance_unit: Literal["km", "miles"] | None = None
