"""Shared rules for reading dates out of messy council text (private).

The seeds are Word/PDF exports: "31 st March 2011", "March, 2003", "April 09",
"31/12/09". Every value type that reads dates goes through :func:`find_dates`,
so each rule exists once.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from datetime import date
from typing import Concatenate, ParamSpec, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from serviceplan.errors import ModelError

__all__ = [
    "DateMatch",
    "cached_parse",
    "cached_reading",
    "check_text",
    "drop_stale_text",
    "find_dates",
    "month_end",
    "normalise_space",
]

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9

_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
# Digits are ASCII 0-9 throughout: ``\d`` would also take "٢٠١٠" and "２０１０".
_DAY_RE = r"(?P<day>[0-3]?[0-9])\s?(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)[0-9][0-9]|'?[0-9][0-9])"

# "31 st March 2011", "31st March, 2003", "1st April 2011", "March 2011", "March, 2003", "April 09"
_WORD_DATE = re.compile(
    rf"(?<![\w/])(?:{_DAY_RE}\s+(?:of\s+)?)?(?P<month>{_MONTH_RE}),?\s*{_YEAR_RE}(?![\w/])",
    re.IGNORECASE,
)
# "31/12/09", "01/04/2011", "31-03-2008", "31.03.08": UK day-first
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.])(?P<day>[0-3]?[0-9])[/.-](?P<month>[01]?[0-9])[/.-](?P<year>(?:19|20)?[0-9][0-9])(?![\w/])"
)
# "2010-09-30": the ISO form a spreadsheet or an app writes (year first, four digits, always dashes).
# The compact "20100930" and week dates "2010-W39-4" are not read: no council writes them.
_ISO_DATE = re.compile(r"(?<![\w/.-])(?P<year>(?:19|20)[0-9][0-9])-(?P<month>[01][0-9])-(?P<day>[0-3][0-9])(?![\w/.-])")


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (tabs, newlines, non-breaking spaces) to one space."""
    return " ".join(text.split())


def month_end(year: int, month: int) -> date:
    """The last day of a month: a deadline of "March 2011" falls due on 31 March 2011."""
    return date(year, month, 1) + relativedelta(day=31)


def _year(text: str) -> int:
    text = text.lstrip("'")
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    return value


@attrs.frozen
class DateMatch:
    """A date found in text: where it is and whether a day was given."""

    start: int
    end: int
    day: date
    exact: bool  # True: a day was written; False: a month ("March 2011")


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, in order, without overlaps.

    Raises ValueError for a date that names an impossible day ("31/02/2010").
    """
    found: list[DateMatch] = []
    for m in _ISO_DATE.finditer(text):
        day = date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        found.append(DateMatch(m.start(), m.end(), day, True))
    for m in _WORD_DATE.finditer(text):
        month = MONTHS[m.group("month").rstrip(".").lower()]
        year = _year(m.group("year"))
        if m.group("day"):
            found.append(DateMatch(m.start(), m.end(), date(year, month, int(m.group("day"))), True))
        else:
            found.append(DateMatch(m.start(), m.end(), month_end(year, month), False))
    for m in _NUMERIC_DATE.finditer(text):
        if any(f.start < m.end() and m.start() < f.end for f in found):
            continue
        day = date(_year(m.group("year")), int(m.group("month")), int(m.group("day")))
        found.append(DateMatch(m.start(), m.end(), day, True))
    found.sort(key=lambda f: f.start)
    return found


C = TypeVar("C")
R = TypeVar("R")
P = ParamSpec("P")

PARSE_CACHE_SIZE = 4096
"""How many distinct texts each value type remembers the reading of."""


def cached_parse(fn: Callable[Concatenate[type[C], str, P], R]) -> Callable[Concatenate[type[C], str, P], R]:
    """Remember the reading of each text: value types are immutable, and plans repeat their dates.

    Failures are not remembered (each raises afresh); non-text input bypasses the cache.
    """
    cache = functools.lru_cache(maxsize=PARSE_CACHE_SIZE)(fn)

    @functools.wraps(fn)
    def parse(cls: type[C], text: str, *args: P.args, **kwargs: P.kwargs) -> R:
        if type(text) is str:
            return cache(cls, text, *args, **kwargs)  # type: ignore[arg-type]
        return fn(cls, text, *args, **kwargs)

    return parse  # type: ignore[return-value]


def cached_reading(fn: Callable[P, R]) -> Callable[P, R]:
    """Remember what a text reads as (the fields a value type derives from it); failures are not remembered."""
    return functools.lru_cache(maxsize=PARSE_CACHE_SIZE)(fn)  # type: ignore[return-value]


def check_text(owner: object, text: object) -> None:
    """A value type's ``text`` must be text or ``None``."""
    if text is not None and not isinstance(text, str):
        raise ModelError(f"{type(owner).__name__}.text must be text or None, not {text!r}")


def drop_stale_text(owner: object, reads_as: Callable[[str], object], value: object) -> None:
    """Forget ``owner.text`` when it does not read as ``value``: the text is provenance, the value is the fact.

    ``attrs.evolve(money, amount=...)`` keeps the old text; it no longer says
    what the value is, so it goes, and the value prints canonically.
    """
    text = getattr(owner, "text", None)
    check_text(owner, text)
    if text is None:
        return
    try:
        same = reads_as(text) == value
    except ValueError:  # ParseError: the text is not one of these at all
        same = False
    if not same:
        object.__setattr__(owner, "text", None)
