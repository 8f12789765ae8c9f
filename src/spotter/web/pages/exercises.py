"""Exercises: the library at `/exercises` (search that forgives typos and
reads Thai, filters by type, muscle, equipment and difficulty, "More" pages
on by keyset), with the trainer's archived exercises listed apart to
restore. The trainer's own exercises (exercises_form) and exercise
templates (exercises_templates) have their own modules, included here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from spotter.context import Context
from spotter.db.models import Exercise
from spotter.exercises import repository as exercises_repository
from spotter.exercises import service as exercises_service
from spotter.exercises.repository import ExerciseQuery
from spotter.kit.pagination import PageQuery
from spotter.web.deps import CurrentViewer, Viewer, WebContext
from spotter.web.pages import exercises_form, exercises_templates
from spotter.web.pages.exercises_labels import EQUIPMENT, LABELS, LEVELS, MUSCLES, TYPES
from spotter.web.render import render, translate

router = APIRouter()
# Before the forms' `/exercises/{id}/...`: "templates" is not an exercise's id.
router.include_router(exercises_templates.router)
router.include_router(exercises_form.router)

PAGE_SIZE = 20
ARCHIVED_SHOWN = 50
FILTERS = {"type": TYPES, "muscle": MUSCLES, "equipment": EQUIPMENT, "difficulty": LEVELS}


def _notice(request: Request, key: str) -> str | None:
    # The four messages, written out so the extractor finds them.
    words = {
        "created": translate(request, "The exercise was added to your library."),
        "saved": translate(request, "Your changes were saved."),
        "archived": translate(request, "The exercise was archived. You can restore it below."),
        "restored": translate(request, "The exercise is back in your library."),
    }
    return words.get(key)


@dataclass(frozen=True)
class ExerciseRow:
    """One exercise as the library lists it, named in the viewer's language."""

    exercise: Exercise
    name: str
    other_name: str | None
    mine: bool


def exercise_row(exercise: Exercise, viewer: Viewer) -> ExerciseRow:
    """Thai viewers read the Thai name first when there is one; the English
    name stays beside it, as gyms in Bangkok also say the English names."""
    thai = exercise.name_th if viewer.locale == "th" and exercise.name_th else None
    return ExerciseRow(
        exercise,
        thai or exercise.name,
        exercise.name if thai else None,
        exercise.created_by == viewer.principal.id,
    )


def _known(value: str, allowed: dict[str, str]) -> str | None:
    """A filter value the library defines, or none (an unknown one is ignored)."""
    return value if value in allowed else None


async def my_archived(ctx: Context) -> list[Exercise]:
    return await exercises_repository.archived_by(ctx.session, ctx.principal, ARCHIVED_SHOWN)


@dataclass(frozen=True)
class LibraryFilters:
    """The library's search box and filters as typed; an unknown filter value
    is ignored."""

    q: str
    chosen: dict[str, str | None]

    @property
    def query(self) -> ExerciseQuery:
        chosen = self.chosen
        return ExerciseQuery(
            q=self.q or None,
            type=chosen["type"],
            muscle=chosen["muscle"],
            equipment=chosen["equipment"],
            difficulty=chosen["difficulty"],
        )

    @property
    def typed(self) -> dict[str, str | None]:
        return {"q": self.q, **self.chosen}

    @property
    def searching(self) -> bool:
        return bool(self.q or any(self.chosen.values()))

    def more(self, cursor: str | None) -> str | None:
        """The next page's link, keeping the filters."""
        if cursor is None:
            return None
        filled = {name: value for name, value in self.typed.items() if value}
        return "/exercises?" + urlencode({**filled, "cursor": cursor})


async def library_filters(
    q: Annotated[str, Query(max_length=100)] = "",
    type: Annotated[str, Query(max_length=50)] = "",
    muscle: Annotated[str, Query(max_length=50)] = "",
    equipment: Annotated[str, Query(max_length=50)] = "",
    difficulty: Annotated[str, Query(max_length=50)] = "",
) -> LibraryFilters:
    typed = {"type": type, "muscle": muscle, "equipment": equipment, "difficulty": difficulty}
    return LibraryFilters(q.strip(), {k: _known(v, FILTERS[k]) for k, v in typed.items()})


@router.get("/exercises")
async def library_page(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    filters: Annotated[LibraryFilters, Depends(library_filters)],
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    # Browsing reads like a book, A to Z; a search puts the best match first.
    page = PageQuery(PAGE_SIZE, cursor)
    found = await exercises_service.library(ctx, filters.query, "name", page)
    archived = await my_archived(ctx) if viewer.is_trainer and cursor is None else []
    return render(
        request,
        "exercises.html",
        rows=[exercise_row(e, viewer) for e in found.items],
        archived=[exercise_row(e, viewer) for e in archived],
        typed=filters.typed,
        filters=FILTERS,
        labels=LABELS,
        more=filters.more(found.next_cursor),
        searching=filters.searching,
        continued=cursor is not None,
        notice=_notice(request, done),
    )
