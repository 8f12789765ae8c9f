"""CSV export and import of body weight entries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from spotter.body_weight.schemas import Measurement
from spotter.db.models import BodyWeightEntry
from spotter.kit.errors import ProblemError, UnprocessableError

COLUMNS = ("date", "weight", "bodyFatPercentage", "muscleMass", "notes")
MAX_ROWS = 5000
MAX_IMPORT_BYTES = 1_000_000


def export_csv(entries: Iterable[BodyWeightEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, "bmi"))
    for e in entries:
        writer.writerow(
            (
                e.date.isoformat(),
                e.weight,
                e.body_fat_percentage or "",
                e.muscle_mass or "",
                e.notes or "",
                e.bmi or "",
            )
        )
    return out.getvalue()


@dataclass(frozen=True)
class ParsedRow:
    line: int
    date: dt.date
    measurement: Measurement


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


def parse_csv(text: str) -> tuple[list[ParsedRow], list[LineError]]:
    """Every row, or every line's error. Lines count from 1, the header too."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("date", "weight") if c not in (reader.fieldnames or [])]
    if missing:
        return [], [LineError(1, f"the header must name the columns {', '.join(COLUMNS)}")]
    rows: list[ParsedRow] = []
    errors: list[LineError] = []
    seen: dict[dt.date, int] = {}
    for number, record in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(LineError(number, f"at most {MAX_ROWS} rows per import"))
            break
        try:
            day = dt.date.fromisoformat((record.get("date") or "").strip())
        except ValueError:
            errors.append(LineError(number, "date must be YYYY-MM-DD"))
            continue
        if day in seen:
            errors.append(LineError(number, f"date {day} already appears on line {seen[day]}"))
            continue
        seen[day] = number
        values = {
            key: value.strip()
            for key, value in record.items()
            if key in COLUMNS[1:] and value is not None and value.strip() != ""
        }
        try:
            rows.append(ParsedRow(number, day, Measurement.model_validate(values)))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            errors.append(LineError(number, problems))
    return rows, errors


class ImportRejectedError(ProblemError):
    """A 422 naming every bad line, in `errors` and in `lines`: an import is
    all or nothing, so the whole file is fixed and sent again."""

    status = 422

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__(
            "Nothing was imported: fix the lines listed.",
            errors=[{"field": f"body.line{e.line}", "message": e.message} for e in errors],
            lines=[{"line": e.line, "message": e.message} for e in errors],
        )


def read_upload(raw: bytes) -> list[ParsedRow]:
    """Every row of an uploaded file, or a 422 saying what is wrong with it."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise UnprocessableError("body", f"The file is over {MAX_IMPORT_BYTES} bytes.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnprocessableError("body", "The file must be UTF-8 text.") from exc
    rows, errors = parse_csv(text)
    if not rows and not errors:
        errors = [LineError(1, "the file has no rows")]
    if errors:
        raise ImportRejectedError(errors)
    return rows
