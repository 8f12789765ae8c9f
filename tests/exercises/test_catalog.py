"""The built-in exercise catalogue: complete, bilingual, synced in place."""

from __future__ import annotations

import dataclasses
import re

from sqlalchemy import text
from sqlalchemy.engine import URL, Connection, Engine

from spotter.exercises.catalog import CatalogEntry, load_catalog, sync_catalog

THAI = re.compile(r"[\u0E00-\u0E7F]")
CATALOG = load_catalog()


def test_the_catalogue_has_at_least_200_distinct_exercises() -> None:
    assert len(CATALOG) >= 200
    assert len({e.slug for e in CATALOG}) == len(CATALOG)
    assert len({e.name.lower() for e in CATALOG}) == len(CATALOG)


def test_every_entry_is_complete_and_bilingual() -> None:
    for entry in CATALOG:
        assert THAI.search(entry.name_th), entry.slug
        assert entry.muscle_groups, entry.slug
        assert entry.instructions, entry.slug
        assert entry.tips, entry.slug
        assert entry.warnings, entry.slug
        assert entry.description.endswith("."), entry.slug
        assert list(entry.metadata) == [entry.type], entry.slug


def test_every_type_and_difficulty_is_represented() -> None:
    assert {e.type for e in CATALOG} == {"weight_training", "cardio", "flexibility"}
    assert {e.difficulty for e in CATALOG} == {"beginner", "intermediate", "advanced"}


def test_metadata_is_shaped_as_the_seed_shows() -> None:
    by_type = {e.type: e.metadata[e.type] for e in CATALOG}
    assert set(by_type["weight_training"]) == {
        "defaultSets",
        "defaultReps",
        "restTime",
        "targetMuscles",
    }
    assert set(by_type["cardio"]) == {"targetHeartRate", "caloriesPerMinute"}
    assert set(by_type["flexibility"]) == {"holdTime", "breathingPattern"}


def test_the_upgrade_loaded_the_whole_catalogue(db: Connection) -> None:
    loaded = db.execute(text("SELECT count(*) FROM exercises WHERE slug IS NOT NULL")).scalar_one()
    assert loaded == len(CATALOG)
    squat = db.execute(
        text("SELECT name_th, type, muscle_groups FROM exercises WHERE slug = 'barbell-back-squat'")
    ).one()
    assert squat.type == "weight_training"
    assert "quadriceps" in squat.muscle_groups


def test_a_second_sync_changes_nothing(database_url: URL) -> None:
    assert sync_catalog(database_url) == 0


def test_a_changed_entry_is_updated_in_place(database_url: URL, owner_engine: Engine) -> None:
    slug = "push-up"
    with owner_engine.begin() as db:
        before = db.execute(
            text("UPDATE exercises SET usage_count = 7 WHERE slug = :s RETURNING id"), {"s": slug}
        ).scalar_one()
    original = next(e for e in CATALOG if e.slug == slug)
    changed: CatalogEntry = dataclasses.replace(original, tips=["A brand-new tip."])
    try:
        assert sync_catalog(database_url, [changed]) == 1
        with owner_engine.connect() as db:
            row = db.execute(
                text("SELECT id, tips, usage_count FROM exercises WHERE slug = :s"), {"s": slug}
            ).one()
        assert (row.id, row.tips, row.usage_count) == (before, ["A brand-new tip."], 7)
    finally:
        sync_catalog(database_url, [original])
        with owner_engine.begin() as db:
            db.execute(text("UPDATE exercises SET usage_count = 0 WHERE slug = :s"), {"s": slug})
