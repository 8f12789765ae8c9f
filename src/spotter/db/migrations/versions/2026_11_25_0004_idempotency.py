"""Idempotency keys that recover from faults (issue 9)."""

from spotter.db.migrations.sql import folder_revision

revision, down_revision, upgrade, downgrade = folder_revision(
    "0004_idempotency", after="0003_privacy"
)
