"""The exercise template form read from flat fields, so it works without JS:
the template's own fields, and one row of plan_rows fields per exercise,
named `ex-<row>-name`, `ex-<row>-sets`, ..."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spotter.db.models import ExerciseTemplate
from spotter.programs.schemas import ExerciseTemplateIn
from spotter.web.i18n import N_, WeightUnit
from spotter.web.pages.exercises_checks import Checker
from spotter.web.pages.exercises_labels import LEVELS
from spotter.web.pages.plan_rows import ROW_FIELDS, TEMPLATE_ROWS, Row, common_fields

TOP_FIELDS = ("name", "description", "difficulty", "duration_minutes", "tags")
MAX_ROWS = 50
BLANK_ROWS = 2
_ROW_FIELD = re.compile(r"^ex-(\d{1,2})-([a-z]+)$")


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


def draft_from_template(template: ExerciseTemplate, unit: WeightUnit) -> TemplateDraft:
    draft = TemplateDraft(
        text={
            **common_fields(template),
            "duration_minutes": str(template.duration_minutes or ""),
            "tags": ", ".join(template.tags or []),
        },
        is_public=bool(template.is_public),
        rows=[TEMPLATE_ROWS.row(planned, unit) for planned in template.exercises],
    )
    return draft.with_blank_rows(1)


# Checking into the API's body ---------------------------------------------------


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
        "exercises": [TEMPLATE_ROWS.planned(check, f"ex-{r}", row, unit) for r, row in filled],
        "tags": tags or None,
        "difficulty": typed["difficulty"] or None,
        "durationMinutes": duration,
        "isPublic": draft.is_public,
    }
    return check.validated(ExerciseTemplateIn, body, "exercises")
