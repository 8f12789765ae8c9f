"""The session card editor (trainers): write a card for a linked trainee,
prefilled from a workout, or edit one I wrote. Saving goes through the
session_cards service, so audit, notification and webhooks happen as
through the API."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from spotter import clock
from spotter.context import Context
from spotter.db.models import SessionCard, Workout
from spotter.kit.errors import NotFoundError, ProblemError
from spotter.kit.pagination import PageQuery
from spotter.kit.query import DateWindow
from spotter.roster import repository as roster_repository
from spotter.roster.scope import Whose, require_linked_trainee
from spotter.session_cards import repository as session_cards_repository
from spotter.session_cards import service as session_cards_service
from spotter.session_cards.schemas import SessionCardIn, SessionCardUpdate
from spotter.web.deps import CurrentViewer, Viewer, WebContext, attempt, trainers_only
from spotter.web.pages import card_editor_form as card_form
from spotter.web.pages.card_editor_form import CardForm
from spotter.web.pages.common import people_names
from spotter.web.render import render, translate
from spotter.workouts import repository as workouts_repository
from spotter.workouts import service as workouts_service
from spotter.workouts.schemas import WorkoutFilters

# Pages only a trainer uses; to a trainee they do not exist (404), as in the API.
router = APIRouter(dependencies=trainers_only(None))

RECENT_WORKOUTS = PageQuery(20, None)


async def _workout_choices(ctx: Context, trainee_id: uuid.UUID, selected: str) -> list[Workout]:
    """The trainee's recent workouts, and the chosen one should it be older."""
    filters = WorkoutFilters(DateWindow(), None, None)
    whose = Whose(ctx.principal, trainee_id)
    rows = await workouts_service.listing(ctx, whose, filters, RECENT_WORKOUTS)
    if selected and selected not in {str(w.id) for w in rows}:
        chosen = await _find_workout(ctx, selected)
        if chosen is not None and chosen.trainee_id == trainee_id:
            rows.insert(0, chosen)
    return rows


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


async def _find_workout(ctx: Context, workout_id: str) -> Workout | None:
    wanted = _as_uuid(workout_id)
    if wanted is None:
        return None
    return await workouts_repository.find(ctx.session, ctx.principal, wanted)


async def _editor(
    request: Request,
    ctx: Context,
    form: CardForm,
    trainee_id: uuid.UUID,
    card: SessionCard | None = None,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    """The form: for a new card (trainee fixed, workout to choose) or for a
    card I wrote (its workout shown; the API does not change it)."""
    trainee = await roster_repository.person(ctx.session, trainee_id)
    if card is None:
        workouts = await _workout_choices(ctx, trainee_id, form.text("workout"))
        linked = None
    else:
        workouts = []
        linked = await _find_workout(ctx, str(card.workout_id)) if card.workout_id else None
    return render(
        request,
        "card_editor.html",
        status_code=status_code,
        form=form,
        card=card,
        action=f"/cards/{card.id}/edit" if card else "/cards/new",
        trainee=trainee,
        trainee_id=trainee_id,
        workouts=workouts,
        linked_workout=linked,
        errors=errors or {},
    )


def _refusal_errors(request: Request, refusal: ProblemError) -> dict[str, str]:
    """The service's refusal, next to the field it is about."""
    if isinstance(refusal, NotFoundError):
        return {"trainee": translate(request, "This person is not one of your trainees now.")}
    fields = [str(e.get("field")) for e in refusal.extra.get("errors", [])]
    if "body.workoutId" in fields:
        return {"workout": translate(request, "Choose one of this trainee's workouts.")}
    return {"form": refusal.detail}


async def _saved_or_form(
    request: Request,
    ctx: Context,
    form: CardForm,
    trainee_id: uuid.UUID,
    card: SessionCard | None,
    save: Any,
) -> Response:
    """Run the save; on a refusal the form comes back (422), nothing kept."""
    outcome = await attempt(ctx.session, save)
    if isinstance(outcome, ProblemError):
        errors = _refusal_errors(request, outcome)
        status = 422 if outcome.status in (404, 422) else outcome.status
        return await _editor(
            request, ctx, form, trainee_id, card, status_code=status, errors=errors
        )
    return RedirectResponse(f"/cards/{outcome.id}", status_code=303)


async def _submitted(request: Request) -> tuple[CardForm, CardForm | None]:
    """The form as typed, and the form after an Add/Remove button (or None)."""
    data = await request.form()
    form = card_form.from_request(data)
    changed = card_form.with_row_change(
        form, str(data.get("add") or ""), str(data.get("remove") or "")
    )
    return form, changed


async def _prefilled(
    request: Request, viewer: Viewer, ctx: Context, form: CardForm, trainee_id: uuid.UUID
) -> Response:
    """ "Fill in from this workout": the chosen workout's draft added to what
    was typed (nothing saved yet)."""
    workout_id = _as_uuid(form.text("workout"))
    draft = (
        await attempt(
            ctx.session,
            lambda: session_cards_service.draft_from_workout(ctx, trainee_id, workout_id),
        )
        if workout_id is not None
        else None
    )
    if not isinstance(draft, session_cards_service.WorkoutDraft):
        errors = {"workout": translate(request, "Choose one of this trainee's workouts.")}
        return await _editor(request, ctx, form, trainee_id, status_code=422, errors=errors)
    drafted = card_form.from_draft(request, viewer, draft)
    return await _editor(request, ctx, card_form.merged(form, drafted), trainee_id)


@router.get("/cards/new")
async def new_card(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    trainee: Annotated[uuid.UUID | None, Query()] = None,
    workout: Annotated[uuid.UUID | None, Query()] = None,
) -> Response:
    if trainee is None:
        names = sorted((await people_names(ctx)).items(), key=lambda item: item[1].lower())
        return render(request, "card_editor_pick.html", trainees=names)
    if workout is None:
        await require_linked_trainee(ctx.session, ctx.principal, trainee)
        form = CardForm({"date": clock.today().isoformat()})
    else:
        draft = await session_cards_service.draft_from_workout(ctx, trainee, workout)
        form = card_form.from_draft(request, viewer, draft)
    return await _editor(request, ctx, form, trainee)


@router.post("/cards/new")
async def create_card(request: Request, viewer: CurrentViewer, ctx: WebContext) -> Response:
    data = await request.form()
    trainee_id = _as_uuid(str(data.get("trainee") or ""))
    if trainee_id is None:
        raise NotFoundError("trainee")
    form, changed = await _submitted(request)
    if changed is not None:
        return await _editor(request, ctx, changed, trainee_id)
    if "prefill" in data:
        return await _prefilled(request, viewer, ctx, form, trainee_id)
    body = card_form.api_body(form)
    body |= {"traineeId": str(trainee_id), "workoutId": form.text("workout") or None}
    parsed = card_form.validate(request, SessionCardIn, body)
    if isinstance(parsed, dict):
        shown = card_form.without_empty_rows(form)
        return await _editor(request, ctx, shown, trainee_id, status_code=422, errors=parsed)
    return await _saved_or_form(
        request, ctx, form, trainee_id, None, lambda: session_cards_service.create(ctx, parsed)
    )


async def _my_card(ctx: Context, card_id: uuid.UUID) -> SessionCard:
    """A card I wrote, for a trainee still linked to me; 404 otherwise."""
    return await session_cards_repository.get_written_by_me(ctx.session, ctx.principal, card_id)


@router.get("/cards/{card_id}/edit")
async def edit_card(request: Request, ctx: WebContext, card_id: uuid.UUID) -> Response:
    card = await _my_card(ctx, card_id)
    return await _editor(request, ctx, card_form.from_card(card), card.trainee_id, card)


@router.post("/cards/{card_id}/edit")
async def update_card(request: Request, ctx: WebContext, card_id: uuid.UUID) -> Response:
    card = await _my_card(ctx, card_id)
    form, changed = await _submitted(request)
    if changed is not None:
        return await _editor(request, ctx, changed, card.trainee_id, card)
    parsed = card_form.validate(request, SessionCardUpdate, card_form.api_body(form))
    if isinstance(parsed, dict):
        shown = card_form.without_empty_rows(form)
        return await _editor(
            request, ctx, shown, card.trainee_id, card, status_code=422, errors=parsed
        )
    return await _saved_or_form(
        request,
        ctx,
        form,
        card.trainee_id,
        card,
        lambda: session_cards_service.update(ctx, card, parsed),
    )
