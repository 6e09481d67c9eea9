"""Performance indicators, their targets and actuals."""

from __future__ import annotations

import enum
import re
from datetime import date
from decimal import Decimal

import attrs

from serviceplan._text import cached_parse, find_dates, normalise_space
from serviceplan.errors import ModelError, ParseError
from serviceplan.model._base import ident, optional_text, seq, text
from serviceplan.periods import Period
from serviceplan.vocab import IndicatorKind, IndicatorUnit, Polarity

__all__ = ["Indicator", "IndicatorValue", "Measurement", "Target", "Tolerance", "ToleranceKind", "ValueKind"]


class ValueKind(enum.StrEnum):
    """What a target or actual cell holds."""

    ABSOLUTE = "absolute"  #: a number: "21 days", "98.70%", "22,500"
    RELATIVE = "relative"  #: a change from a baseline: "5% reduction from 31/03/08"
    TO_BE_SET = "to_be_set"  #: "Target to be set after one year of data obtained"


_YES_NO = {"yes": Decimal(1), "no": Decimal(0)}
_TO_BE_SET = re.compile(r"\bto be (set|agreed|confirmed|determined)\b|^tb[ca]$|\bbaseline (year|to be)\b", re.I)
_RELATIVE = re.compile(
    r"^(?P<pct>\d+(?:\.\d+)?)\s*%\s*(?P<dir>reduction|decrease|fall|increase|improvement|rise)\s+"
    r"(?:from|on|against|compared (?:to|with))\s+(?P<base>.+)$",
    re.I,
)
_NUMBER = re.compile(
    r"^(?P<pound>£)?\s*(?P<num>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+)\s*(?P<suffix>%|days?|k|m|million|hours?|weeks?|minutes?)?$",
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
        clean = normalise_space(text)
        if not clean:
            raise ParseError("indicator value", text, "it is empty: leave the period out")
        if _TO_BE_SET.search(clean):
            return cls(text, ValueKind.TO_BE_SET)
        if clean.casefold() in _YES_NO:
            return cls(text, ValueKind.ABSOLUTE, value=_YES_NO[clean.casefold()], unit="yes/no")
        m = _RELATIVE.match(clean)
        if m:
            try:
                dates = find_dates(m.group("base"))
            except ValueError as err:
                raise ParseError("indicator value", text, str(err)) from err
            if len(dates) != 1:
                raise ParseError("indicator value", text, "the baseline date cannot be read")
            change = Decimal(m.group("pct"))
            if m.group("dir").lower() in ("reduction", "decrease", "fall"):
                change = -change
            return cls(text, ValueKind.RELATIVE, change=change, baseline=dates[0].day)
        m = _NUMBER.match(clean)
        if not m:
            raise ParseError("indicator value", text)
        value = Decimal(m.group("num").replace(",", ""))
        suffix = (m.group("suffix") or "").lower()
        unit = "£" if m.group("pound") else None
        if suffix in _SCALE:
            value *= _SCALE[suffix]
        elif suffix:
            unit = _UNIT[suffix]
        return cls(text, ValueKind.ABSOLUTE, value=value, unit=unit)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"IndicatorValue({self.text!r})"


class ToleranceKind(enum.StrEnum):
    """How a tolerance is measured."""

    ABSOLUTE = "absolute"  #: in the indicator's own unit: 0.5 days
    PERCENTAGE = "percentage"  #: a percentage of the target: 5% of 20 days is 1 day


def _non_negative(_: object, __: object, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ModelError(f"a tolerance must be a finite Decimal of at least 0, not {value!r}")


@attrs.frozen(kw_only=True)
class Tolerance:
    """How far an actual may miss its target and still be amber rather than red.

    >>> Tolerance(kind=ToleranceKind.PERCENTAGE, value=Decimal(5)).amount(Decimal(20))
    Decimal('1')
    """

    kind: ToleranceKind
    value: Decimal = attrs.field(validator=_non_negative)

    def amount(self, target: Decimal) -> Decimal:
        """The tolerance in the indicator's unit, for a target value."""
        if self.kind is ToleranceKind.PERCENTAGE:
            return abs(target) * self.value / 100
        return self.value


@attrs.frozen(kw_only=True)
class Target:
    """The target for one period: a value, a change from a baseline, or "to be set"."""

    period: Period
    value: IndicatorValue


@attrs.frozen(kw_only=True)
class Measurement:
    """The actual value for one period."""

    period: Period
    value: IndicatorValue = attrs.field()

    @value.validator
    def _absolute(self, _: object, value: IndicatorValue) -> None:
        if value.kind is not ValueKind.ABSOLUTE:
            raise ModelError(f"an actual must be a number, not {value.text!r}")


@attrs.frozen(kw_only=True)
class Indicator:
    """A performance indicator: a National Indicator ("NI 181") or a local PI ("LPI 21a").

    ``code`` is its id within the plan; actions refer to it by code.
    """

    code: str = ident()
    title: str = text()
    kind: IndicatorKind | None = None
    unit: IndicatorUnit | None = None
    polarity: Polarity | None = None
    tolerance: Tolerance | None = None  #: ``None``: the plan's default tolerance applies
    frequency: str | None = optional_text()
    targets: tuple[Target, ...] = seq()
    measurements: tuple[Measurement, ...] = seq()
    notes: str | None = optional_text()

    def target_for(self, period: Period) -> Target | None:
        """The target set for ``period``, or ``None`` when there is none."""
        return next((t for t in self.targets if t.period == period), None)

    def actual_for(self, period: Period) -> Measurement | None:
        """The actual recorded for ``period``, or ``None``."""
        return next((m for m in self.measurements if m.period == period), None)
