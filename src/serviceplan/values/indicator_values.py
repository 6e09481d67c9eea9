"""Target and actual cells as printed: "21 days", "98.70%", "5% reduction from 31/03/08", "to be set"."""

from __future__ import annotations

import enum
import re
from datetime import date
from decimal import Decimal

import attrs

from serviceplan._decimal import EXACT, bounded
from serviceplan.errors import ModelError, ParseError
from serviceplan.values._text import cached_parse, cached_reading, find_dates, normalise_space

__all__ = ["IndicatorValue", "ValueKind"]


class ValueKind(enum.StrEnum):
    """What a target or actual cell holds."""

    ABSOLUTE = "absolute"  #: a number: "21 days", "98.70%", "22,500"
    RELATIVE = "relative"  #: a change from a baseline: "5% reduction from 31/03/08"
    TO_BE_SET = "to_be_set"  #: "Target to be set after one year of data obtained"


_YES_NO = {"yes": Decimal(1), "no": Decimal(0)}
_TO_BE_SET = re.compile(r"\bto be (set|agreed|confirmed|determined)\b|^tb[ca]$|\bbaseline (year|to be)\b", re.I)
_RELATIVE = re.compile(
    r"^(?P<pct>[0-9]+(?:\.[0-9]+)?)\s*%\s*(?P<dir>reduction|decrease|fall|increase|improvement|rise)\s+"
    r"(?:from|on|against|compared (?:to|with))\s+(?P<base>.+)$",
    re.I,
)
_NUMBER = re.compile(
    r"^(?P<pound>£)?\s*(?P<num>-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|-?\.[0-9]+)\s*(?P<suffix>%|days?|k|m|million|hours?|weeks?|minutes?)?$",
    re.I,
)
_SCALE = {"k": Decimal(1000), "m": Decimal(1_000_000), "million": Decimal(1_000_000)}
_UNIT = {
    "%": "%",
    "day": "days",
    "days": "days",
    "hour": "hours",
    "hours": "hours",
    "week": "weeks",
    "weeks": "weeks",
    "minute": "minutes",
    "minutes": "minutes",
}


@attrs.frozen
class IndicatorValue:
    """A target or actual cell as printed, and what it means.

    >>> IndicatorValue.parse("21 days").value, IndicatorValue.parse("21 days").unit
    (Decimal('21'), 'days')
    >>> IndicatorValue.parse("98.70%").value
    Decimal('98.70')
    >>> IndicatorValue.parse("5.235M").value
    Decimal('5235000.000')
    >>> v = IndicatorValue.parse("5% reduction from 31/03/08")
    >>> v.kind.value, v.change, v.baseline
    ('relative', Decimal('-5'), datetime.date(2008, 3, 31))
    >>> IndicatorValue.parse("Target to be set after one year of data obtained").kind
    <ValueKind.TO_BE_SET: 'to_be_set'>
    """

    text: str
    kind: ValueKind
    value: Decimal | None = None  #: the number, for absolute values
    unit: str | None = None  #: "%", "days", … when the cell says
    change: Decimal | None = None  #: percentage change, negative for a reduction (relative)
    baseline: date | None = None  #: the date the change is measured from (relative)

    @classmethod
    @cached_parse
    def parse(cls, text: str) -> IndicatorValue:
        """Read a target or actual cell.

        Raises:
            ParseError: an empty cell (leave the period out instead) or text
                that is none of a number, a relative change or "to be set".
        """
        if not isinstance(text, str):
            raise ParseError("indicator value", repr(text), "expected text")
        return cls(text, *_read(text))

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise ModelError(f"IndicatorValue.text must be text, not {self.text!r}")
        try:
            reading = _read(self.text)
        except ParseError as err:
            raise ModelError(f"IndicatorValue.text: {err}") from None
        mine = (self.kind, self.value, self.unit, self.change, self.baseline)
        if reading != mine:
            raise ModelError(
                f"an indicator value's fields must be what its text {self.text!r} says {reading}, not {mine}: "
                "the text is the value, so build a new one with IndicatorValue.parse"
            )

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"IndicatorValue({self.text!r})"


_Reading = tuple[ValueKind, Decimal | None, str | None, Decimal | None, date | None]


def _reading(
    kind: ValueKind,
    *,
    value: Decimal | None = None,
    unit: str | None = None,
    change: Decimal | None = None,
    baseline: date | None = None,
) -> _Reading:
    return kind, value, unit, change, baseline


@cached_reading
def _read(text: str) -> _Reading:
    """What a cell's text says: kind, value, unit, change, baseline."""
    clean = normalise_space(text)
    if not clean:
        raise ParseError("indicator value", text, "it is empty: leave the period out")
    if _TO_BE_SET.search(clean):
        return _reading(ValueKind.TO_BE_SET)
    if clean.casefold() in _YES_NO:
        return _reading(ValueKind.ABSOLUTE, value=_YES_NO[clean.casefold()], unit="yes/no")
    m = _RELATIVE.match(clean)
    if m:
        try:
            dates = find_dates(m.group("base"))
        except ValueError as err:
            raise ParseError("indicator value", text, str(err)) from err
        if len(dates) != 1:
            raise ParseError("indicator value", text, "the baseline date cannot be read")
        change = bounded(Decimal(m.group("pct")), "indicator value", text)
        if m.group("dir").lower() in ("reduction", "decrease", "fall"):
            change = -change
        return _reading(ValueKind.RELATIVE, change=change, baseline=dates[0].day)
    m = _NUMBER.match(clean)
    if not m:
        raise ParseError("indicator value", text)
    value = bounded(Decimal(m.group("num").replace(",", "")), "indicator value", text)
    suffix = (m.group("suffix") or "").lower()
    unit = "£" if m.group("pound") else None
    if suffix in _SCALE:
        value = bounded(EXACT.multiply(value, _SCALE[suffix]), "indicator value", text)
    elif suffix:
        unit = _UNIT[suffix]
    return _reading(ValueKind.ABSOLUTE, value=value, unit=unit)
