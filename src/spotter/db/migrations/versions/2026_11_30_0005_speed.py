"""Incremental personal records and a flat audit log (issue 12)."""

from spotter.db.migrations.sql import folder_revision

revision, down_revision, upgrade, downgrade = folder_revision(
    "0005_speed", after="0004_idempotency"
)
