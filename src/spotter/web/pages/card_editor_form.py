"""The session card form: what the trainer typed, read into the API's input
models, and its errors in the trainer's language, keyed by form field."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from spotter.db.models import SessionCard
from spotter.session_cards.service import WorkoutDraft
from spotter.web import i18n
from spotter.web.deps import Viewer
from spotter.web.pages.history import weight
from spotter.web.render import request_locale, translate

Model = TypeVar("Model", bound=BaseModel)

# Form field name -> the API's (camelCase) name, for the three lists.
LISTS = {
    "achievements": "achievements",
    "areas_for_improvement": "areasForImprovement",
    "next_session_goals": "nextSessionGoals",
}
TEXTS = ("date", "summary", "rating", "tags", "images", "videos", "trainer_notes", "workout")


@dataclass(frozen=True)
class CardForm:
    """The form as typed: text as text, lists as their rows (empty rows too)."""

    texts: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    # Empty rows shown after each list's items: one, plus one per "Add".
    extra_rows: dict[str, int] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return self.texts.get(name, "")

    def rows(self, name: str) -> list[str]:
        """The items to show, then the empty rows to fill in."""
        items = [item for item in self.lists.get(name, []) if item.strip()]
        return items + [""] * (1 + self.extra_rows.get(name, 0))


def from_request(form: FormData) -> CardForm:
    texts = {name: str(form.get(name) or "") for name in TEXTS}
    lists = {name: [str(v) for v in form.getlist(name)] for name in LISTS}
    return CardForm(texts, lists)


def with_row_change(form: CardForm, add: str, remove: str) -> CardForm | None:
    """The form after an "Add ..." or "Remove" button sent without JavaScript
    (None when neither was pressed): nothing is saved, the form comes back."""
    if add in LISTS:
        return replace(form, extra_rows={add: 1})
    name, _, index = remove.partition(":")
    if name in LISTS and index.isdigit():
        rows = list(form.lists.get(name, []))
        if int(index) < len(rows):
            del rows[int(index)]
        return replace(form, lists={**form.lists, name: rows})
    return None


def from_card(card: SessionCard) -> CardForm:
    media = card.media or {}
    texts = {
        "date": card.date.isoformat(),
        "summary": card.summary,
        "rating": str(card.rating or ""),
        "tags": ", ".join(card.tags or []),
        "images": "\n".join(media.get("images") or []),
        "videos": "\n".join(media.get("videos") or []),
        "trainer_notes": card.trainer_notes or "",
        "workout": str(card.workout_id or ""),
    }
    lists = {name: list(getattr(card, name) or []) for name in LISTS}
    return CardForm(texts, lists)


def from_draft(request: Request, viewer: Viewer, draft: WorkoutDraft) -> CardForm:
    """A new card about a workout: its day, its headline numbers as the start
    of the summary, the personal records it holds as achievements."""
    workout = draft.workout
    locale = request_locale(request)
    totals = workout.summary or {}
    unit = viewer.weight_unit
    summary = translate(
        request, "Workout: %(minutes)s min; sets: %(sets)s; lifted: %(volume)s %(unit)s."
    ) % {
        "minutes": workout.duration,
        "sets": int(totals.get("totalSets") or 0),
        "volume": i18n.format_number(weight(viewer, totals.get("totalWeight") or 0) or 0, locale),
        "unit": unit,
    }
    wording = {
        "heaviest_weight": translate(request, "%(exercise)s: new heaviest weight, %(weight)s"),
        "estimated_1rm": translate(request, "%(exercise)s: new best estimated 1RM, %(weight)s"),
    }
    achievements = [
        wording[record.kind]
        % {
            "exercise": record.exercise,
            "weight": f"{i18n.format_number(weight(viewer, record.value) or 0, locale)} {unit}",
        }
        for record in draft.records
        if record.kind in wording
    ]
    texts = {"date": workout.date.isoformat(), "summary": summary, "workout": str(workout.id)}
    return CardForm(texts, {"achievements": achievements})


def merged(typed: CardForm, drafted: CardForm) -> CardForm:
    """What was typed, with a workout's draft added: its day, its summary
    when none was written, its achievements after the typed ones."""
    achievements = [item for item in typed.lists.get("achievements", []) if item.strip()]
    achievements += [a for a in drafted.lists["achievements"] if a not in achievements]
    texts = typed.texts | {"date": drafted.text("date")}
    if not typed.text("summary").strip():
        texts["summary"] = drafted.text("summary")
    return replace(typed, texts=texts, lists=typed.lists | {"achievements": achievements})


def _split(text: str, separator: str | None) -> list[str]:
    parts = text.splitlines() if separator is None else text.split(separator)
    return [part.strip() for part in parts if part.strip()]


def _rating(text: str) -> int | str | None:
    """A whole number, or the text as typed (which the model then refuses)."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdecimal() else text


def api_body(form: CardForm) -> dict[str, Any]:
    """The API's JSON body for the form (the trainee and workout left out)."""
    body: dict[str, Any] = {
        "date": form.text("date").strip(),
        "summary": form.text("summary"),
        "trainerNotes": form.text("trainer_notes").strip() or None,
        "rating": _rating(form.text("rating")),
        "tags": _split(form.text("tags"), ",") or None,
    }
    for name, alias in LISTS.items():
        body[alias] = [item.strip() for item in form.lists.get(name, []) if item.strip()] or None
    images, videos = _split(form.text("images"), None), _split(form.text("videos"), None)
    body["media"] = {"images": images, "videos": videos} if images or videos else None
    return body


def _field_messages(request: Request) -> dict[str, str]:
    """The message shown next to each field, whatever pydantic said."""
    items = translate(request, "Each item can be up to 500 characters, with at most 20 items.")
    links = translate(request, "Enter https:// links, one per line, at most 20.")
    return {
        "date": translate(request, "Enter the date of the session."),
        "summary": translate(request, "Write a summary of up to 5,000 characters."),
        "achievements": items,
        "areas_for_improvement": items,
        "next_session_goals": items,
        "rating": translate(request, "Choose a rating from 1 to 5."),
        "tags": translate(
            request, "Separate tags with commas: at most 20, each up to 50 characters."
        ),
        "images": links,
        "videos": links,
        "trainer_notes": translate(request, "Keep the notes to 5,000 characters."),
    }


FIELD_BY_ALIAS = {"trainerNotes": "trainer_notes"} | {a: n for n, a in LISTS.items()}


def _field_of(location: tuple[int | str, ...]) -> str:
    head = str(location[0]) if location else "summary"
    if head == "media":
        return str(location[1]) if len(location) > 1 else "images"
    return FIELD_BY_ALIAS.get(head, head)


def validate(request: Request, model: type[Model], body: dict[str, Any]) -> Model | dict[str, str]:
    """The model, or {field: message} in the viewer's language. A bad list
    item also marks its row: {"achievements.2": ""}. Empty rows were dropped
    before validation, so row numbers are counted over the filled rows."""
    try:
        # JSON mode: the strict input model reads dates and ids from text.
        return model.model_validate_json(json.dumps(body))
    except ValidationError as exc:
        messages = _field_messages(request)
        errors: dict[str, str] = {}
        for error in exc.errors():
            location = tuple(error.get("loc", ()))
            name = _field_of(location)
            fallback = translate(request, "Please check what you entered")
            errors.setdefault(name, messages.get(name, fallback))
            if name in LISTS and len(location) > 1:
                errors[f"{name}.{location[1]}"] = ""
        return errors


def without_empty_rows(form: CardForm) -> CardForm:
    """The lists as they were validated (filled rows only), so an error's row
    number points at the row shown."""
    lists = {name: [item for item in rows if item.strip()] for name, rows in form.lists.items()}
    return replace(form, lists=lists)
