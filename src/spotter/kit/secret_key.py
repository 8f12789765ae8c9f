"""SPOTTER_SECRET_KEY, or a key generated into the data directory once."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE = "secret_key"


def resolve_secret_key(configured: str | None, data_dir: str | Path) -> str:
    if configured is not None:
        return configured
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when several processes start at once, one key wins.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
