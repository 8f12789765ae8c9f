"""The fields of the sign-in and account forms, each with its length limit
once. A form posts text; the page checks it against the API's schemas
(`forms.parse`) so each refusal can name its field in the viewer's words.
An over-long field is refused before the handler runs, like any other
request that breaks a limit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form
from pydantic import BaseModel, Field

Text = Annotated[str, Field(max_length=255)]
Password = Annotated[str, Field(max_length=128)]
Token = Annotated[str, Field(max_length=256)]
Choice = Annotated[str, Field(max_length=20)]


class _Invited(BaseModel):
    # The invitation token an invited trainee arrives with, if any.
    invitation: Token = ""


class SignInForm(_Invited):
    email: Text = ""
    password: Password = ""
    next: Annotated[str, Field(max_length=2000)] = "/"


class RegisterForm(_Invited):
    name: Text = ""
    email: Text = ""
    password: Password = ""


class ResetPasswordForm(BaseModel):
    token: Token = ""
    new_password: Password = ""


class ChangePasswordForm(BaseModel):
    current_password: Password = ""
    new_password: Password = ""


# The "Units" choice: weight unit and distance unit together.
UNITS = {
    "kg-km": ("kg", "km"),
    "lbs-miles": ("lbs", "miles"),
    "kg-miles": ("kg", "miles"),
    "lbs-km": ("lbs", "km"),
}


class SettingsForm(BaseModel):
    language: Choice = "th"
    theme: Choice = "auto"
    units: Choice = "kg-km"
    # Checkboxes: sent only when ticked.
    notify_email: bool = False
    notify_push: bool = False
    notify_sms: bool = False
    profile_visible: bool = False
    show_stats: bool = False

    def as_update(self) -> dict[str, Any]:
        """The API's settings change (`SettingsUpdate`) this form asks for;
        an unknown units choice leaves the units empty, which it refuses."""
        weight_unit, distance_unit = UNITS.get(self.units, ("", ""))
        notify = {"email": self.notify_email, "push": self.notify_push, "sms": self.notify_sms}
        visibility = "trainers" if self.profile_visible else "private"
        return {
            "language": self.language,
            "theme": self.theme,
            "weightUnit": weight_unit,
            "distanceUnit": distance_unit,
            "notificationSettings": notify,
            "privacySettings": {"profileVisibility": visibility, "showStats": self.show_stats},
        }


SignIn = Annotated[SignInForm, Form()]
Register = Annotated[RegisterForm, Form()]
ResetPassword = Annotated[ResetPasswordForm, Form()]
ChangePassword = Annotated[ChangePasswordForm, Form()]
Settings = Annotated[SettingsForm, Form()]
