"""Deferring a job from a request: inside its transaction, so the job exists
only if the request commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession


async def enqueue(session: AsyncSession, task: str, queue: str, **args: Any) -> None:
    payload = bindparam("args", value=args, type_=JSONB)
    await session.execute(select(func.defer_job(task, queue, payload)))
