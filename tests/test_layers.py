"""Imports point down: kit/ knows nothing of Spotter, db/ knows no domain."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "spotter"


def spotter_imports(folder: str) -> list[tuple[str, str]]:
    """(file, imported module) for every `spotter.*` import under `folder`."""
    found = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found += [(path.name, n) for n in names if n.split(".")[0] == "spotter"]
    return found


def test_kit_imports_nothing_of_spotter_but_kit() -> None:
    outside = [(f, m) for f, m in spotter_imports("kit") if not m.startswith("spotter.kit")]
    assert outside == []


def test_db_imports_no_domain() -> None:
    allowed = ("spotter.kit", "spotter.db", "spotter.config")
    outside = [(f, m) for f, m in spotter_imports("db") if not m.startswith(allowed)]
    assert outside == []


def test_the_checker_sees_imports() -> None:
    # Guards the two tests above against passing because nothing was parsed.
    assert any(m == "spotter.kit.errors" for _, m in spotter_imports("db"))
