"""Who is calling: a signed-in user with a role, within one sign-in session."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    id: uuid.UUID
    role: str
    session_id: uuid.UUID

    @property
    def is_trainer(self) -> bool:
        return self.role == "trainer"
