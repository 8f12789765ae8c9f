"""My own exercises: add (`/exercises/new`), edit (`/exercises/<id>/edit`),
archive after a confirmation page, and restore. Only the trainer who made an
exercise changes it: the built-in catalogue is read-only (403) and another
trainer's exercise is not found (404), as the API answers.

The edit form sends only the fields it shows, so what it does not show (tips,
a video address set through the API) stays as it was. The type is fixed once
made: the API does not change it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from spotter.context import Context
from spotter.db.models import Exercise
from spotter.exercises import repository as exercises_repository
from spotter.exercises import service as exercises_service
from spotter.exercises.schemas import ExerciseIn, ExerciseUpdate
from spotter.kit.errors import ProblemError
from spotter.web.deps import WebContext, attempt, trainers_only
from spotter.web.i18n import N_
from spotter.web.pages.exercises_checks import Checker, lines
from spotter.web.pages.exercises_labels import (
    CATEGORIES,
    EQUIPMENT,
    LABELS,
    LEVELS,
    MUSCLES,
    TYPES,
)
from spotter.web.render import render, translate

# Pages only a trainer uses; a trainee is sent to /exercises.
router = APIRouter(dependencies=trainers_only("/exercises"))
TEXT_FIELDS = ("name", "name_th", "type", "category", "difficulty", "description", "instructions")
Save = Callable[[Any], Awaitable[Exercise]]


@dataclass
class ExerciseDraft:
    """The form as typed (kept when it comes back with errors)."""

    text: dict[str, str] = field(default_factory=lambda: dict.fromkeys(TEXT_FIELDS, ""))
    muscles: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def draft_from_form(form: FormData) -> ExerciseDraft:
    def text(name: str) -> str:
        value = form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def ticked(name: str) -> list[str]:
        return [v for v in form.getlist(name) if isinstance(v, str) and v and len(v) <= 50]

    return ExerciseDraft(
        text={name: text(name) for name in TEXT_FIELDS},
        muscles=ticked("muscle"),
        equipment=ticked("equipment"),
    )


def draft_from_exercise(exercise: Exercise) -> ExerciseDraft:
    return ExerciseDraft(
        text={
            "name": exercise.name,
            "name_th": exercise.name_th or "",
            "type": exercise.type,
            "category": exercise.category,
            "difficulty": exercise.difficulty or "",
            "description": exercise.description or "",
            "instructions": "\n".join(exercise.instructions or []),
        },
        muscles=list(exercise.muscle_groups or []),
        equipment=list(exercise.equipment or []),
    )


def _choices(known: dict[str, str], ticked: list[str]) -> list[tuple[str, str]]:
    """(value, label) of every box: the library's words, then any other the
    exercise already has (made through the API), so editing keeps them."""
    return [*known.items(), *((value, value) for value in ticked if value not in known)]


def to_body(check: Checker, draft: ExerciseDraft, existing: Exercise | None) -> dict[str, Any]:
    """The API's body in camelCase; what is wrong goes to `check`."""
    typed = draft.text
    check.required("name", typed["name"], N_("Enter the exercise's name."))
    check.longest("name", typed["name"], 255)
    check.longest("name_th", typed["name_th"], 255)
    if existing is None:
        check.required("type", typed["type"], N_("Choose a type from the list."))
        check.chosen("type", typed["type"], TYPES, N_("Choose a type from the list."))
    # An exercise made through the API may keep a category of its own.
    categories = {**CATEGORIES, **({existing.category: ""} if existing else {})}
    check.required("category", typed["category"], N_("Choose a category from the list."))
    check.chosen("category", typed["category"], categories, N_("Choose a category from the list."))
    check.chosen("difficulty", typed["difficulty"], LEVELS, N_("Choose a level from the list."))
    check.longest("description", typed["description"], 5000)
    steps = lines(typed["instructions"])
    check.at_most("instructions", steps, 30)
    check.at_most("muscle", draft.muscles, 20)
    check.at_most("equipment", draft.equipment, 20)
    body = {
        "name": typed["name"],
        "nameTh": typed["name_th"] or None,
        "category": typed["category"],
        "difficulty": typed["difficulty"] or None,
        "description": typed["description"] or None,
        "instructions": steps or None,
        "muscleGroups": draft.muscles or None,
        "equipment": draft.equipment or None,
    }
    return body if existing else {**body, "type": typed["type"]}


def _form_page(
    request: Request, draft: ExerciseDraft, exercise: Exercise | None, status_code: int = 200
) -> Response:
    category = draft.text["category"]
    return render(
        request,
        "exercises_form.html",
        status_code=status_code,
        draft=draft,
        exercise=exercise,
        labels=LABELS,
        types=TYPES,
        categories=_choices(CATEGORIES, [category] if category else []),
        levels=LEVELS,
        muscles=_choices(MUSCLES, draft.muscles),
        equipment=_choices(EQUIPMENT, draft.equipment),
        action=f"/exercises/{exercise.id}/edit" if exercise else "/exercises/new",
    )


async def _submitted(
    request: Request,
    ctx: Context,
    exercise: Exercise | None,
    model: type[ExerciseIn] | type[ExerciseUpdate],
    save: Save,
) -> Response:
    """Save and go back to the library, or show the form again (422, or the
    service's refusal: 409 when the name is taken) with what was wrong."""
    draft = draft_from_form(await request.form())
    check = Checker(request)
    checked = check.validated(model, to_body(check, draft, exercise), "name")
    draft.errors = check.errors
    if checked is None:
        return _form_page(request, draft, exercise, status_code=422)
    saved = await attempt(ctx.session, lambda: save(checked))
    if isinstance(saved, ProblemError):
        # Names are unique across the library, the catalogue's included.
        taken = saved.status == 409
        draft.errors["name"] = (
            translate(request, "An exercise with this name already exists.")
            if taken
            else saved.detail
        )
        return _form_page(request, draft, exercise, status_code=saved.status)
    return RedirectResponse(
        f"/exercises?done={'saved' if exercise else 'created'}", status_code=303
    )


@router.get("/exercises/new")
async def new_exercise(request: Request) -> Response:
    draft = ExerciseDraft()
    draft.text["type"] = "weight_training"
    return _form_page(request, draft, None)


@router.post("/exercises/new")
async def create_exercise(request: Request, ctx: WebContext) -> Response:
    async def create(body: ExerciseIn) -> Exercise:
        return await exercises_service.create(ctx, body)

    return await _submitted(request, ctx, None, ExerciseIn, create)


async def _mine(exercise_id: uuid.UUID, ctx: WebContext) -> Exercise:
    """Mine to change; the catalogue is a 403 page, anyone else's a 404."""
    return await exercises_repository.get_mine(ctx.session, ctx.principal, exercise_id)


MyExercise = Annotated[Exercise, Depends(_mine)]


@router.get("/exercises/{exercise_id}/edit")
async def edit_exercise(request: Request, exercise: MyExercise) -> Response:
    return _form_page(request, draft_from_exercise(exercise), exercise)


@router.post("/exercises/{exercise_id}/edit")
async def update_exercise(request: Request, exercise: MyExercise, ctx: WebContext) -> Response:

    async def update(body: ExerciseUpdate) -> Exercise:
        return await exercises_service.update(ctx, exercise.id, body)

    return await _submitted(request, ctx, exercise, ExerciseUpdate, update)


@router.get("/exercises/{exercise_id}/archive")
async def confirm_archive(request: Request, exercise: MyExercise) -> Response:
    return render(request, "exercises_archive.html", exercise=exercise)


@router.post("/exercises/{exercise_id}/archive")
async def archive_exercise(exercise_id: uuid.UUID, ctx: WebContext) -> Response:
    await exercises_service.archive(ctx, exercise_id)
    return RedirectResponse("/exercises?done=archived", status_code=303)


@router.post("/exercises/{exercise_id}/restore")
async def restore_exercise(exercise_id: uuid.UUID, ctx: WebContext) -> Response:
    restore = ExerciseUpdate.model_validate_json('{"isActive": true}')
    await exercises_service.update(ctx, exercise_id, restore)
    return RedirectResponse("/exercises?done=restored", status_code=303)
