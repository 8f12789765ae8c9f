"""The exercise template form read from flat fields, so it works without JS:
`ex-<row>-name`, `-sets`, `-reps`, `-weight` (in the viewer's unit) and
`-rest` (seconds). `-keep` carries what the form does not show of a stored
exercise (its library id while the name is unchanged, notes, ...), so saving
a template made through the API does not lose it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from spotter.db.models import ExerciseTemplate
from spotter.programs.schemas import ExerciseTemplateIn
from spotter.web.i18n import WeightUnit
from spotter.web.pages.exercises_checks import Checker
from spotter.web.pages.exercises_labels import LEVELS, N_
from spotter.web.pages.programs_form import shown_weight

TOP_FIELDS = ("name", "description", "difficulty", "duration_minutes", "tags")
ROW_FIELDS = ("name", "sets", "reps", "weight", "rest", "keep")
MAX_ROWS = 50
MAX_KG = 1000
BLANK_ROWS = 2
# The planned exercise's fields the form leaves out, kept as they were.
KEPT_KEYS = ("exerciseId", "type", "targetDuration", "notes")
_ROW_FIELD = re.compile(r"^ex-(\d{1,2})-([a-z]+)$")


@dataclass
class Row:
    name: str = ""
    sets: str = ""
    reps: str = ""
    weight: str = ""
    rest: str = ""
    keep: str = ""

    @property
    def blank(self) -> bool:
        return not (self.name or self.sets or self.reps or self.weight or self.rest)


@dataclass
class TemplateDraft:
    text: dict[str, str] = field(default_factory=lambda: dict.fromkeys(TOP_FIELDS, ""))
    is_public: bool = False
    rows: list[Row] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def with_blank_rows(self, blank: int = BLANK_ROWS) -> TemplateDraft:
        """The typed rows and `blank` empty ones to type in (up to the limit)."""
        filled = [row for row in self.rows if not row.blank]
        room = max(0, MAX_ROWS - len(filled))
        self.rows = filled + [Row() for _ in range(min(blank, room))]
        return self


def draft_from_form(form: dict[str, str]) -> TemplateDraft:
    draft = TemplateDraft(
        text={name: form.get(name, "").strip() for name in TOP_FIELDS},
        is_public=form.get("is_public") == "on",
    )
    rows: dict[int, Row] = {}
    for key, value in form.items():
        found = _ROW_FIELD.match(key)
        if found and found[2] in ROW_FIELDS and int(found[1]) < MAX_ROWS:
            setattr(rows.setdefault(int(found[1]), Row()), found[2], value.strip())
    draft.rows = [row for _, row in sorted(rows.items())]
    return draft


def _row_from_plan(planned: dict[str, Any], unit: WeightUnit) -> Row:
    kept = {key: planned[key] for key in KEPT_KEYS if planned.get(key) is not None}
    name = str(planned.get("name", ""))
    return Row(
        name=name,
        sets=str(planned.get("targetSets") or ""),
        reps=str(planned.get("targetReps") or ""),
        weight=shown_weight(planned.get("targetWeight"), unit),
        rest=str(planned.get("rest") if planned.get("rest") is not None else ""),
        keep=json.dumps({**kept, "name": name}) if kept else "",
    )


def draft_from_template(template: ExerciseTemplate, unit: WeightUnit) -> TemplateDraft:
    draft = TemplateDraft(
        text={
            "name": template.name,
            "description": template.description or "",
            "difficulty": template.difficulty or "",
            "duration_minutes": str(template.duration_minutes or ""),
            "tags": ", ".join(template.tags or []),
        },
        is_public=bool(template.is_public),
        rows=[_row_from_plan(planned, unit) for planned in template.exercises],
    )
    return draft.with_blank_rows(1)


# Checking into the API's body ---------------------------------------------------


def _kept(row: Row) -> dict[str, Any]:
    """What `-keep` carries; the library id only while the name is the same."""
    try:
        kept = json.loads(row.keep) if row.keep else {}
    except ValueError:
        return {}
    if not isinstance(kept, dict):
        return {}
    same_exercise = kept.get("name") == row.name
    return {k: kept[k] for k in KEPT_KEYS if k in kept and (same_exercise or k != "exerciseId")}


def _planned(check: Checker, key: str, row: Row, unit: WeightUnit) -> dict[str, Any]:
    check.required(f"{key}-name", row.name, N_("Name the exercise, or clear this row."))
    check.longest(f"{key}-name", row.name, 255)
    sets, reps, rest = (f"{key}-sets", f"{key}-reps", f"{key}-rest")
    targets = {
        "targetSets": check.whole(sets, row.sets, 1, 20, N_("Enter sets from 1 to 20.")),
        "targetReps": check.whole(reps, row.reps, 1, 100, N_("Enter reps from 1 to 100.")),
        "targetWeight": check.kilograms(f"{key}-weight", row.weight, unit, MAX_KG),
        "rest": check.whole(rest, row.rest, 0, 900, N_("Enter a rest from 0 to 900 seconds.")),
    }
    planned = {**_kept(row), "name": row.name}
    return {**planned, **{k: v for k, v in targets.items() if v is not None}}


def to_body(check: Checker, draft: TemplateDraft, unit: WeightUnit) -> ExerciseTemplateIn | None:
    """The API's body, or None with the messages in `check`."""
    typed = draft.text
    check.required("name", typed["name"], N_("Enter the template's name."))
    check.longest("name", typed["name"], 255)
    check.longest("description", typed["description"], 5000)
    check.chosen("difficulty", typed["difficulty"], LEVELS, N_("Choose a level from the list."))
    duration = check.whole(
        "duration_minutes",
        typed["duration_minutes"],
        1,
        600,
        N_("Enter a duration from 1 to 600 minutes."),
    )
    tags = [tag.strip() for tag in typed["tags"].split(",") if tag.strip()]
    check.at_most("tags", tags, 20)
    filled = [(r, row) for r, row in enumerate(draft.rows) if not row.blank]
    if not filled:
        check.fail("exercises", N_("Add at least one exercise."))
    body = {
        "name": typed["name"],
        "description": typed["description"] or None,
        "exercises": [_planned(check, f"ex-{r}", row, unit) for r, row in filled],
        "tags": tags or None,
        "difficulty": typed["difficulty"] or None,
        "durationMinutes": duration,
        "isPublic": draft.is_public,
    }
    return check.validated(ExerciseTemplateIn, body, "exercises")
