"""Templates: one Jinja2 environment, rendered in the request's language.

`render(request, "page.html", **context)` gives every template the same
common context: the viewer (or None), the locale, the CSRF token, the unread
count, theme and units, and the formatting filters of `i18n`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from spotter import clock
from spotter.web import i18n
from spotter.web.deps import (
    CSRF_FIELD,
    CSRF_HEADER,
    LANGUAGE_COOKIE,
    Viewer,
    csrf_token,
    set_csrf_cookie,
)
from spotter.web.i18n import N_, Locale
from spotter.web.static import static_url

TEMPLATES = Path(__file__).parent / "templates"


# The locale of the template being rendered; gettext in templates reads it.
_current_locale: ContextVar[Locale] = ContextVar("web_locale", default=i18n.DEFAULT_LOCALE)
# The CSRF token of the request being rendered, for macros that are globals
# of the environment and so do not see the page's context.
_current_csrf: ContextVar[str] = ContextVar("web_csrf", default="")


def _gettext(message: str) -> str:
    return i18n.translations(_current_locale.get()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.translations(_current_locale.get()).ngettext(singular, plural, n)


def _locale() -> Locale:
    return _current_locale.get()


def _form_token() -> str:
    return _current_csrf.get()


def _date(value: dt.date | dt.datetime | None, weekday: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = clock.local(value)
    return i18n.format_date(value, _locale(), weekday=weekday)


def _time(value: dt.time | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = clock.local(value)
    return i18n.format_time(value, _locale())


def _number(value: float | Decimal | int | None, digits: int = 1) -> str:
    return "" if value is None else i18n.format_number(value, _locale(), digits)


def _iso_local(value: dt.datetime) -> str:
    return clock.local(value).isoformat()


# The main navigation: where each kind of user goes first, and its words.
NAV_LABELS = {
    "/": N_("Today"),
    "/calendar": N_("Calendar"),
    "/roster": N_("Roster"),
    "/programs": N_("Programs"),
    "/exercises": N_("Exercises"),
    "/log": N_("Log workout"),
    "/history": N_("History"),
    "/progress": N_("Progress"),
    "/body-weight": N_("Body weight"),
    "/sessions": N_("Sessions"),
}
TRAINER_NAV = ("/", "/calendar", "/roster", "/programs", "/exercises")
TRAINEE_NAV = ("/", "/log", "/history", "/progress", "/body-weight", "/sessions")


MACRO_MODULES = frozenset({"forms", "lists", "sections", "tables"})


def _build() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"], default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(date=_date, time=_time, number=_number, iso_local=_iso_local)
    env.globals.update(
        csrf_field=CSRF_FIELD,
        form_token=_form_token,
        csrf_header=CSRF_HEADER,
        static_url=static_url,
        google_client_id="",
        nav_labels=NAV_LABELS,
        trainer_nav=TRAINER_NAV,
        trainee_nav=TRAINEE_NAV,
    )
    # Macros every page may call without an import: forms, lists, sections
    # (cards) and tables. They read nothing of the page's context (forms take
    # the CSRF token from `form_token()`); the calendar macros do, and are
    # imported `with context` where used. Loaded once: an edit to these
    # partials shows after a restart.
    for name in MACRO_MODULES:
        env.globals[name] = env.get_template(f"partials/{name}.html").module
    return env


environment = _build()


def configure(google_client_ids: list[str]) -> None:
    """Settings the templates need; called once when the app is built (the
    gym's time zone, which dates are shown in, is the clock's)."""
    environment.globals.update(google_client_id=",".join(google_client_ids))
    i18n.load_all()


def request_locale(request: Request) -> Locale:
    """The viewer's setting, else the language cookie of the switcher, else
    Accept-Language, else Thai."""
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    if viewer is not None:
        return viewer.locale
    return i18n.choose_locale(
        request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language")
    )


def render_text(request: Request, template: str, **context: Any) -> str:
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    locale = request_locale(request)
    common: Mapping[str, Any] = {
        "request": request,
        "viewer": viewer,
        "locale": locale,
        "csrf_token": csrf_token(request),
        "unread": viewer.unread if viewer else 0,
        "theme": viewer.theme if viewer else "auto",
        "weight_unit": viewer.weight_unit if viewer else "kg",
        "distance_unit": viewer.distance_unit if viewer else "km",
        "path": request.url.path,
        "full_path": _full_path(request),
    }
    # A page's own value must not hide a macro module every page calls.
    assert not MACRO_MODULES & context.keys(), sorted(MACRO_MODULES & context.keys())
    locale_set = _current_locale.set(locale)
    csrf_set = _current_csrf.set(common["csrf_token"])
    try:
        return environment.get_template(template).render({**common, **context})
    finally:
        _current_csrf.reset(csrf_set)
        _current_locale.reset(locale_set)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    response = HTMLResponse(render_text(request, template, **context), status_code=status_code)
    set_csrf_cookie(request, response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Cookie, Accept-Language, HX-Request"
    return response


def translate(request: Request, message: str) -> str:
    """A message from Python code (a flash, an error) in the request's language."""
    return i18n.gettext(request_locale(request), message)


def _full_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")
