"""CSV export and import of body weight entries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from spotter.body_weight.csv_strict import MalformedCsvError, defused, read_records, undefused
from spotter.body_weight.schemas import Measurement, weigh_in_day
from spotter.db.models import BodyWeightEntry
from spotter.kit.errors import ProblemError, UnprocessableError

COLUMNS = ("date", "weight", "bodyFatPercentage", "muscleMass", "notes")
MAX_ROWS = 5000
MAX_IMPORT_BYTES = 1_000_000


def export_csv(entries: Iterable[BodyWeightEntry]) -> str:
    """Every cell defused: a note such as `=HYPERLINK(...)` stays text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, "bmi"))
    for e in entries:
        cells = (
            e.date.isoformat(),
            e.weight,
            e.body_fat_percentage or "",
            e.muscle_mass or "",
            e.notes or "",
            e.bmi or "",
        )
        writer.writerow([defused(cell) for cell in cells])
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
    """Every row, or every line's error. Lines count from 1, the header too.
    Malformed quoting stops the reading: what follows it cannot be trusted."""
    try:
        records = list(read_records(text))
    except MalformedCsvError as exc:
        return [], [LineError(exc.line, str(exc))]
    header = [name.strip() for name in records[0][1]] if records else []
    missing = [c for c in ("date", "weight") if c not in header]
    if missing:
        return [], [LineError(1, f"the header must name the columns {', '.join(COLUMNS)}")]
    rows: list[ParsedRow] = []
    errors: list[LineError] = []
    seen: dict[dt.date, int] = {}
    for count, (number, cells) in enumerate(records[1:], start=1):
        if count > MAX_ROWS:
            errors.append(LineError(number, f"at most {MAX_ROWS} rows per import"))
            break
        if len(cells) > len(header):
            errors.append(
                LineError(number, f"{len(cells)} cells, but the header names {len(header)}")
            )
            continue
        record = dict(zip(header, map(undefused, cells), strict=False))
        try:
            day = weigh_in_day(record.get("date") or "")
        except ValueError as exc:
            errors.append(LineError(number, f"date {exc}"))
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
            # Cells are text: read them as JSON-ish strings, not strictly typed values.
            rows.append(ParsedRow(number, day, Measurement.model_validate_strings(values)))
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
