"""/docs (Swagger UI) and /redoc from the vendored files, not a CDN."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import HTMLResponse

from spotter.web.security import DOCS_POLICY
from spotter.web.static import static_url

router = APIRouter(include_in_schema=False)


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>{head}</head><body>{body}</body></html>"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCS_POLICY})


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    return _page(
        "Spotter API – Swagger UI",
        f'<link rel="stylesheet" href="{static_url("vendor/swagger-ui/swagger-ui.css")}">'
        f'<link rel="icon" href="{static_url("vendor/swagger-ui/favicon-32x32.png")}">',
        '<main id="swagger-ui"></main>'
        f'<script src="{static_url("vendor/swagger-ui/swagger-ui-bundle.js")}"></script>'
        f'<script src="{static_url("app/docs.js")}"></script>',
    )


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    return _page(
        "Spotter API – ReDoc",
        "",
        '<div id="redoc" data-spec-url="/openapi.json"></div>'
        f'<script src="{static_url("vendor/redoc/redoc.standalone.js")}"></script>'
        f'<script src="{static_url("app/docs.js")}"></script>',
    )
