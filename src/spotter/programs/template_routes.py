"""The five routes every kind of template has: list, create, read, change
and delete, written once and added for exercise and program templates.

A template is changed only by the trainer who wrote it; `own` loads it with
that check, so the right shows in each changing route's signature.
"""

# No `from __future__ import annotations`: the handlers are made inside a
# function and FastAPI must see their annotations as objects, not names.
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel

from spotter.context import TrainerContext, UserContext
from spotter.kit.openapi import problems
from spotter.kit.pagination import Page, PageArgs, page_out
from spotter.programs import repository, service
from spotter.programs.kinds import TemplateKind
from spotter.programs.repository import Template

Scope = Annotated[
    Literal["all", "mine"], Query(description="`mine`: only my own; `all`: mine and public.")
]


def _by_usage(template: Template) -> list[Any]:
    return [template.usage_count or 0, str(template.id)]


def add_template_routes(router: APIRouter, kind: TemplateKind) -> None:
    out = kind.schema_out.model_validate

    async def own(template_id: uuid.UUID, ctx: TrainerContext) -> Any:
        return await repository.get_own_template(
            ctx.session, kind.model, ctx.principal, template_id
        )

    async def listing(ctx: UserContext, page: PageArgs, scope: Scope = "all") -> Any:
        rows = await service.list_templates(ctx, kind.model, scope == "mine", page)
        return page_out(rows, page.limit, _by_usage, out)

    async def create(body: BaseModel, ctx: TrainerContext) -> Any:
        return out(await kind.create(ctx, body))

    async def read(template_id: uuid.UUID, ctx: UserContext) -> Any:
        return out(
            await repository.get_template(ctx.session, kind.model, ctx.principal, template_id)
        )

    async def update(
        template: Annotated[Any, Depends(own)], body: BaseModel, ctx: TrainerContext
    ) -> Any:
        return out(await kind.update(ctx, template, body))

    async def delete(template: Annotated[Any, Depends(own)], ctx: TrainerContext) -> None:
        await service.delete_template(ctx, template)

    # The request bodies differ per kind; FastAPI reads them from here.
    create.__annotations__["body"] = kind.schema_in
    update.__annotations__["body"] = kind.schema_update

    one = kind.path + "/{template_id}"
    answers_one: dict[str, Any] = {"response_model": kind.schema_out}
    page_of = Page[kind.schema_out]  # type: ignore[name-defined]
    routes: list[tuple[str, str, Callable[..., Awaitable[Any]], str, dict[str, Any]]] = [
        (
            kind.path,
            "GET",
            listing,
            f"list_{kind.noun}s",
            {"summary": kind.list_summary, "response_model": page_of},
        ),
        (
            kind.path,
            "POST",
            create,
            f"create_{kind.noun}",
            {
                "summary": kind.create_summary,
                "status_code": status.HTTP_201_CREATED,
                "responses": problems(401, 403, 422),
                **answers_one,
            },
        ),
        (one, "GET", read, f"get_{kind.noun}", {"responses": problems(401, 404), **answers_one}),
        (
            one,
            "PATCH",
            update,
            f"update_{kind.noun}",
            {"responses": problems(401, 403, 404, 422), **answers_one},
        ),
        (
            one,
            "DELETE",
            delete,
            f"delete_{kind.noun}",
            {"status_code": status.HTTP_204_NO_CONTENT, "responses": problems(401, 403, 404)},
        ),
    ]
    for path, method, handler, name, options in routes:
        router.add_api_route(path, handler, methods=[method], name=name, **options)
