"""Checking the builder's draft into the API's body (`ProgramTemplateIn`),
with each bad field's message in the viewer's language, keyed by the form
field's name so the builder shows it next to that field."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import Request
from pydantic import ValidationError

from spotter.programs.schemas import ProgramTemplateIn
from spotter.web import i18n
from spotter.web.i18n import WeightUnit
from spotter.web.pages.programs_form import (
    DIFFICULTIES,
    KEPT_KEYS,
    MAX_KG,
    MAX_WEEKS,
    Day,
    ProgramDraft,
    Row,
    shown_weight,
)
from spotter.web.render import translate


def N_(message: str) -> str:  # noqa: N802 - gettext's marker, known to the extractor
    """Marks a message for the catalogues; `_Checker.fail` translates it."""
    return message


class _Checker:
    """Turns a draft into the API's body, noting each field's error in words."""

    def __init__(self, request: Request, draft: ProgramDraft, unit: WeightUnit) -> None:
        self.request, self.draft, self.unit = request, draft, unit

    def fail(self, key: str, message: str) -> None:
        self.draft.errors.setdefault(key, translate(self.request, message))

    def whole_number(self, key: str, text: str, low: int, high: int, message: str) -> int | None:
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            self.fail(key, message)
            return None
        return number

    def weight_kg(self, key: str, text: str) -> float | None:
        if not text:
            return None
        try:
            kg = i18n.weight_from_input(Decimal(text.replace(",", ".")), self.unit)
        except (InvalidOperation, ValueError):
            kg = Decimal(-1)
        if not kg.is_finite() or not 0 <= kg <= MAX_KG:
            highest = shown_weight(MAX_KG, self.unit)
            self.draft.errors.setdefault(
                key,
                translate(self.request, "Enter a weight from 0 to %(high)s %(unit)s.")
                % {"high": highest, "unit": self.unit},
            )
            return None
        return float(kg)

    def exercise(self, key: str, row: Row) -> dict[str, Any]:
        planned: dict[str, Any] = _kept(row.keep)
        if not row.name:
            self.fail(f"{key}-name", N_("Name the exercise, or clear this row."))
        planned["name"] = row.name[:255]
        targets = {
            "targetSets": self.whole_number(
                f"{key}-sets", row.sets, 1, 20, N_("Enter sets from 1 to 20.")
            ),
            "targetReps": self.whole_number(
                f"{key}-reps", row.reps, 1, 100, N_("Enter reps from 1 to 100.")
            ),
            "targetWeight": self.weight_kg(f"{key}-weight", row.weight),
        }
        planned.update({k: v for k, v in targets.items() if v is not None})
        return planned

    def day(self, key: str, day: Day, templates: set[str]) -> dict[str, Any] | None:
        filled = [(r, row) for r, row in enumerate(day.rows) if not row.blank]
        if day.template and filled:
            self.fail(f"{key}-template", N_("A day has either an exercise template or exercises."))
        if day.template and day.template not in templates:
            self.fail(f"{key}-template", N_("Choose one of the listed exercise templates."))
        if day.template:
            return {"templateId": day.template}
        if filled:
            return {"exercises": [self.exercise(f"{key}-{r}", row) for r, row in filled]}
        return None

    def plan(self, templates: set[str], duration: int | None) -> list[dict[str, Any]]:
        plan: list[dict[str, Any]] = []
        last = 0
        for number, week in enumerate(self.draft.weeks, start=1):
            days = []
            for name, day in week.items():
                planned = self.day(f"w{number}-{name}", day, templates)
                if planned is not None:
                    days.append({"day": name, **planned})
            if days:
                plan.append({"week": number, "days": days})
                last = number
        if not plan:
            self.fail("plan", N_("Plan at least one day: add an exercise or choose a template."))
        elif duration is not None and last > duration:
            self.fail("duration_weeks", N_("Some weeks after the last one have a plan."))
        return plan


def _kept(text: str) -> dict[str, Any]:
    try:
        kept = json.loads(text) if text else {}
    except ValueError:
        return {}
    return {k: kept[k] for k in KEPT_KEYS if k in kept} if isinstance(kept, dict) else {}


def to_body(
    request: Request, draft: ProgramDraft, unit: WeightUnit, templates: set[str]
) -> ProgramTemplateIn | None:
    """The API's body, or None with `draft.errors` filled in."""
    check = _Checker(request, draft, unit)
    typed = draft.fields
    if not typed["name"]:
        check.fail("name", N_("Enter the program's name."))
    duration = check.whole_number(
        "duration_weeks", typed["duration_weeks"] or "0", 1, MAX_WEEKS, N_("Enter 1 to 52 weeks.")
    )
    if typed["difficulty"] and typed["difficulty"] not in DIFFICULTIES:
        check.fail("difficulty", N_("Choose a level from the list."))
    goals = [line.strip() for line in typed["goals"].splitlines() if line.strip()]
    if len(goals) > 20:
        check.fail("goals", N_("Enter at most 20 goals."))
    body = {
        "name": typed["name"][:255],
        "description": typed["description"] or None,
        "durationWeeks": duration,
        "weeklyPlan": check.plan(templates, duration),
        "goals": goals or None,
        "difficulty": typed["difficulty"] or None,
        "isPublic": draft.is_public,
    }
    if draft.errors:
        return None
    try:
        # JSON mode: the strict input model reads ids from their text form.
        return ProgramTemplateIn.model_validate_json(json.dumps(body))
    except ValidationError:
        check.fail("plan", N_("Please check what you entered"))
        return None
