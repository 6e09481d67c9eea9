"""Value types: every deadline, money and year string in the seeds is a case here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given

from serviceplan import Deadline, FinancialYear, IndicatorValue, Money, ParseError, Period, Quarter
from serviceplan.errors import ModelError
from serviceplan.values import DeadlineKind
from tests import strategies as s

# --- financial years ---------------------------------------------------------------

YEARS = [
    # text as printed in the seeds, start year
    ("2010/11", 2010),  # 000 subject
    ("2010-11", 2010),  # 001 subject
    ("2010/2011", 2010),
    ("2009/ 20010", 2009),  # 000, 001 capital table (OCR)
    ("2010/ 2011", 2010),
    ("2011/ 2012", 2011),
    ("2012/ 2013", 2012),
    ("2009/ 2010", 2009),  # 004 capital table
    ("2008/09", 2008),  # 003 indicator tables
    ("2008/9", 2008),  # 000 outcome text "2008/9"
    ("2009/10", 2009),
    ("2002/03", 2002),  # 002
    ("2002/2003", 2002),
    ("2011/2012", 2011),  # 004 "MTFP 2011/2012"
]


@pytest.mark.parametrize(("text", "start"), YEARS)
def test_financial_year_reads_seed_text(text: str, start: int) -> None:
    fy = FinancialYear.parse(text)
    assert fy.start_year == start
    assert fy.text == text
    assert fy.start == date(start, 4, 1)
    assert fy.end == date(start + 1, 3, 31)


@pytest.mark.parametrize("text", ["2009/12", "2010", "10/11", "2010/13", "twenty ten", "", "2010/11/12"])
def test_financial_year_rejects(text: str) -> None:
    with pytest.raises(ParseError, match="financial year"):
        FinancialYear.parse(text)


@given(s.financial_years)
def test_financial_year_round_trips(fy: FinancialYear) -> None:
    assert FinancialYear.parse(str(fy)) == fy
    assert fy.start in fy
    assert fy.end in fy
    assert FinancialYear.containing(fy.start) == fy == FinancialYear.containing(fy.end)
    assert fy.previous().next() == fy


def test_financial_year_repr_and_order() -> None:
    assert repr(FinancialYear.parse("2010-11")) == "FinancialYear('2010/11')"
    assert FinancialYear(2009) < FinancialYear(2010)
    with pytest.raises(ModelError):
        FinancialYear(1066)


# --- quarters and periods -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Quarter 1 (June 2010)", date(2010, 4, 1), date(2010, 6, 30)),  # 000
        ("2010/11 Q1", date(2010, 4, 1), date(2010, 6, 30)),
        ("Q4 2010-11", date(2011, 1, 1), date(2011, 3, 31)),
        ("Q3 2009/10", date(2009, 10, 1), date(2009, 12, 31)),
    ],
)
def test_quarter_reads(text: str, start: date, end: date) -> None:
    q = Quarter.parse(text)
    assert (q.start, q.end) == (start, end)


@pytest.mark.parametrize("text", ["Quarter 1 (May 2010)", "Q5 2010/11", "Q1", "Quarter 2 (Smarch 2010)"])
def test_quarter_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        Quarter.parse(text)


@given(s.quarters)
def test_quarter_round_trips(q: Quarter) -> None:
    assert Quarter.parse(str(q)) == q
    assert Quarter.containing(q.start) == q == Quarter.containing(q.end)


@given(s.periods)
def test_period_round_trips(p: Period) -> None:
    assert Period.parse(str(p)) == p
    assert p.start in p
    assert p.end in p


def test_period_rejects_inconsistent_dates() -> None:
    with pytest.raises(ModelError, match="must run"):
        Period(date(2010, 4, 1), date(2010, 4, 30), "year")


# --- money --------------------------------------------------------------------

MONEY = [
    ("£100K", "100000"),  # 000 Q1 update
    ("£1M", "1000000"),  # 004 purpose
    ("£1m", "1000000"),  # 001 outcomes
    ("£250,000", "250000"),  # 001, 004
    ("£100,000", "100000"),  # 004
    ("5.235M", "5235000"),  # 003 NI 179
    ("12.126M", "12126000"),
    ("16.578M", "16578000"),
    ("-340000", "-340000"),  # 002 Salford Advance net budget
    ("£53 million", "53000000"),  # 001 looking forward
    ("£6billion", "6000000000"),  # 001
    ("£32billion", "32000000000"),  # 001
    ("£945k", "945000"),  # 003 savings
    ("£25Million", "25000000"),  # 003
    ("£738,000", "738000"),  # 003 training spend
    ("6,064,000", "6064000"),  # 002 gross budget
    ("24,943,000", "24943000"),
    ("7,969 (£000)", "7969000"),  # 003 "(£000)" column
    ("   222 (£000)", "222000"),
]


@pytest.mark.parametrize(("text", "amount"), MONEY)
def test_money_reads_seed_text(text: str, amount: str) -> None:
    m = Money.parse(text)
    assert m.amount == Decimal(amount)
    assert isinstance(m.amount, Decimal)
    assert m.text == text


def test_money_column_unit() -> None:
    assert Money.parse("28,936", unit="£000") == Money(Decimal(28_936_000))
    assert Money.parse("28,936", unit="£") == Money(Decimal(28_936))
    with pytest.raises(ParseError, match="money unit"):
        Money.parse("1", unit="$")


@pytest.mark.parametrize("text", ["", "£", "£1.2.3", "ten pounds", "£5 zillion", "--5", "£1,00", "1e5", "nan"])
def test_money_rejects(text: str) -> None:
    with pytest.raises(ParseError, match="money"):
        Money.parse(text)


@given(s.money)
def test_money_round_trips(m: Money) -> None:
    assert Money.parse(str(m)) == m


@given(s.money_texts)
def test_money_reparse_is_stable(text: str) -> None:
    m = Money.parse(text)
    assert Money.parse(m.text or "") == m
    assert Money.parse(str(m)) == m


@given(s.money, s.money)
def test_money_arithmetic_is_exact(a: Money, b: Money) -> None:
    assert (a + b).amount == a.amount + b.amount
    assert (a + b) - b == a
    assert sum([a, b]) == a + b
    assert a * 3 == a + a + a


def test_money_refuses_float_and_money_products() -> None:
    with pytest.raises(TypeError):
        Money(Decimal(1)) * Money(Decimal(2))  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(Decimal(1)) * 1.5  # type: ignore[operator]
    with pytest.raises(ModelError):
        Money(1.5)  # type: ignore[arg-type]
    assert Money.parse("£1.25").pence == 125


# --- deadlines -----------------------------------------------------------------

DEADLINES = [
    # (text as printed, kind, due, milestone count)
    ("March 2011", DeadlineKind.MONTH, date(2011, 3, 31), 0),  # 000, 001, 003
    ("April 2011", DeadlineKind.MONTH, date(2011, 4, 30), 0),
    ("June 2010", DeadlineKind.MONTH, date(2010, 6, 30), 0),
    ("March 2010", DeadlineKind.MONTH, date(2010, 3, 31), 0),
    ("Depends on business plan", DeadlineKind.CONDITIONAL, None, 0),  # 000
    (
        "Timescales will be in accordance with the programmes for each scheme Review progress - March 2011",
        DeadlineKind.CONDITIONAL,
        date(2011, 3, 31),
        1,
    ),  # 000
    (
        "15 June 2010 (model scheme) 15 December 2010 (e-petitions) – statutory requirements",
        DeadlineKind.MILESTONES,
        date(2010, 12, 15),
        2,
    ),  # 001
    ("31 st March 2011", DeadlineKind.DATE, date(2011, 3, 31), 0),  # 001 OCR
    ("June 2010 October 2010", DeadlineKind.MILESTONES, date(2010, 10, 31), 2),  # 001
    ("May 2010", DeadlineKind.MONTH, date(2010, 5, 31), 0),
    ("September 2010", DeadlineKind.MONTH, date(2010, 9, 30), 0),
    ("March 2010 and beyond", DeadlineKind.MONTH, date(2010, 3, 31), 0),  # 003
    ("March 2010 & beyond", DeadlineKind.MONTH, date(2010, 3, 31), 0),  # 003 §7b
    ("Ph 1 – March 2009 Ph 2 – March 2010", DeadlineKind.MILESTONES, date(2010, 3, 31), 2),  # 003
    ("Ph 1 – March 2009\n\nPh 2 – March 2010", DeadlineKind.MILESTONES, date(2010, 3, 31), 2),
    ("· March 2010 · March 2011", DeadlineKind.MILESTONES, date(2011, 3, 31), 2),  # 003 §8
    ("April 09", DeadlineKind.MONTH, date(2009, 4, 30), 0),  # 003 risk G
    ("Mar 09", DeadlineKind.MONTH, date(2009, 3, 31), 0),  # 003 risk H
    ("Continuous", DeadlineKind.ONGOING, None, 0),  # 003 risk I
    ("Training plan by April 09", DeadlineKind.MONTH, date(2009, 4, 30), 1),  # 003 milestones
    ("Model in place by March 09", DeadlineKind.MONTH, date(2009, 3, 31), 1),
    ("August 2009", DeadlineKind.MONTH, date(2009, 8, 31), 0),
    ("December 2010", DeadlineKind.MONTH, date(2010, 12, 31), 0),
    ("by 31st March, 2003", DeadlineKind.DATE, date(2003, 3, 31), 0),  # 002
    ("by March, 2003", DeadlineKind.MONTH, date(2003, 3, 31), 0),
    ("from December, 2001", DeadlineKind.ONGOING, None, 1),  # 002
    ("initially from June, 2002", DeadlineKind.ONGOING, None, 1),
    ("31st December each year", DeadlineKind.ONGOING, None, 0),
    ("Already commenced", DeadlineKind.ONGOING, None, 0),
    ("by 30th April, 2002", DeadlineKind.DATE, date(2002, 4, 30), 0),
    (
        "recruitment (by April, 2002), training (by September, 2002) and property management (by March, 2003)",
        DeadlineKind.MILESTONES,
        date(2003, 3, 31),
        3,
    ),
    ("by end of August 2010", DeadlineKind.MONTH, date(2010, 8, 31), 0),  # 004 timeline
    ("by end September 2010", DeadlineKind.MONTH, date(2010, 9, 30), 0),
    ("from 1st October 2010", DeadlineKind.ONGOING, None, 1),
    ("31st March 2010", DeadlineKind.DATE, date(2010, 3, 31), 0),
    ("01/04/2011", DeadlineKind.DATE, date(2011, 4, 1), 0),  # UK day-first
    ("31/12/09", DeadlineKind.DATE, date(2009, 12, 31), 0),
    ("Q3 2010/11", DeadlineKind.QUARTER, date(2010, 12, 31), 0),
    ("2010/11", DeadlineKind.YEAR, date(2011, 3, 31), 0),
]


@pytest.mark.parametrize(("text", "kind", "due", "n_milestones"), DEADLINES)
def test_deadline_reads_seed_text(text: str, kind: DeadlineKind, due: date | None, n_milestones: int) -> None:
    d = Deadline.parse(text)
    assert d.text == text
    assert str(d) == text
    assert d.kind is kind
    assert d.due == due
    assert len(d.milestones) == n_milestones


def test_deadline_details() -> None:
    d = Deadline.parse("Ph 1 – March 2009 Ph 2 – March 2010")
    assert [(m.label, m.due) for m in d.milestones] == [("Ph 1", date(2009, 3, 31)), ("Ph 2", date(2010, 3, 31))]
    e = Deadline.parse("15 June 2010 (model scheme) 15 December 2010 (e-petitions)")
    assert [m.label for m in e.milestones] == ["model scheme", "e-petitions"]
    assert Deadline.parse("March 2010 and beyond").open_ended
    assert Deadline.parse("from December, 2001").starts == date(2001, 12, 1)


@pytest.mark.parametrize(
    "text", ["Marhc 2011", "", "   ", "31/02/2010", "soon", "2011", "Smarch 2011", "31 st Marhc 2011"]
)
def test_deadline_rejects_with_text(text: str) -> None:
    with pytest.raises(ParseError) as err:
        Deadline.parse(text)
    assert repr(text) in str(err.value)
    assert isinstance(err.value, ValueError)


@given(s.deadline_texts)
def test_deadline_round_trips(text: str) -> None:
    d = Deadline.parse(text)
    assert Deadline.parse(str(d)) == d
    if d.due is not None and d.milestones:
        assert d.due == max(m.due for m in d.milestones)


# --- indicator values ----------------------------------------------------------------

VALUES = [
    ("Target to be set after one year of data obtained", "to_be_set", None, None),  # 003
    ("15%", "absolute", "15", "%"),  # NI 37
    ("5.235M", "absolute", "5235000", None),  # NI 179
    ("22,500", "absolute", "22500", None),  # NI 180
    ("21 days", "absolute", "21", "days"),  # NI 181
    ("20.5 days", "absolute", "20.5", "days"),
    ("10.25", "absolute", "10.25", None),  # LPI 1
    ("4.50%", "absolute", "4.50", "%"),
    ("0.90", "absolute", "0.90", None),  # LPI 10
    ("16.67", "absolute", "16.67", None),
    ("98.70%", "absolute", "98.70", "%"),  # LPI 24
    ("5% reduction from 31/03/08", "relative", None, None),  # LPI 25
]


@pytest.mark.parametrize(("text", "kind", "value", "unit"), VALUES)
def test_indicator_value_reads_seed_text(text: str, kind: str, value: str | None, unit: str | None) -> None:
    v = IndicatorValue.parse(text)
    assert v.kind.value == kind
    assert v.value == (Decimal(value) if value else None)
    assert v.unit == unit


def test_relative_target() -> None:
    v = IndicatorValue.parse("5% reduction from 31/03/08")
    assert v.change == Decimal(-5)
    assert v.baseline == date(2008, 3, 31)


@pytest.mark.parametrize("text", ["", "lots", "5% from", "5% reduction from never", "twenty days"])
def test_indicator_value_rejects(text: str) -> None:
    with pytest.raises(ParseError, match="indicator value"):
        IndicatorValue.parse(text)


@given(s.indicator_value_texts)
def test_indicator_value_round_trips(text: str) -> None:
    v = IndicatorValue.parse(text)
    assert IndicatorValue.parse(str(v)) == v
