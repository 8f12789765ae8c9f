"""Schemathesis hooks (loaded with SCHEMATHESIS_HOOKS) that bend generated
cases the ways that once gave 500s, beyond what the OpenAPI document says:
a NUL byte in a string or a key, a year 0001 or 9999 date, a zoned or
numeric time of day, a boolean where an integer goes and the reverse.

Each case of the fuzzing phase is left alone or bent once, in its body, query
or path; the server must answer each with a 4xx, never a 5xx.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import Any

import schemathesis
from hypothesis import strategies as st

DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
TIME = re.compile(r"^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$")
EXTREME_DATES = ("0001-01-01", "9999-12-31")
BAD_TIMES: tuple[object, ...] = ("10:00+07:00", "23:59Z", 36000, 10.5)
CONTAINERS = ("body", "query", "path_parameters")

Where = tuple[str, tuple[Any, ...]]  # a case attribute, and a path of keys into it


def _walk(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _spots(case: Any, wanted: Callable[[Any], bool], containers: tuple[str, ...]) -> list[Where]:
    spots: list[Where] = []
    for name in containers:
        value = getattr(case, name, None)
        if value is None or type(value).__name__ == "NotSet":
            continue
        spots += [(name, path) for path, leaf in _walk(value) if wanted(leaf)]
    return spots


def _replace(case: Any, where: Where, change: Callable[[Any], Any]) -> None:
    name, path = where
    root = copy.deepcopy(getattr(case, name))
    if not path:
        setattr(case, name, change(root))
        return
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = change(parent[path[-1]])
    setattr(case, name, root)


def _with_nul(text: str) -> str:
    middle = len(text) // 2
    return text[:middle] + "\x00" + text[middle:]


def _nul_in_key(mapping: dict[str, Any]) -> dict[str, Any]:
    key = next(iter(mapping))
    return {(_with_nul(key) if k == key else k): v for k, v in mapping.items()}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


Bend = tuple[Callable[[Any], bool], Callable[[Any, int], Any], tuple[str, ...]]

# What to look for, how to bend it (given a number drawn for the choice), and where.
BENDS: dict[str, Bend] = {
    "nul in a string": (lambda v: isinstance(v, str), lambda v, n: _with_nul(v), CONTAINERS),
    # Only in bodies: a renamed path parameter is a broken case, not bad input.
    "nul in a key": (
        lambda v: isinstance(v, dict) and bool(v),
        lambda v, n: _nul_in_key(v),
        ("body",),
    ),
    "extreme date": (
        lambda v: isinstance(v, str) and bool(DATE.match(v)),
        lambda v, n: EXTREME_DATES[n % len(EXTREME_DATES)],
        CONTAINERS,
    ),
    "zoned or numeric time": (
        lambda v: isinstance(v, str) and bool(TIME.match(v)),
        lambda v, n: BAD_TIMES[n % len(BAD_TIMES)],
        CONTAINERS,
    ),
    "boolean for an integer": (_is_int, lambda v, n: n % 2 == 0, CONTAINERS),
    "integer for a boolean": (lambda v: isinstance(v, bool), lambda v, n: int(v), CONTAINERS),
}


def bend(case: Any, kind: str | None, n: int) -> Any:
    if kind is None:
        return case
    wanted, change, containers = BENDS[kind]
    spots = _spots(case, wanted, containers)
    if spots:
        _replace(case, spots[n % len(spots)], lambda value: change(value, n))
    return case


@schemathesis.hook
def flatmap_case(context: Any, case: Any) -> st.SearchStrategy[Any]:
    # _replace bends copies, so these stay as generated: each draw starts
    # from them again rather than from the previous draw's bend.
    generated = {name: getattr(case, name) for name in CONTAINERS}

    def bent(drawn: tuple[str | None, int]) -> Any:
        for name, value in generated.items():
            if getattr(case, name) is not value:
                setattr(case, name, value)
        return bend(case, *drawn)

    kinds: list[str | None] = [None, *BENDS]
    return st.tuples(st.sampled_from(kinds), st.integers(0, 1 << 16)).map(bent)
