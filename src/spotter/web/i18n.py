"""Language, dates and units: the one formatting path of the web app.

The locale is the user's setting, else the browser's Accept-Language, else
Thai. Catalogues are the .po files themselves, read once at start-up into
memory (no compiled .mo files to keep in step). Thai dates use the Buddhist
era: Babel prints the Gregorian year for `th`, so the year is added here.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from babel.support import Translations

Locale = Literal["th", "en"]
LOCALES: tuple[Locale, ...] = ("th", "en")
DEFAULT_LOCALE: Locale = "th"
LOCALE_DIR = Path(__file__).parent / "locale"
BUDDHIST_ERA_OFFSET = 543

KG_PER_LB = Decimal("0.45359237")
KM_PER_MILE = Decimal("1.609344")


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Marks a message for the catalogues; it is translated where it is shown."""
    return message


def as_locale(value: str | None) -> Locale | None:
    if value is None:
        return None
    tag = value.strip().lower().replace("_", "-").split("-")[0]
    return "th" if tag == "th" else "en" if tag == "en" else None


def from_accept_language(header: str | None) -> Locale | None:
    """The best of our locales in an Accept-Language header, by q-value."""
    if not header:
        return None
    choices: list[tuple[float, int, Locale]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        locale = as_locale(tag)
        if locale is not None and quality > 0:
            choices.append((-quality, position, locale))
    return min(choices)[2] if choices else None


def choose_locale(setting: str | None, accept_language: str | None) -> Locale:
    return as_locale(setting) or from_accept_language(accept_language) or DEFAULT_LOCALE


@cache
def translations(locale: Locale) -> Translations:
    """The catalogue for `locale`, compiled in memory from its .po file."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")


def load_all() -> None:
    """Read every catalogue now, so a broken .po fails at start-up."""
    for locale in LOCALES:
        translations(locale)


def gettext(locale: Locale, message: str) -> str:
    return translations(locale).gettext(message)


# Dates and times ------------------------------------------------------------


def format_date(value: dt.date | dt.datetime, locale: Locale, *, weekday: bool = False) -> str:
    """'25 พ.ย. 2569' in Thai (Buddhist era), '25 Nov 2026' in English."""
    day = value.date() if isinstance(value, dt.datetime) else value
    pattern = "EEE d MMM" if weekday else "d MMM"
    if locale == "th":
        return f"{babel_format_date(day, pattern, locale='th')} {day.year + BUDDHIST_ERA_OFFSET}"
    return f"{babel_format_date(day, pattern, locale='en')} {day.year}"


def format_time(value: dt.time | dt.datetime, locale: Locale) -> str:
    """24-hour in Thai ('14:30'), 12-hour in English ('2:30 PM')."""
    moment = value.timetz() if isinstance(value, dt.datetime) else value
    return babel_format_time(moment, "HH:mm" if locale == "th" else "h:mm a", locale=locale)


@cache
def _separators(locale: Locale) -> dict[int, str]:
    return {ord("."): get_decimal_symbol(locale), ord(","): get_group_symbol(locale)}


def format_number(value: float | Decimal | int, locale: Locale, digits: int = 1) -> str:
    """'1,234.5': grouped, at most `digits` decimals, rounded half to even,
    as Babel's pattern "#,##0.#" formats it. Done here with Python's own
    formatting because a page can show a few hundred numbers, and Babel
    parses its pattern on every call (2-3 ms of a profile page's render)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return format_decimal(value, locale=locale)
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.translate(_separators(locale))


# Units: the database stays SI (kg, km); people see and type their own. ------

WeightUnit = Literal["kg", "lbs"]
DistanceUnit = Literal["km", "miles"]


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _shown(stored: float | Decimal, per_unit: Decimal, places: int) -> Decimal:
    """A stored metric amount in a unit worth `per_unit` of it (1: metric)."""
    return _round(Decimal(str(stored)) / per_unit, places)


def _stored(typed: float | Decimal | str, per_unit: Decimal, places: int) -> Decimal:
    """What a person typed in a unit worth `per_unit` metric ones, made metric."""
    return _round(Decimal(str(typed)) * per_unit, places)


def weight_for_display(kg: float | Decimal, unit: WeightUnit) -> Decimal:
    return _shown(kg, KG_PER_LB if unit == "lbs" else Decimal(1), 1)


def weight_from_input(amount: float | Decimal | str, unit: WeightUnit) -> Decimal:
    """What a person typed, in kilograms (to 0.01 kg)."""
    return _stored(amount, KG_PER_LB if unit == "lbs" else Decimal(1), 2)


def distance_for_display(km: float | Decimal, unit: DistanceUnit) -> Decimal:
    return _shown(km, KM_PER_MILE if unit == "miles" else Decimal(1), 2)


def distance_from_input(amount: float | Decimal | str, unit: DistanceUnit) -> Decimal:
    return _stored(amount, KM_PER_MILE if unit == "miles" else Decimal(1), 3)
