"""The Thai and English catalogues are complete: every message the templates
and the web app's Python use has a non-empty translation in both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from spotter.web import i18n

WEB = Path(i18n.__file__).parent
# `translate(request, "...")` is how Python code in the web app asks for text.
PYTHON_KEYWORDS = {**DEFAULT_KEYWORDS, "translate": (2,)}


def _messages(message: str | tuple[str, ...] | list[str]) -> Iterator[str]:
    """The msgid (a plural's singular form is its msgid)."""
    if isinstance(message, tuple | list):
        if message and message[0]:
            yield message[0]
    elif message:
        yield message


def used_messages() -> dict[str, str]:
    """msgid -> where it is used."""
    found: dict[str, str] = {}
    for path in sorted((WEB / "templates").rglob("*.html")):
        with path.open("rb") as template:
            options = {
                "extensions": "jinja2.ext.i18n",
                "trim_blocks": "true",
                "lstrip_blocks": "true",
            }
            for line, message, _, _ in extract(babel_extract, template, options=options):  # type: ignore[arg-type]
                for text in _messages(message):
                    found.setdefault(text, f"{path.relative_to(WEB)}:{line}")
    for path in sorted(WEB.rglob("*.py")):
        with path.open("rb") as source:
            for line, message, _, _ in extract("python", source, keywords=PYTHON_KEYWORDS):
                for text in _messages(message):
                    found.setdefault(text, f"{path.relative_to(WEB)}:{line}")
    return found


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_message_is_translated(locale: str) -> None:
    path = i18n.LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale)
    missing = []
    for text, where in used_messages().items():
        entry = catalog.get(text)
        translated = entry.string if entry is not None else None
        if isinstance(translated, tuple | list):
            translated = "" if not all(translated) else translated[0]
        if not translated:
            missing.append(f"{where}: {text!r}")
    assert not missing, f"untranslated in {locale}:\n" + "\n".join(missing)


def test_the_extraction_sees_templates_and_python() -> None:
    used = used_messages()
    assert "Sign in" in used
    assert "The email or password is wrong." in used


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_catalogue_has_no_duplicate_entries(locale: str) -> None:
    """Two helpers append to the files; a msgid appended twice is an error."""
    text = (i18n.LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    ids = [line for line in text.splitlines() if line.startswith("msgid ")]
    duplicates = {line for line in ids if ids.count(line) > 1}
    assert not duplicates, duplicates
