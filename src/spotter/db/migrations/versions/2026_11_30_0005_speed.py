"""Incremental personal records and a flat audit log (issue 12).

Revision ID: 0005_speed
Revises: 0004_idempotency
Create Date: 2026-11-30
"""

from spotter.db.migrations.sql import folder_revision

revision = "0005_speed"
down_revision = "0004_idempotency"
upgrade, downgrade = folder_revision("0005")
