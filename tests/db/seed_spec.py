"""Reads what the seed design promises out of docs/seed-schema-design.md, so
the conformance tests check the document itself rather than a copy of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "docs" / "seed-schema-design.md"

# Seed type -> PostgreSQL's name for it (information_schema.columns),
# with DESIGN.md's change of every TIMESTAMP to TIMESTAMPTZ.
TYPE_NAMES = {
    "UUID": "uuid",
    "TEXT": "text",
    "DATE": "date",
    "TIME": "time without time zone",
    "TIMESTAMP": "timestamp with time zone",
    "BOOLEAN": "boolean",
    "INTEGER": "integer",
    "JSONB": "jsonb",
    "INET": "inet",
    "TEXT[]": "ARRAY",
}


@dataclass
class SeedColumn:
    name: str
    data_type: str
    length: int | None
    precision: tuple[int, int] | None
    not_null: bool
    default: str | None
    checks: bool


@dataclass
class SeedTable:
    name: str
    columns: dict[str, SeedColumn] = field(default_factory=dict)


@dataclass
class SeedIndex:
    name: str
    table: str
    unique: bool
    method: str
    columns: str


@dataclass
class SeedTrigger:
    name: str
    table: str
    timing: str
    function: str


def _text() -> str:
    return SEED.read_text(encoding="utf-8")


def _column(line: str) -> SeedColumn | None:
    line = line.split("--", 1)[0].strip().rstrip(",")
    if not line or line.startswith(")"):
        return None
    match = re.match(r"(\w+)\s+([A-Z]+(?:\[\])?)(?:\((\d+)(?:,(\d+))?\))?(.*)", line)
    if match is None:
        return None
    name, seed_type, size, scale, rest = match.groups()
    length = precision = None
    data_type = TYPE_NAMES.get(seed_type)
    if seed_type == "VARCHAR":
        data_type, length = "character varying", int(size)
    elif seed_type == "DECIMAL":
        data_type, precision = "numeric", (int(size), int(scale))
    if data_type is None:
        raise ValueError(f"unknown seed type in {line!r}")
    default_match = re.search(r"DEFAULT\s+('[^']*'(?:::\w+)?|[\w()]+)", rest)
    return SeedColumn(
        name=name,
        data_type=data_type,
        length=length,
        precision=precision,
        not_null="NOT NULL" in rest or "PRIMARY KEY" in rest,
        default=default_match.group(1) if default_match else None,
        checks="CHECK" in rest,
    )


def tables() -> dict[str, SeedTable]:
    found: dict[str, SeedTable] = {}
    for match in re.finditer(r"CREATE TABLE (\w+) \((.*?)\n\);", _text(), re.S):
        table = SeedTable(match.group(1))
        body = match.group(2)
        # Multi-line CHECKs: fold continuation lines into their column.
        logical: list[str] = []
        for raw in body.splitlines():
            stripped = raw.strip()
            if not stripped or stripped.startswith("--"):
                continue
            code = stripped.split("--", 1)[0]
            if logical and logical[-1].count("(") > logical[-1].count(")"):
                logical[-1] += " " + code.strip()
            else:
                logical.append(code.strip())
        for line in logical:
            column = _column(line)
            if column is not None:
                table.columns[column.name] = column
        found[table.name] = table
    return found


def indexes() -> list[SeedIndex]:
    pattern = r"CREATE (UNIQUE )?INDEX (\w+) ON (\w+)\s*(?:USING (\w+)\s*)?\(([^;]*)\);"
    return [
        SeedIndex(
            m.group(2),
            m.group(3),
            bool(m.group(1)),
            (m.group(4) or "btree").lower(),
            m.group(5),
        )
        for m in re.finditer(pattern, _text())
    ]


def triggers() -> list[SeedTrigger]:
    pattern = (
        r"CREATE TRIGGER (\w+)\s+(BEFORE|AFTER) (\w+) ON (\w+)\s+FOR EACH ROW\s+"
        r"EXECUTE FUNCTION (\w+)\(\)"
    )
    return [
        SeedTrigger(m.group(1), m.group(4), f"{m.group(2)} {m.group(3)}", m.group(5))
        for m in re.finditer(pattern, _text())
    ]


def functions() -> list[str]:
    return re.findall(r"CREATE OR REPLACE FUNCTION (\w+)\(\)", _text())


def rls_tables() -> list[str]:
    return re.findall(r"ALTER TABLE (\w+) ENABLE ROW LEVEL SECURITY", _text())
