"""Idempotency keys that recover from faults (issue 9).

Revision ID: 0004_idempotency
Revises: 0003_privacy
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import folder_revision

revision = "0004_idempotency"
down_revision = "0003_privacy"
upgrade, downgrade = folder_revision("0004")
