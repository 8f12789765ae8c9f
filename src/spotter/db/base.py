"""Declarative base with PostgreSQL's own constraint names, so that models and
the SQL migrations name things alike."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import DateTime, ForeignKey, MetaData, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    # `index=True` on a column gives the seed's name, idx_<table>_<column>.
    "ix": "idx_%(table_name)s_%(column_0_N_name)s",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "ck": "%(table_name)s_%(constraint_name)s",
    "fk": "%(table_name)s_%(column_0_N_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def uuid_pk() -> Mapped[uuid.UUID]:
    # First among the columns, as in the tables, also when a mixin gives it.
    return mapped_column(primary_key=True, server_default=text("gen_random_uuid()"), sort_order=-1)


def user_ref(**options: Any) -> Any:
    """A user's id; the row goes when the user does (ON DELETE CASCADE)."""
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), **options)


def created_at() -> Mapped[dt.datetime | None]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


def updated_at() -> Mapped[dt.datetime | None]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class Timestamped:
    """created_at and updated_at; the update_<table>_updated_at trigger keeps
    the second one current."""

    created_at: Mapped[dt.datetime | None] = created_at()
    updated_at: Mapped[dt.datetime | None] = updated_at()


class Entity(Timestamped):
    """A row with its own uuid id (drawn by the database) and timestamps."""

    id: Mapped[uuid.UUID] = uuid_pk()
