"""The two kinds of template, exercise and program: their model, schemas
and service functions together, for the API's routes (`template_routes.py`)
and the web app's forms alike."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from spotter.context import Context
from spotter.db.models import ExerciseTemplate, ProgramTemplate
from spotter.programs import service
from spotter.programs.schemas import (
    ExerciseTemplateIn,
    ExerciseTemplateOut,
    ExerciseTemplateUpdate,
    ProgramTemplateIn,
    ProgramTemplateOut,
    ProgramTemplateUpdate,
)


@dataclass(frozen=True)
class TemplateKind:
    noun: str  # "exercise_template": names the handlers, so operation ids stay put
    model: type[Any]
    schema_in: type[BaseModel]
    schema_update: type[BaseModel]
    schema_out: type[BaseModel]
    create: Callable[[Context, Any], Awaitable[Any]]
    update: Callable[[Context, Any, Any], Awaitable[Any]]
    list_summary: str
    create_summary: str

    @property
    def path(self) -> str:
        return "/" + self.noun.replace("_", "-") + "s"


EXERCISE_TEMPLATES = TemplateKind(
    noun="exercise_template",
    model=ExerciseTemplate,
    schema_in=ExerciseTemplateIn,
    schema_update=ExerciseTemplateUpdate,
    schema_out=ExerciseTemplateOut,
    create=service.create_exercise_template,
    update=service.update_template,
    list_summary="Exercise templates: mine and public ones",
    create_summary="Create an exercise template (trainer)",
)
PROGRAM_TEMPLATES = TemplateKind(
    noun="program_template",
    model=ProgramTemplate,
    schema_in=ProgramTemplateIn,
    schema_update=ProgramTemplateUpdate,
    schema_out=ProgramTemplateOut,
    create=service.create_program_template,
    update=service.update_program_template,
    list_summary="Program templates: mine and public ones",
    create_summary="Create a multi-week program (trainer)",
)
