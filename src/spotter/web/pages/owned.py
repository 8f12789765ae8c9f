"""Route parameters that load what the viewer may change, shared by pages.

No `from __future__ import annotations`: the loader is made inside a
function, and FastAPI must see its annotations as objects, not names.
"""

import uuid
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Path

from spotter.db.models import ExerciseTemplate, ProgramTemplate
from spotter.programs.repository import get_own_template
from spotter.web.deps import WebContext

Template = TypeVar("Template", ExerciseTemplate, ProgramTemplate)


def own_template(model: type[Template], id_in_path: str) -> Any:
    """A route parameter: the `model` named by `id_in_path` that is mine to
    change (locked), or a 404 page: someone else's stays unseen."""

    async def load(
        ctx: WebContext, template_id: Annotated[uuid.UUID, Path(alias=id_in_path)]
    ) -> Template:
        return await get_own_template(ctx.session, model, ctx.principal, template_id)

    return Depends(load)
