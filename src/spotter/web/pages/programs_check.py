"""Checking the builder's draft into the API's body (`ProgramTemplateIn`),
with each bad field's message in the viewer's language, keyed by the form
field's name so the builder shows it next to that field."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from spotter.programs.schemas import ProgramTemplateIn
from spotter.web.i18n import N_, WeightUnit
from spotter.web.pages.exercises_checks import Checker, lines
from spotter.web.pages.exercises_labels import LEVELS
from spotter.web.pages.plan_rows import PROGRAM_ROWS
from spotter.web.pages.programs_form import MAX_WEEKS, Day, ProgramDraft


class _PlanChecker(Checker):
    """The form checks, plus the week x day grid; messages go to the draft."""

    def __init__(self, request: Request, draft: ProgramDraft, unit: WeightUnit) -> None:
        super().__init__(request)
        self.errors, self.draft, self.unit = draft.errors, draft, unit

    def day(self, key: str, day: Day, templates: set[str]) -> dict[str, Any] | None:
        filled = [(r, row) for r, row in enumerate(day.rows) if not row.blank]
        if day.template and filled:
            self.fail(f"{key}-template", N_("A day has either an exercise template or exercises."))
        if day.template and day.template not in templates:
            self.fail(f"{key}-template", N_("Choose one of the listed exercise templates."))
        if day.template:
            return {"templateId": day.template}
        if filled:
            rows = [PROGRAM_ROWS.planned(self, f"{key}-{r}", row, self.unit) for r, row in filled]
            return {"exercises": rows}
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


def to_body(
    request: Request, draft: ProgramDraft, unit: WeightUnit, templates: set[str]
) -> ProgramTemplateIn | None:
    """The API's body, or None with `draft.errors` filled in."""
    check = _PlanChecker(request, draft, unit)
    typed = draft.fields
    check.required("name", typed["name"], N_("Enter the program's name."))
    check.longest("name", typed["name"], 255)
    weeks = typed["duration_weeks"] or "0"
    duration = check.whole("duration_weeks", weeks, 1, MAX_WEEKS, N_("Enter 1 to 52 weeks."))
    check.chosen("difficulty", typed["difficulty"], LEVELS, N_("Choose a level from the list."))
    goals = lines(typed["goals"])
    check.at_most("goals", goals, 20)
    body = {
        "name": typed["name"],
        "description": typed["description"] or None,
        "durationWeeks": duration,
        "weeklyPlan": check.plan(templates, duration),
        "goals": goals or None,
        "difficulty": typed["difficulty"] or None,
        "isPublic": draft.is_public,
    }
    return check.validated(ProgramTemplateIn, body, "plan")
