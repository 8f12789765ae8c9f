"""Body weight: log today's weight (in my units), see it with the BMI the
database computes as a chart and a table, export and import CSV."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from spotter import clock
from spotter.body_weight import service as body_weight_service
from spotter.body_weight.schemas import BodyWeightIn, Measurement
from spotter.context import Context
from spotter.db.models import BodyWeightEntry
from spotter.kit.errors import ProblemError
from spotter.kit.pagination import PageQuery, by_date, page_of
from spotter.kit.query import DateWindow
from spotter.web import i18n
from spotter.web.deps import CurrentViewer, Viewer, WebContext, attempt
from spotter.web.pages.history import weight
from spotter.web.render import render, translate

router = APIRouter()

PAGE_SIZE = 30
EPOCH = dt.date(1970, 1, 1)
# The file input's limit is the service's; this only stops a runaway upload early.
MAX_UPLOAD = 2 * 1024 * 1024


def weigh_in_rows(viewer: Viewer, entries: list[BodyWeightEntry]) -> list[dict[str, Any]]:
    """What partials/weight_chart.html tabulates: the weight in the viewer's unit."""
    return [
        {"date": entry.date, "weight": weight(viewer, entry.weight), "bmi": entry.bmi}
        for entry in entries
    ]


def weight_chart(request: Request, viewer: Viewer, entries: list[BodyWeightEntry]) -> str:
    """Oldest first, as charts.js draws it: weight on the left scale, BMI on the right."""
    ordered = sorted(entries, key=lambda e: e.date)
    unit = viewer.weight_unit
    return json.dumps(
        {
            "x": [(e.date - EPOCH).days * 86400 for e in ordered],
            "series": [
                {
                    "label": translate(request, "Weight") + f" ({unit})",
                    "values": [float(weight(viewer, e.weight) or 0) for e in ordered],
                },
                {
                    "label": translate(request, "BMI"),
                    "values": [float(e.bmi) if e.bmi is not None else None for e in ordered],
                    "scale": "bmi",
                },
            ],
        },
        ensure_ascii=False,
    )


async def _page(
    request: Request,
    viewer: Viewer,
    ctx: Context,
    cursor: str | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> Response:
    if viewer.is_trainer:
        return render(request, "body_weight.html", status_code=status_code, trainer=True)
    rows = await body_weight_service.listing(ctx, None, DateWindow(), PageQuery(PAGE_SIZE, cursor))
    page = page_of(rows, PAGE_SIZE, by_date)
    context.setdefault("form_date", clock.today().isoformat())
    return render(
        request,
        "body_weight.html",
        status_code=status_code,
        trainer=False,
        entries=weigh_in_rows(viewer, page.items),
        next_cursor=page.next_cursor,
        chart=weight_chart(request, viewer, page.items) if page.items else None,
        today=clock.today().isoformat(),
        **context,
    )


@router.get("/body-weight")
async def body_weight_page(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    saved: Annotated[dt.date | None, Query()] = None,
    imported: Annotated[int | None, Query(ge=0)] = None,
    replaced: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    notice = None
    if saved is not None:
        notice = translate(request, "Saved your weight of %(day)s.") % {
            "day": i18n.format_date(saved, viewer.locale)
        }
    elif imported is not None:
        notice = translate(request, "Imported %(new)s new and replaced %(old)s entries.") % {
            "new": imported,
            "old": replaced or 0,
        }
    return await _page(request, viewer, ctx, cursor, notice=notice)


def _measurement(
    request: Request, viewer: Viewer, day: str, amount: str
) -> BodyWeightIn | dict[str, str]:
    """The form in kg, or {field: message} in the person's language."""
    try:
        typed = Decimal(amount.strip().replace(",", "."))
        if not typed.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        return {"weight": translate(request, "Enter your weight as a number.")}
    kg = i18n.weight_from_input(typed, "lbs" if viewer.weight_unit == "lbs" else "kg")
    try:
        # JSON mode: the strict input model reads the date from its text form.
        return BodyWeightIn.model_validate_json(json.dumps({"date": day, "weight": float(kg)}))
    except ValidationError as exc:
        fields = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
        errors = {}
        if "weight" in fields:
            low = i18n.weight_for_display(20, "lbs" if viewer.weight_unit == "lbs" else "kg")
            high = i18n.weight_for_display(400, "lbs" if viewer.weight_unit == "lbs" else "kg")
            errors["weight"] = translate(
                request, "Enter a weight between %(low)s and %(high)s %(unit)s."
            ) % {"low": low, "high": high, "unit": viewer.weight_unit}
        if "date" in fields:
            errors["date"] = translate(request, "Enter a date that is not in the future.")
        return errors or {"weight": translate(request, "Please check what you entered")}


@router.post("/body-weight")
async def save_weight(
    request: Request,
    viewer: CurrentViewer,
    ctx: WebContext,
    weight_value: Annotated[str, Form(alias="weight", max_length=20)] = "",
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
) -> Response:
    parsed = _measurement(request, viewer, day or clock.today().isoformat(), weight_value)
    typed = {"form_weight": weight_value, "form_date": day}
    if isinstance(parsed, dict):
        return await _page(request, viewer, ctx, None, status_code=422, errors=parsed, **typed)
    entry = parsed
    outcome = await attempt(
        ctx.session,
        lambda: body_weight_service.replace(
            ctx, None, entry.date, Measurement(weight=entry.weight)
        ),
    )
    if isinstance(outcome, ProblemError):
        errors = {"weight": outcome.detail}
        return await _page(
            request, viewer, ctx, None, status_code=outcome.status, errors=errors, **typed
        )
    return RedirectResponse(f"/body-weight?saved={entry.date.isoformat()}", status_code=303)


@router.get("/body-weight/export.csv")
async def export_csv(ctx: WebContext) -> Response:
    return Response(
        await body_weight_service.export(ctx, None),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="body-weight.csv"'},
    )


@router.post("/body-weight/import")
async def import_csv(
    request: Request, viewer: CurrentViewer, ctx: WebContext, file: UploadFile | None = None
) -> Response:
    raw = await file.read(MAX_UPLOAD + 1) if file is not None else b""
    outcome = await attempt(ctx.session, lambda: body_weight_service.import_csv(ctx, None, raw))
    if isinstance(outcome, ProblemError):
        lines = outcome.extra.get("lines") or []
        return await _page(
            request,
            viewer,
            ctx,
            None,
            status_code=outcome.status,
            import_error=outcome.detail,
            import_lines=lines,
        )
    target = f"/body-weight?imported={outcome.imported}&replaced={outcome.replaced}"
    return RedirectResponse(target, status_code=303)
