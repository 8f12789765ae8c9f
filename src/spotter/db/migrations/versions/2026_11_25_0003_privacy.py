"""Privacy and search: private exercises, roster consent in the database,
spelling-tolerant exercise search (issue 9)."""

from spotter.db.migrations.sql import folder_revision

revision, down_revision, upgrade, downgrade = folder_revision("0003_privacy", after="0002_accounts")
