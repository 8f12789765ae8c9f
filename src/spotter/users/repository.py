"""Queries about the signed-in user's own account and data."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from spotter.db import models
from spotter.db.base import Base
from spotter.db.queries import one_or_404
from spotter.db.reads import Query
from spotter.kit.principal import Principal

DEFAULT_LANGUAGE = "th"


async def get_self(session: AsyncSession, principal: Principal) -> models.User:
    # Policy users_update_self: a user writes only their own row.
    stmt = select(models.User).where(models.User.id == principal.id)
    return await one_or_404(session, stmt, "account")


# GET /me on the read path (db/reads.py): UserOut's fields, in its order.
# Policy users_select_visible lets everyone read their own row.
SELF_SQL = """
SELECT id, email, name, role, avatar, phone, date_of_birth AS "dateOfBirth", gender,
       height, weight, is_active AS "isActive", email_verified_at AS "emailVerifiedAt",
       last_login AS "lastLogin", created_at AS "createdAt", updated_at AS "updatedAt"
  FROM users WHERE id = %(me)s
"""


def self_query(user_id: uuid.UUID) -> Query:
    return Query(SELF_SQL, {"me": user_id})


async def get_settings(session: AsyncSession, principal: Principal) -> models.UserSettings:
    # Policy settings_own: a user reads and writes only their own settings.
    stmt = select(models.UserSettings).where(models.UserSettings.user_id == principal.id)
    return await one_or_404(session, stmt, "settings")


async def preferred_language(session: AsyncSession, user_id: uuid.UUID | None) -> str:
    """The language a user reads (the default for someone with no account)."""
    if user_id is None:
        return DEFAULT_LANGUAGE
    language = await session.scalar(select(func.preferred_language(user_id)))
    return language or DEFAULT_LANGUAGE


def row_as_dict(row: Base, hidden: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        column.key: getattr(row, column.key)
        for column in row.__mapper__.column_attrs
        if column.key not in hidden
    }


# What each table holds of a user's own, and the columns never exported.
EXPORTED: list[tuple[str, type[Base], tuple[str, ...], frozenset[str]]] = [
    ("settings", models.UserSettings, ("user_id",), frozenset()),
    ("sessions", models.UserSession, ("user_id",), frozenset({"refresh_token", "access_token"})),
    ("rosterLinks", models.TrainerTrainee, ("trainer_id", "trainee_id"), frozenset()),
    ("schedules", models.Schedule, ("trainer_id", "trainee_id"), frozenset()),
    ("workouts", models.Workout, ("trainer_id", "trainee_id"), frozenset()),
    ("sessionCards", models.SessionCard, ("trainer_id", "trainee_id"), frozenset()),
    ("bodyWeight", models.BodyWeightEntry, ("trainee_id",), frozenset()),
    ("notifications", models.Notification, ("user_id",), frozenset()),
    ("exercises", models.Exercise, ("created_by",), frozenset()),
    ("exerciseTemplates", models.ExerciseTemplate, ("created_by",), frozenset()),
    ("programTemplates", models.ProgramTemplate, ("created_by",), frozenset()),
    ("traineePrograms", models.TraineeProgram, ("trainer_id", "trainee_id"), frozenset()),
    ("webhooks", models.Webhook, ("user_id",), frozenset({"secret"})),
    ("auditLogs", models.AuditLog, ("user_id", "subject_user_id"), frozenset()),
]


async def export_rows(session: AsyncSession, user_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    exported: dict[str, list[dict[str, Any]]] = {}
    for key, model, owner_columns, hidden in EXPORTED:
        mapper_columns = model.__mapper__.columns
        condition = or_(*(mapper_columns[c] == user_id for c in owner_columns))
        rows = (await session.execute(select(model).where(condition))).scalars()
        exported[key] = [row_as_dict(row, hidden) for row in rows]
    # Where from and with what browser someone else acted on me stays theirs,
    # as in /audit-logs.
    for entry in exported["auditLogs"]:
        if entry["user_id"] != user_id:
            entry["ip_address"] = entry["user_agent"] = None
    return exported


async def delete_account(session: AsyncSession, user_id: uuid.UUID) -> None:
    # The seed's exercises.created_by has no ON DELETE action; a trainer's own
    # exercises go with the account (the built-in catalogue has no creator).
    await session.execute(delete(models.Exercise).where(models.Exercise.created_by == user_id))
    await session.execute(delete(models.User).where(models.User.id == user_id))
