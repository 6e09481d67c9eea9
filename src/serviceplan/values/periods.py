"""Financial years, quarters and reporting periods.

UK local government runs its year from 1 April to 31 March. Plans write the
year in many ways ("2010/11", "2010-11", "2010/2011", and from OCR
"2009/ 20010"); all read to one value that prints as ``2010/11``.
"""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import Any

import attrs

from serviceplan.errors import ModelError, ParseError
from serviceplan.values._text import MONTHS, cached_parse, cached_reading, drop_stale_text, month_end, normalise_space

__all__ = ["FinancialYear", "Period", "PeriodKind", "Quarter"]

_FY = re.compile(r"^(?:fy\s*)?(?P<start>(?:19|20)[0-9][0-9])\s*[/\-–]\s*(?P<end>[0-9]{1,5})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(?:(?P<fy1>.+?)\s+)?(?:q|quarter\s*)(?P<n>[1-4])(?:\s+(?P<fy2>.+?))?$", re.IGNORECASE)
_QUARTER_MONTH = re.compile(
    r"^(?:q|quarter\s*)(?P<n>[1-4])\s*\((?P<month>[a-z]+)\.?,?\s*(?P<year>(?:19|20)[0-9][0-9])\)$",
    re.IGNORECASE,
)
_MONTH = re.compile(r"^(?P<month>[a-z]+)\.?,?\s*(?P<year>(?:19|20)[0-9][0-9])$", re.IGNORECASE)


def _end_matches(start: int, end: str) -> bool:
    following = start + 1
    if len(end) <= 2:
        return int(end) == following % int(10 ** len(end))
    if len(end) == 4:
        return int(end) == following
    # OCR doubles a digit now and then: "2009/ 20010" is 2009/10.
    return any(end[:i] + end[i + 1 :] == str(following) for i in range(len(end)))


@attrs.frozen(order=True)
class FinancialYear:
    """A UK local-government financial year, 1 April to 31 March.

    Compared and hashed by its first calendar year; ``text`` keeps what was
    written and takes no part in equality.

    >>> fy = FinancialYear.parse("2009/ 20010")
    >>> fy, str(fy), fy.start, fy.end
    (FinancialYear('2009/10'), '2009/10', datetime.date(2009, 4, 1), datetime.date(2010, 3, 31))
    >>> FinancialYear.parse("2010-11") == FinancialYear.parse("2010/2011") == FinancialYear(2010)
    True
    >>> FinancialYear.containing(date(2011, 3, 31))
    FinancialYear('2010/11')
    """

    start_year: int = attrs.field(validator=attrs.validators.instance_of(int))
    text: str | None = attrs.field(default=None, eq=False, order=False, repr=False)  #: as written, while it reads so

    @start_year.validator
    def _check(self, _: Any, value: int) -> None:
        if isinstance(value, bool) or not 1900 <= value <= 2098:
            raise ModelError(f"financial year must start between 1900 and 2098, not {value!r}")

    @classmethod
    @cached_parse
    def parse(cls, text: str) -> FinancialYear:
        """Read a financial year as councils write it.

        Raises:
            ParseError: text that is not a financial year, or whose two halves
                are not consecutive years ("2010/12").
        """
        if not isinstance(text, str):
            raise ParseError("financial year", repr(text), "expected text")
        return cls(_read_year(text), text=text)

    def __attrs_post_init__(self) -> None:
        drop_stale_text(self, _read_year, self.start_year)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        """The financial year a date falls in."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> date:
        """1 April of the year."""
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        """31 March of the following calendar year."""
        return date(self.start_year + 1, 3, 31)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def next(self) -> FinancialYear:
        """The following financial year."""
        return FinancialYear(self.start_year + 1)

    def previous(self) -> FinancialYear:
        """The preceding financial year."""
        return FinancialYear(self.start_year - 1)

    def quarter(self, number: int) -> Quarter:
        """Quarter ``number`` (1..4) of this year."""
        return Quarter(self, number)

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    def __repr__(self) -> str:
        return f"FinancialYear('{self}')"


@attrs.frozen(order=True)
class Quarter:
    """A quarter of a financial year: Q1 is April–June, Q4 is January–March.

    >>> q = Quarter.parse("Quarter 1 (June 2010)")
    >>> q, q.start, q.end
    (Quarter('2010/11 Q1'), datetime.date(2010, 4, 1), datetime.date(2010, 6, 30))
    >>> Quarter.parse("Q4 2010-11").end
    datetime.date(2011, 3, 31)
    """

    year: FinancialYear = attrs.field(validator=attrs.validators.instance_of(FinancialYear))
    number: int = attrs.field(validator=attrs.validators.instance_of(int))
    text: str | None = attrs.field(default=None, eq=False, order=False, repr=False)

    @number.validator
    def _check(self, _: Any, value: int) -> None:
        if isinstance(value, bool) or value not in (1, 2, 3, 4):
            raise ModelError(f"quarter number must be 1, 2, 3 or 4, not {value!r}")

    @classmethod
    @cached_parse
    def parse(cls, text: str) -> Quarter:
        """Read "2010/11 Q1", "Q1 2010/11" or "Quarter 1 (June 2010)"."""
        if not isinstance(text, str):
            raise ParseError("quarter", repr(text), "expected text")
        year, number = _read_quarter(text)
        return cls(year, number, text=text)

    def __attrs_post_init__(self) -> None:
        drop_stale_text(self, _read_quarter, (self.year, self.number))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        """The quarter a date falls in."""
        year = FinancialYear.containing(day)
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @property
    def start(self) -> date:
        """First day of the quarter."""
        month = (self.number - 1) * 3 + 4
        calendar_year = self.year.start_year + (month > 12)
        return date(calendar_year, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter."""
        month = self.number * 3 + 3
        calendar_year = self.year.start_year + (month > 12)
        return month_end(calendar_year, (month - 1) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"

    def __repr__(self) -> str:
        return f"Quarter('{self}')"


class PeriodKind(enum.StrEnum):
    """How long a :class:`Period` lasts."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


@attrs.frozen(order=True)
class Period:
    """A reporting period for targets and actuals: a financial year, quarter or month.

    >>> Period.parse("2008/09"), Period.parse("2010/11 Q1"), Period.parse("June 2010")
    (Period('2008/09'), Period('2010/11 Q1'), Period('June 2010'))
    >>> Period.parse("Quarter 1 (June 2010)").end
    datetime.date(2010, 6, 30)
    >>> Period.parse("June 2010").year
    FinancialYear('2010/11')
    """

    start: date
    end: date
    kind: PeriodKind = attrs.field(converter=PeriodKind)
    text: str | None = attrs.field(default=None, eq=False, order=False, repr=False)

    @classmethod
    def of(cls, value: FinancialYear | Quarter) -> Period:
        """The period of a financial year or quarter."""
        kind = PeriodKind.YEAR if isinstance(value, FinancialYear) else PeriodKind.QUARTER
        return cls(value.start, value.end, kind, text=value.text)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` of ``year``."""
        return cls(date(year, month, 1), month_end(year, month), PeriodKind.MONTH)

    @classmethod
    @cached_parse
    def parse(cls, text: str) -> Period:
        """Read a financial year, a quarter or a month ("June 2010")."""
        if not isinstance(text, str):
            raise ParseError("period", repr(text), "expected text")
        return cls(*_read_period(text), text=text)

    @property
    def year(self) -> FinancialYear:
        """The financial year the period ends in."""
        return FinancialYear.containing(self.end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return str(FinancialYear.containing(self.start))
        if self.kind is PeriodKind.QUARTER:
            return str(Quarter.containing(self.start))
        return self.start.strftime("%B %Y")

    def __repr__(self) -> str:
        return f"Period('{self}')"

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.start, date) or not isinstance(self.end, date):
            raise ModelError(f"a period needs start and end dates, not {self.start!r} and {self.end!r}")
        if self.kind is PeriodKind.YEAR:
            expected: tuple[date, date] = (
                FinancialYear.containing(self.start).start,
                FinancialYear.containing(self.start).end,
            )
        elif self.kind is PeriodKind.QUARTER:
            quarter = Quarter.containing(self.start)
            expected = (quarter.start, quarter.end)
        else:
            expected = (self.start.replace(day=1), month_end(self.start.year, self.start.month))
        if (self.start, self.end) != expected:
            raise ModelError(
                f"a {self.kind.value} period must run {expected[0]} to {expected[1]}, not {self.start} to {self.end}"
            )
        drop_stale_text(self, _read_period, (self.start, self.end, self.kind))


# -- readers: what a text reads as (each value type keeps its text only while it reads so) --------


@cached_reading
def _read_year(text: str) -> int:
    m = _FY.match(normalise_space(text))
    if not m:
        raise ParseError("financial year", text)
    start = int(m.group("start"))
    if not _end_matches(start, m.group("end")):
        raise ParseError("financial year", text, "the years are not consecutive")
    return start


@cached_reading
def _read_quarter(text: str) -> tuple[FinancialYear, int]:
    clean = normalise_space(text)
    m = _QUARTER_MONTH.match(clean)
    if m:
        month = MONTHS.get(m.group("month").lower())
        if month is None:
            raise ParseError("quarter", text, f"unknown month {m.group('month')!r}")
        end = month_end(int(m.group("year")), month)
        quarter = Quarter.containing(end)
        if quarter.number != int(m.group("n")) or quarter.end != end:
            raise ParseError("quarter", text, f"{m.group('month')} does not end quarter {m.group('n')}")
        return quarter.year, quarter.number
    m = _QUARTER.match(clean)
    if not m or bool(m.group("fy1")) == bool(m.group("fy2")):
        raise ParseError("quarter", text)
    try:
        year = FinancialYear.parse(m.group("fy1") or m.group("fy2"))
    except ParseError as err:
        raise ParseError("quarter", text, "its year cannot be read") from err
    return year, int(m.group("n"))


@cached_reading
def _read_period(text: str) -> tuple[date, date, PeriodKind]:
    clean = normalise_space(text)
    try:
        year = FinancialYear(_read_year(clean))
        return year.start, year.end, PeriodKind.YEAR
    except ParseError:
        pass
    try:
        quarter = Quarter(*_read_quarter(clean))
        return quarter.start, quarter.end, PeriodKind.QUARTER
    except ParseError:
        pass
    m = _MONTH.match(clean)
    if m and m.group("month").lower() in MONTHS:
        year_number, month = int(m.group("year")), MONTHS[m.group("month").lower()]
        return date(year_number, month, 1), month_end(year_number, month), PeriodKind.MONTH
    raise ParseError("period", text, "expected a financial year, a quarter or a month")
