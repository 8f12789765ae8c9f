"""CSV both ways without surprises: strict RFC 4180 reading, defused writing.

Python's csv module reads a stray quote (`he said "hi"`) as text and, at the
end of a file, lets an unterminated quote swallow every line after it into
one cell, silently. An import must say which line is wrong instead, so
records are read here by the RFC's rules, each with the line it starts on.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and tab or
carriage return before those) as a formula: a note `=HYPERLINK(...)` would
become a link in whoever opens the export. Such cells are written with a
leading single quote, as OWASP advises ("CSV injection"), and reading strips
that quote again so an export imports back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The full-width forms are read as formulas by some spreadsheet programs too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_UNQUOTED = re.compile(r"[^,\r\n]*")


class MalformedCsvError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def defused(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def undefused(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell


def _quoted(text: str, pos: int, line: int) -> tuple[str, int, int]:
    """The quoted cell opening at `pos`: its value, the position after it and
    the line it ends on."""
    opened_on = line
    parts: list[str] = []
    pos += 1
    while True:
        close = text.find('"', pos)
        if close < 0:
            raise MalformedCsvError(opened_on, "a quoted cell opens here and is never closed")
        chunk = text[pos:close]
        parts.append(chunk)
        line += chunk.count("\n")
        if text.startswith('"', close + 1):  # "" is a quote inside the cell
            parts.append('"')
            pos = close + 2
            continue
        pos = close + 1
        if pos < len(text) and text[pos] not in ",\r\n":
            raise MalformedCsvError(
                line, "a quoted cell must end at a comma or the end of the line"
            )
        return "".join(parts), pos, line


def read_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record's first line (from 1) and cells; blank lines are skipped."""
    pos, line, end = 0, 1, len(text)
    while pos < end:
        first_line = line
        cells: list[str] = []
        while True:
            if text.startswith('"', pos):
                cell, pos, line = _quoted(text, pos, line)
            else:
                match = _UNQUOTED.match(text, pos)
                assert match is not None  # the pattern matches the empty string
                cell, pos = match.group(), match.end()
                if '"' in cell:
                    raise MalformedCsvError(
                        line, 'a quote inside an unquoted cell: quote the cell and double the "'
                    )
            cells.append(cell)
            if text.startswith(",", pos):
                pos += 1
                continue
            break
        pos += 2 if text.startswith("\r\n", pos) else 1
        line += 1
        if cells != [""]:
            yield first_line, cells
