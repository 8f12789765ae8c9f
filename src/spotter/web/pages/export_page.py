"""Export: all my data as JSON, and the CSV files the API offers (body
weight: a trainee's own, or a trainer's linked trainees'), as plain links
the sign-in cookie opens."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from starlette.responses import Response

from spotter.body_weight import service as body_weight_service
from spotter.web.deps import CurrentViewer, WebContext
from spotter.web.pages.common import people_names
from spotter.web.render import render

router = APIRouter()


@router.get("/export")
async def export_page(request: Request, viewer: CurrentViewer, ctx: WebContext) -> Response:
    # A trainer has no body weight of their own: one file per linked trainee.
    trainees = await people_names(ctx) if viewer.is_trainer else {}
    ordered = sorted(trainees.items(), key=lambda pair: pair[1].casefold())
    return render(request, "export.html", trainees=ordered)


@router.get("/export/body-weight/{trainee_id}.csv")
async def trainee_body_weight_csv(ctx: WebContext, trainee_id: uuid.UUID) -> Response:
    """A linked trainee's entries (the service answers 404 for anyone else)."""
    return Response(
        await body_weight_service.export(ctx, trainee_id),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="body-weight-{trainee_id}.csv"',
            "Cache-Control": "no-store",
        },
    )
