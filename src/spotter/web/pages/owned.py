"""What the viewer may change, shared by pages: loading it as a route
parameter, and saving a template from its form.

No `from __future__ import annotations`: the loader is made inside a
function, and FastAPI must see its annotations as objects, not names.
"""

import uuid
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Path
from pydantic import BaseModel

from spotter.context import Context
from spotter.db.models import ExerciseTemplate, ProgramTemplate
from spotter.programs.kinds import TemplateKind
from spotter.programs.repository import get_own_template
from spotter.web.deps import WebContext
from spotter.web.pages.forms import every_field

Template = TypeVar("Template", ExerciseTemplate, ProgramTemplate)


def own_template(model: type[Template], id_in_path: str) -> Any:
    """A route parameter: the `model` named by `id_in_path` that is mine to
    change (locked), or a 404 page: someone else's stays unseen."""

    async def load(
        ctx: WebContext, template_id: Annotated[uuid.UUID, Path(alias=id_in_path)]
    ) -> Template:
        return await get_own_template(ctx.session, model, ctx.principal, template_id)

    return Depends(load)


async def save_template(
    ctx: Context, kind: TemplateKind, template: Template | None, body: BaseModel
) -> Any:
    """Create it, or change it: a form sends every field, so one left empty
    is cleared (`every_field`)."""
    if template is None:
        return await kind.create(ctx, body)
    return await kind.update(ctx, template, every_field(body, kind.schema_update))
