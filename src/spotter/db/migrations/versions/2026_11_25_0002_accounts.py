"""Email verification and password-reset tokens (issue 9)."""

from spotter.db.migrations.sql import folder_revision

revision, down_revision, upgrade, downgrade = folder_revision("0002_accounts", after="0001_schema")
