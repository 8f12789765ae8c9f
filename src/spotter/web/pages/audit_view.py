"""How an audit entry reads on the page: who, what, when, and what changed,
with values as words and dates rather than the raw JSON the trail keeps."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fastapi import Request

from spotter import clock
from spotter.audit.service import REVERTIBLE
from spotter.web import i18n
from spotter.web.render import request_locale, translate

# Columns that say nothing to a person reading the trail.
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "usage_count", "reminder_sent"})
# The rest of a long text is cut: the entry is a summary, not the record.
LONGEST_VALUE = 160
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class ChangedField:
    """One row of "what changed": the column's name (a key the template
    turns into words) and its value before and after, already readable."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryView:
    id: uuid.UUID
    action: str
    resource_type: str
    who: str
    about: str | None
    created_at: dt.datetime
    # "update": before and after; "created"/"removed": one side only.
    shape: str
    changes: list[ChangedField]
    can_revert: bool


class Words:
    """Formats values in the viewer's language; names people it knows."""

    def __init__(self, request: Request, names: dict[uuid.UUID, str]) -> None:
        self.request = request
        self.locale = request_locale(request)
        self.names = names

    def value(self, value: Any) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return "—"
        if isinstance(value, bool):
            return translate(self.request, "Yes") if value else translate(self.request, "No")
        if isinstance(value, int | float | Decimal):
            return i18n.format_number(value, self.locale, 2)
        if isinstance(value, list):
            return (
                ", ".join(self.value(item) for item in value) if _flat(value) else self.items(value)
            )
        if isinstance(value, dict):
            parts = (f"{key}: {self.value(item)}" for key, item in value.items())
            return _cut("; ".join(parts))
        return _cut(self.text(str(value)))

    def field_value(self, field: str, value: Any) -> str:
        """A column's value; a status in words rather than its code."""
        if field == "status" and isinstance(value, str):
            statuses = {
                "pending": translate(self.request, "Waiting for confirmation"),
                "confirmed": translate(self.request, "Confirmed"),
                "cancelled": translate(self.request, "Cancelled"),
                "completed": translate(self.request, "Completed"),
                "active": translate(self.request, "Active"),
            }
            return statuses.get(value, value)
        return self.value(value)

    def items(self, value: list[Any]) -> str:
        # Nested records (a workout's exercises and sets) only get counted.
        return translate(self.request, "%(count)s items") % {"count": len(value)}

    def text(self, value: str) -> str:
        if ISO_MOMENT.match(value):
            return self.moment(value)
        if ISO_DATE.match(value):
            return i18n.format_date(dt.date.fromisoformat(value), self.locale)
        if ISO_TIME.match(value):
            return i18n.format_time(dt.time.fromisoformat(value), self.locale)
        if UUID_TEXT.match(value):
            return self.names.get(uuid.UUID(value), value[:8])
        return value

    def moment(self, value: str) -> str:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        local = clock.local(moment)
        return f"{i18n.format_date(local, self.locale)} {i18n.format_time(local, self.locale)}"


def _flat(value: list[Any]) -> bool:
    return not any(isinstance(item, dict | list) for item in value)


def _cut(text: str) -> str:
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def changes(entry: Any, words: Words) -> tuple[str, list[ChangedField]]:
    """The entry's change as rows: both sides of an update, or the values
    a row was created with (or had when it was deleted)."""
    old: dict[str, Any] = entry.old_values or {}
    new: dict[str, Any] = entry.new_values or {}
    if old and new:
        keys = [key for key in new if key not in BOOKKEEPING]
        rows = [
            ChangedField(k, words.field_value(k, old.get(k)), words.field_value(k, new.get(k)))
            for k in keys
        ]
        return "update", rows
    shape, values = ("removed", old) if old else ("created", new)
    shown = [
        (key, words.field_value(key, value))
        for key, value in values.items()
        if key not in BOOKKEEPING and value not in (None, "", [], {})
    ]
    if shape == "created":
        return shape, [ChangedField(key, "", text) for key, text in shown]
    return shape, [ChangedField(key, text, "") for key, text in shown]


def can_revert(entry: Any, me: uuid.UUID) -> bool:
    """What the audit service would agree to try: my own update or deletion
    of training data. It may still refuse (changed again since)."""
    return (
        entry.user_id == me
        and entry.action in ("UPDATE", "DELETE")
        and entry.resource_type in REVERTIBLE
        and entry.resource_id is not None
    )


def entry_view(entry: Any, words: Words, me: uuid.UUID) -> EntryView:
    shape, rows = changes(entry, words)
    return EntryView(
        id=entry.id,
        action=entry.action,
        resource_type=entry.resource_type,
        who=_who(entry, words, me),
        about=_about(entry, words, me),
        created_at=entry.created_at,
        shape=shape,
        changes=rows,
        can_revert=can_revert(entry, me),
    )


def _who(entry: Any, words: Words, me: uuid.UUID) -> str:
    if entry.user_id == me:
        return translate(words.request, "You")
    if entry.user_id is None and not entry.user_email:
        return translate(words.request, "Spotter (automatic)")
    known = words.names.get(entry.user_id) if entry.user_id else None
    return known or entry.user_email or translate(words.request, "Someone else")


def _about(entry: Any, words: Words, me: uuid.UUID) -> str | None:
    """Whose data it was, when it was not the viewer's own."""
    subject = entry.subject_user_id
    if subject is None or subject == me or subject == entry.user_id:
        return None
    return words.names.get(subject)
