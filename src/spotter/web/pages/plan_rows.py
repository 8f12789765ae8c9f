"""One planned exercise as a row of form fields, shared by the exercise
template form and the program builder, so both work without JS:
`<key>-name`, `-sets`, `-reps`, `-weight` (in the viewer's unit), `-rest`
(seconds) where the form shows it, and `-keep`, which carries what the form
does not show of a stored exercise (its library id while the name is
unchanged, notes, ...), so saving a plan made through the API loses nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from spotter.web import i18n
from spotter.web.i18n import N_, WeightUnit

if TYPE_CHECKING:
    from spotter.web.pages.exercises_checks import Checker

MAX_KG = 1000
ROW_FIELDS = ("name", "sets", "reps", "weight", "rest", "keep")


def common_fields(template: Any) -> dict[str, str]:
    """The fields an exercise template and a program share, as a form shows them."""
    return {
        "name": template.name,
        "description": template.description or "",
        "difficulty": template.difficulty or "",
    }


def shown_weight(kg: object, unit: WeightUnit) -> str:
    if kg is None:
        return ""
    shown = i18n.weight_for_display(Decimal(str(kg)), unit)
    return f"{shown.normalize():f}"


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


@dataclass(frozen=True)
class RowForm:
    """What one form shows of a planned exercise; `kept` names the fields it
    leaves out, which ride along in `-keep`."""

    kept: tuple[str, ...]

    @property
    def shows_rest(self) -> bool:
        return "rest" not in self.kept

    def row(self, planned: dict[str, Any], unit: WeightUnit) -> Row:
        kept = {key: planned[key] for key in self.kept if planned.get(key) is not None}
        name = str(planned.get("name", ""))
        rest = planned.get("rest") if self.shows_rest else None
        return Row(
            name=name,
            sets=str(planned.get("targetSets") or ""),
            reps=str(planned.get("targetReps") or ""),
            weight=shown_weight(planned.get("targetWeight"), unit),
            rest="" if rest is None else str(rest),
            keep=json.dumps({**kept, "name": name}) if kept else "",
        )

    def planned(self, check: Checker, key: str, row: Row, unit: WeightUnit) -> dict[str, Any]:
        """The API's planned exercise, with each bad field's message in `check`."""
        check.required(f"{key}-name", row.name, N_("Name the exercise, or clear this row."))
        check.longest(f"{key}-name", row.name, 255)
        sets, reps, rest = (f"{key}-sets", f"{key}-reps", f"{key}-rest")
        targets = {
            "targetSets": check.whole(sets, row.sets, 1, 20, N_("Enter sets from 1 to 20.")),
            "targetReps": check.whole(reps, row.reps, 1, 100, N_("Enter reps from 1 to 100.")),
            "targetWeight": check.kilograms(f"{key}-weight", row.weight, unit, MAX_KG),
        }
        if self.shows_rest:
            message = N_("Enter a rest from 0 to 900 seconds.")
            targets["rest"] = check.whole(rest, row.rest, 0, 900, message)
        planned = {**self._kept(row), "name": row.name}
        return {**planned, **{k: v for k, v in targets.items() if v is not None}}

    def _kept(self, row: Row) -> dict[str, Any]:
        """What `-keep` carries; the library id only while the name is the same."""
        try:
            kept = json.loads(row.keep) if row.keep else {}
        except ValueError:
            return {}
        if not isinstance(kept, dict):
            return {}
        same = kept.get("name") == row.name
        return {k: kept[k] for k in self.kept if k in kept and (same or k != "exerciseId")}


# The exercise template form shows rest; the program grid keeps it unseen.
TEMPLATE_ROWS = RowForm(("exerciseId", "type", "targetDuration", "notes"))
PROGRAM_ROWS = RowForm(("exerciseId", "type", "targetDuration", "rest", "notes"))
