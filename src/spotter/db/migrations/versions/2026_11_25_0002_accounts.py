"""Email verification and password-reset tokens (issue 9).

Revision ID: 0002_accounts
Revises: 0001_schema
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import folder_revision

revision = "0002_accounts"
down_revision = "0001_schema"
upgrade, downgrade = folder_revision("0002")
