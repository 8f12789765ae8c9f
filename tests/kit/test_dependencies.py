"""Every dependency of every route is a coroutine: FastAPI runs a plain
`def` dependency in a worker thread, and on the hot path that hop cost more
than the work (a profile of GET /me spent a third of its samples there)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _dependants(routes: list[Any]) -> Iterator[Dependant]:
    """Each route's dependencies as FastAPI runs them: an included router's
    routes carry the dependencies given to include_router() too."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route.dependant
        elif hasattr(route, "effective_route_contexts"):  # an included router
            for context in route.effective_route_contexts():
                if getattr(context, "dependant", None) is not None:
                    yield context.dependant


def test_no_route_depends_on_a_plain_function(app: Any) -> None:
    dependants = list(_dependants(app.routes))
    assert len(dependants) > 100
    threaded = {
        f"{call.__module__}.{call.__qualname__}"
        for dependant in dependants
        for call in _calls(dependant)
        if not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call))
        and not inspect.iscoroutinefunction(type(call).__call__)
    }
    assert threaded == set()
