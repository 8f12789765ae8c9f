"""Spotter's built-in exercise catalogue.

The catalogue is a data file that ships with the code
(``data/catalog.tsv``). After every upgrade to the head revision it is
upserted by ``slug``: new entries appear, changed ones are updated in place,
and ``usage_count``, ``is_active`` and ids are never touched.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy.engine import URL

from spotter.db.urls import libpq_dsn

CATALOG_FILE = Path(__file__).parent / "data" / "catalog.tsv"
ALIASES_FILE = Path(__file__).parent / "data" / "aliases.tsv"
EXERCISE_TYPES = ("weight_training", "cardio", "flexibility")
DIFFICULTIES = ("beginner", "intermediate", "advanced")
COLUMNS = (
    "slug",
    "name",
    "name_th",
    "type",
    "category",
    "muscles",
    "equipment",
    "difficulty",
    "params",
    "description",
    "instructions",
    "tips",
    "warnings",
)


@dataclass(frozen=True)
class CatalogEntry:
    slug: str
    name: str
    name_th: str
    type: str
    category: str
    muscle_groups: list[str]
    equipment: list[str]
    difficulty: str
    metadata: dict[str, Any]
    description: str
    instructions: list[str]
    tips: list[str]
    warnings: list[str]
    aliases: list[str] = field(default_factory=list)


def _split(value: str, sep: str) -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


def _metadata(exercise_type: str, params: str, muscles: list[str]) -> dict[str, Any]:
    """Per-type metadata shaped as the seed shows, from ``key=value;...``."""
    raw = dict(item.split("=", 1) for item in _split(params, ";"))
    if exercise_type == "weight_training":
        return {
            "weight_training": {
                "defaultSets": int(raw["sets"]),
                "defaultReps": int(raw["reps"]),
                "restTime": int(raw["rest"]),
                "targetMuscles": muscles,
            }
        }
    if exercise_type == "cardio":
        return {
            "cardio": {
                "targetHeartRate": int(raw["hr"]),
                "caloriesPerMinute": float(raw["cal"]),
            }
        }
    return {"flexibility": {"holdTime": int(raw["hold"]), "breathingPattern": raw["breath"]}}


def _parse_row(line_no: int, row: dict[str, str]) -> CatalogEntry:
    try:
        exercise_type = row["type"]
        if exercise_type not in EXERCISE_TYPES or row["difficulty"] not in DIFFICULTIES:
            raise ValueError("unknown type or difficulty")
        muscles = _split(row["muscles"], ",")
        return CatalogEntry(
            slug=row["slug"],
            name=row["name"],
            name_th=row["name_th"],
            type=exercise_type,
            category=row["category"],
            muscle_groups=muscles,
            equipment=_split(row["equipment"], ","),
            difficulty=row["difficulty"],
            metadata=_metadata(exercise_type, row["params"], muscles),
            description=row["description"],
            instructions=_split(row["instructions"], "|"),
            tips=_split(row["tips"], "|"),
            warnings=_split(row["warnings"], "|"),
        )
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{CATALOG_FILE.name} line {line_no}: {exc}") from exc


def _data_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [line for line in handle if line.strip() and not line.startswith("#")]


def load_aliases(path: Path = ALIASES_FILE) -> dict[str, list[str]]:
    """slug -> the names it is searched by, lower case."""
    aliases: dict[str, list[str]] = {}
    for line in _data_lines(path):
        slug, names = line.rstrip("\n").split("\t")
        aliases[slug] = [name.lower() for name in _split(names, ",")]
    return aliases


def load_catalog(
    path: Path = CATALOG_FILE, aliases_path: Path = ALIASES_FILE
) -> list[CatalogEntry]:
    reader = csv.DictReader(
        _data_lines(path), fieldnames=COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE
    )
    entries = [_parse_row(number, row) for number, row in enumerate(reader, start=1)]
    aliases = load_aliases(aliases_path)
    unknown = set(aliases) - {e.slug for e in entries}
    if unknown:
        raise ValueError(f"{aliases_path.name} names unknown slugs: {', '.join(sorted(unknown))}")
    return [replace(e, aliases=aliases.get(e.slug, [])) for e in entries]


UPSERT = """
INSERT INTO exercises (slug, name, name_th, type, category, description, metadata,
                       muscle_groups, equipment, difficulty, instructions, tips, warnings,
                       aliases)
VALUES (%(slug)s, %(name)s, %(name_th)s, %(type)s, %(category)s, %(description)s,
        %(metadata)s, %(muscle_groups)s, %(equipment)s, %(difficulty)s,
        %(instructions)s, %(tips)s, %(warnings)s,
        -- Stored as search compares them (Thai spellings folded).
        ARRAY(SELECT search_text(a) FROM unnest(%(aliases)s::text[]) a))
ON CONFLICT (slug) DO UPDATE SET
  name = EXCLUDED.name, name_th = EXCLUDED.name_th, type = EXCLUDED.type,
  category = EXCLUDED.category, description = EXCLUDED.description,
  metadata = EXCLUDED.metadata, muscle_groups = EXCLUDED.muscle_groups,
  equipment = EXCLUDED.equipment, difficulty = EXCLUDED.difficulty,
  instructions = EXCLUDED.instructions, tips = EXCLUDED.tips, warnings = EXCLUDED.warnings,
  aliases = EXCLUDED.aliases
WHERE (exercises.name, exercises.name_th, exercises.type, exercises.category,
       exercises.description, exercises.metadata, exercises.muscle_groups,
       exercises.equipment, exercises.difficulty, exercises.instructions,
       exercises.tips, exercises.warnings, exercises.aliases)
  IS DISTINCT FROM
      (EXCLUDED.name, EXCLUDED.name_th, EXCLUDED.type, EXCLUDED.category,
       EXCLUDED.description, EXCLUDED.metadata, EXCLUDED.muscle_groups,
       EXCLUDED.equipment, EXCLUDED.difficulty, EXCLUDED.instructions,
       EXCLUDED.tips, EXCLUDED.warnings, EXCLUDED.aliases)
"""


def sync_catalog(url: URL, entries: list[CatalogEntry] | None = None) -> int:
    """Upsert the catalogue; returns how many rows were inserted or changed."""
    rows = entries if entries is not None else load_catalog()
    params = [
        {
            "slug": e.slug,
            "name": e.name,
            "name_th": e.name_th,
            "type": e.type,
            "category": e.category,
            "description": e.description,
            "metadata": Jsonb(e.metadata),
            "muscle_groups": e.muscle_groups,
            "equipment": e.equipment,
            "difficulty": e.difficulty,
            "instructions": e.instructions,
            "tips": e.tips,
            "warnings": e.warnings,
            "aliases": e.aliases,
        }
        for e in rows
    ]
    with psycopg.connect(libpq_dsn(url)) as conn, conn.cursor() as cursor:
        cursor.executemany(UPSERT, params, returning=False)
        changed = cursor.rowcount
    return max(changed, 0)


def catalog_as_json() -> str:
    return json.dumps([e.__dict__ for e in load_catalog()], ensure_ascii=False, indent=2)
