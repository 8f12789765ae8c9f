"""The program builder's form: a week x day grid read from flat form fields.

Field names encode where a value sits, so the form works without JS:
`w2-monday-template` (a day's exercise template) and one row of plan_rows
fields per exercise, `w2-monday-0-name`, `w2-monday-0-sets`, ... (the grid
keeps rest unseen). `weeks_shown` is how many week blocks the page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spotter.db.models import ProgramTemplate
from spotter.web.i18n import WeightUnit
from spotter.web.pages.plan_rows import PROGRAM_ROWS, Row, common_fields

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DIFFICULTIES = ("beginner", "intermediate", "advanced")
MAX_WEEKS = 52
MAX_ROWS = 50
TOP_FIELDS = ("name", "description", "duration_weeks", "difficulty", "goals")
ROW_FIELDS = ("name", "sets", "reps", "weight", "keep")
_DAY_FIELD = re.compile(r"^w(\d{1,2})-([a-z]+)-(?:(template)|(\d{1,2})-([a-z]+))$")


@dataclass
class Day:
    template: str = ""
    rows: list[Row] = field(default_factory=list)

    @property
    def shown_rows(self) -> list[Row]:
        """At least one row to type in."""
        return self.rows or [Row()]


def empty_week() -> dict[str, Day]:
    return {day: Day() for day in WEEKDAYS}


@dataclass
class ProgramDraft:
    """What the builder shows: the typed text (never lost on an error)."""

    fields: dict[str, str] = field(default_factory=lambda: dict.fromkeys(TOP_FIELDS, ""))
    is_public: bool = False
    weeks: list[dict[str, Day]] = field(default_factory=lambda: [empty_week()])
    errors: dict[str, str] = field(default_factory=dict)


# Reading ------------------------------------------------------------------------


def _number_of_weeks(text: str, fallback: int) -> int:
    try:
        return max(1, min(MAX_WEEKS, int(text)))
    except ValueError:
        return fallback


def draft_from_form(form: dict[str, str]) -> ProgramDraft:
    draft = ProgramDraft(
        fields={name: form.get(name, "").strip() for name in TOP_FIELDS},
        is_public=form.get("is_public") == "on",
    )
    shown = _number_of_weeks(form.get("weeks_shown", ""), 1)
    draft.weeks = [empty_week() for _ in range(shown)]
    rows: dict[tuple[int, str, int], Row] = {}
    for key, value in form.items():
        found = _DAY_FIELD.match(key)
        if not found or found[2] not in WEEKDAYS or not 1 <= int(found[1]) <= shown:
            continue
        week, day = int(found[1]), found[2]
        if found[3]:
            draft.weeks[week - 1][day].template = value.strip()
        elif found[5] in ROW_FIELDS and int(found[4]) < MAX_ROWS:
            row = rows.setdefault((week, day, int(found[4])), Row())
            setattr(row, found[5], value.strip())
    for (week, day, _), row in sorted(rows.items()):
        draft.weeks[week - 1][day].rows.append(row)
    return draft


def draft_from_template(template: ProgramTemplate, unit: WeightUnit) -> ProgramDraft:
    draft = ProgramDraft(
        fields={
            **common_fields(template),
            "duration_weeks": str(template.duration_weeks),
            "goals": "\n".join(template.goals or []),
        },
        is_public=bool(template.is_public),
    )
    draft.weeks = [empty_week() for _ in range(template.duration_weeks)]
    for planned_week in template.weekly_plan:
        number = int(str(planned_week.get("week", 1)))
        if not 1 <= number <= len(draft.weeks):
            continue
        for planned_day in planned_week.get("days", []):
            day = draft.weeks[number - 1][str(planned_day["day"])]
            day.template = str(planned_day.get("templateId") or "")
            day.rows = [PROGRAM_ROWS.row(p, unit) for p in planned_day.get("exercises") or []]
    return draft


# Server-side grid changes (the no-JS "Add exercise", "Remove", "Duplicate week") --


def apply_action(draft: ProgramDraft, action: str) -> None:
    """`add:W:day`, `remove:W:day:R`, `duplicate:W`, `weeks` (show the number
    of weeks typed). Anything else is ignored."""
    verb, *where = action.split(":")
    try:
        if verb == "weeks":
            _resize(draft, _number_of_weeks(draft.fields["duration_weeks"], len(draft.weeks)))
        elif verb == "duplicate":
            _duplicate(draft, int(where[0]))
        elif verb in ("add", "remove"):
            day = draft.weeks[int(where[0]) - 1][where[1]]
            if verb == "add" and len(day.shown_rows) < MAX_ROWS:
                day.rows = [*day.shown_rows, Row()]
            elif verb == "remove":
                del day.rows[int(where[2])]
    except (ValueError, IndexError, KeyError):
        return


def _resize(draft: ProgramDraft, weeks: int) -> None:
    draft.weeks = draft.weeks[:weeks] + [empty_week() for _ in range(weeks - len(draft.weeks))]


def _duplicate(draft: ProgramDraft, week: int) -> None:
    """A copy of week `week` right after it; later weeks move one on."""
    if not 1 <= week <= len(draft.weeks) or len(draft.weeks) >= MAX_WEEKS:
        return
    original = draft.weeks[week - 1]
    copy = {
        name: Day(day.template, [Row(**vars(row)) for row in day.rows])
        for name, day in original.items()
    }
    draft.weeks.insert(week, copy)
    draft.fields["duration_weeks"] = str(len(draft.weeks))
