"""Every domain keeps one shape: a route handler parses, calls one service
function and shapes the answer, so none grows past a screenful."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "spotter"
ROUTE_METHODS = {"get", "post", "put", "patch", "delete", "api_route"}
LONGEST_BODY = 25


def route_handlers() -> list[tuple[str, int]]:
    """(file:function, lines of body after any docstring) for every function
    decorated as a route (`@router.get(...)` and the like)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            routes = [
                d
                for d in node.decorator_list
                if isinstance(d, ast.Call)
                and isinstance(d.func, ast.Attribute)
                and d.func.attr in ROUTE_METHODS
            ]
            if not routes:
                continue
            body = node.body
            if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:] or body
            lines = (node.end_lineno or node.lineno) - body[0].lineno + 1
            found.append((f"{path.relative_to(PACKAGE)}:{node.name}", lines))
    return found


def test_no_route_handler_is_longer_than_a_screenful() -> None:
    long = [(name, lines) for name, lines in route_handlers() if lines > LONGEST_BODY]
    assert long == []


def test_the_walk_sees_the_handlers() -> None:
    # Guards the test above against passing because nothing was found.
    names = {name for name, _ in route_handlers()}
    assert "workouts/router.py:create_workout" in names
    assert "web/pages/log_sync.py:sync_workout" in names
    assert len(names) > 150
