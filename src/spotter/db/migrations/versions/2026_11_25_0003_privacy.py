"""Privacy and search: private exercises, roster consent in the database,
spelling-tolerant exercise search (issue 9).

Revision ID: 0003_privacy
Revises: 0002_accounts
Create Date: 2026-11-25
"""

from spotter.db.migrations.sql import folder_revision

revision = "0003_privacy"
down_revision = "0002_accounts"
upgrade, downgrade = folder_revision("0003")
