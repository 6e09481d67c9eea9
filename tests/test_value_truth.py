"""Issue 12: value text that goes stale, vocabulary that is not checked, numbers and dates read
too loosely (and too strictly), and false alarms in ``check()``. Each reproduction is a test."""

from __future__ import annotations

import json
import typing
from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import serviceplan
from serviceplan._strict import read_iso_date, read_whole, structure_decimal
from serviceplan.calc import indicator_status
from serviceplan.checks import check
from serviceplan.checks.indicators import counts_change
from serviceplan.errors import LoadError, ModelError, ParseError
from serviceplan.io.converter import as_text
from serviceplan.io.fast import _type_only
from serviceplan.io.fields import fields_of
from serviceplan.model import (
    Action,
    Indicator,
    Measurement,
    PlanPolicy,
    Resourcing,
    ServicePlan,
    Target,
    Tolerance,
    ToleranceKind,
)
from serviceplan.model._base import EnumCheck, _enum_of
from serviceplan.values import (
    ActionStatus,
    Deadline,
    DeadlineKind,
    FinancialYear,
    IndicatorUnit,
    IndicatorValue,
    Money,
    Period,
    Polarity,
    Quarter,
    Rag,
)
from tests import strategies as s

DOCUMENT_FORMATS = ["json", "yaml", "csv"]


def _value(text: str) -> IndicatorValue:
    return IndicatorValue.parse(text)


# --- 8. value text goes stale -------------------------------------------------------------------


def test_evolved_money_drops_its_old_text() -> None:
    money = Money.parse("£100K")
    doubled = attrs.evolve(money, amount=2 * money.amount)
    assert doubled.amount == Decimal(200_000)
    assert doubled.text is None
    assert as_text(doubled) == "£200,000"
    assert Money.parse(as_text(doubled)) == doubled
    assert as_text(attrs.evolve(money, text="£100,000")) == "£100,000"  # a text that still reads so is kept


def test_evolved_years_quarters_and_periods_drop_their_old_text() -> None:
    fy = FinancialYear.parse("2010-11")
    assert as_text(attrs.evolve(fy, start_year=2011)) == "2011/12"
    q = Quarter.parse("Quarter 1 (June 2010)")
    assert as_text(attrs.evolve(q, number=2)) == "2010/11 Q2"
    period = Period.parse("June 2010")
    later = attrs.evolve(period, start=date(2010, 7, 1), end=date(2010, 7, 31))
    assert as_text(later) == "July 2010"
    assert Period.parse(as_text(later)) == later


def test_value_types_refuse_a_text_that_is_not_text() -> None:
    for build in (
        lambda: Money(Decimal(1), text=5),  # type: ignore[arg-type]
        lambda: FinancialYear(2010, text=b"2010/11"),  # type: ignore[arg-type]
        lambda: Deadline(5, DeadlineKind.DATE),  # type: ignore[arg-type]
        lambda: IndicatorValue(None, serviceplan.values.ValueKind.ABSOLUTE),  # type: ignore[arg-type]
    ):
        with pytest.raises(ModelError, match=r"\.text must be text"):
            build()


def test_a_deadline_or_indicator_value_is_its_text() -> None:
    deadline = Deadline.parse("March 2011")
    with pytest.raises(ModelError, match=r"'March 2011'.*Deadline\.parse"):
        attrs.evolve(deadline, due=date(2012, 3, 31))
    with pytest.raises(ModelError, match="Marhc 2011"):
        Deadline("Marhc 2011", DeadlineKind.MONTH)
    assert Deadline("March 2011", DeadlineKind.MONTH, date(2011, 3, 31)) == deadline
    value = _value("98.70%")
    with pytest.raises(ModelError, match=r"'98.70%'.*IndicatorValue\.parse"):
        attrs.evolve(value, value=Decimal(50))


def _with_doubled_net(plan: ServicePlan) -> ServicePlan:
    table = plan.budgets[0]
    line = table.lines[0]
    assert line.net is not None
    assert line.net.text == "1,876 (£000)"
    doubled = attrs.evolve(line, net=attrs.evolve(line.net, amount=2 * line.net.amount))
    return attrs.evolve(plan, budgets=(attrs.evolve(table, lines=(doubled, *table.lines[1:])), *plan.budgets[1:]))


@pytest.mark.parametrize("fmt", DOCUMENT_FORMATS)
def test_a_changed_value_is_what_every_format_writes(fmt: str, examples: dict[str, ServicePlan]) -> None:
    plan = _with_doubled_net(examples["salford-2009-12"])
    first = plan.years[0]
    plan = attrs.evolve(plan, years=(attrs.evolve(first, start_year=first.start_year - 1), *plan.years[1:]))
    back = serviceplan.loads(serviceplan.dumps(plan, format=fmt), format=fmt)
    assert isinstance(back, ServicePlan)
    net = back.budgets[0].lines[0].net
    assert net is not None
    assert net.amount == Decimal(3_752_000)
    assert back.years[0] == FinancialYear(2008)
    assert back == plan


@given(value=st.one_of(s.money, s.financial_years, s.quarters, s.periods, s.money_texts.map(Money.parse)))
def test_a_value_types_text_reads_as_its_value(value: object) -> None:
    parse = type(value).parse  # type: ignore[attr-defined]
    assert parse(as_text(value)) == value


@given(value=st.one_of(s.deadlines, s.indicator_values))
def test_a_deadline_or_indicator_value_reads_back_field_for_field(value: Deadline | IndicatorValue) -> None:
    again = type(value).parse(as_text(value))
    assert attrs.astuple(again, recurse=False) == attrs.astuple(value, recurse=False)


@given(money=s.money_texts.map(Money.parse), factor=st.integers(-5, 5).filter(lambda n: n not in (0, 1)))
def test_evolved_money_text_always_reads_as_the_new_amount(money: Money, factor: int) -> None:
    changed = attrs.evolve(money, amount=money.amount * factor)
    assert Money.parse(as_text(changed)).amount == money.amount * factor


@given(fy=s.financial_years.map(lambda fy: FinancialYear.parse(f"{fy.start_year}-{fy.start_year + 1}")))
def test_evolved_year_text_always_reads_as_the_new_year(fy: FinancialYear) -> None:
    changed = attrs.evolve(fy, start_year=fy.start_year - 1)
    assert FinancialYear.parse(as_text(changed)) == changed


# --- 9. wrong vocabulary accepted --------------------------------------------------------------


def test_a_word_outside_the_vocabulary_is_refused() -> None:
    with pytest.raises(ModelError, match=r"Action\.status must be one of ActionStatus: .*not 'bogus'"):
        Action(id="1", title="t", status="bogus")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=r"Action\.status .*ActionStatus\('complete'\)"):
        Action(id="1", title="t", status="complete")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=r"Resourcing\.status"):
        Resourcing(status=None)  # type: ignore[arg-type]
    action = Action(id="1", title="t", status=ActionStatus.COMPLETE)
    with pytest.raises(ModelError, match=r"Action\.status"):
        attrs.evolve(action, status="bogus")


def _model_classes() -> list[type]:
    return [c for c in vars(serviceplan.model).values() if isinstance(c, type) and attrs.has(c)]


def test_every_enum_field_of_every_model_class_is_checked() -> None:
    seen = 0
    for cls in _model_classes():
        hints = typing.get_type_hints(cls)
        for spec in fields_of(cls):
            field = spec.attribute
            if _enum_of(cls, hints[field.name]) is None:
                continue
            seen += 1
            assert isinstance(field.validator, EnumCheck), f"{cls.__name__}.{field.name}"
            # the mirror has decoded the member already: the fast path need not run the check again
            assert _type_only(spec), f"{cls.__name__}.{field.name}"
    assert seen >= 19


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_a_file_with_a_word_outside_the_vocabulary_names_path_and_word(fmt: str) -> None:
    plan = ServicePlan(id="p", title="p", actions=[Action(id="1", title="t")])
    data = serviceplan.io.unstructure(plan)
    data["actions"][0]["status"] = "bogus"
    text = json.dumps(data)  # JSON is YAML too
    with pytest.raises(LoadError, match=r"actions\[0\]\.status: 'bogus'"):
        serviceplan.loads(text, format=fmt)


@given(plan=s.service_plans)
@settings(max_examples=25)
def test_fast_path_builds_what_init_would(plan: ServicePlan) -> None:
    from serviceplan.io.converter import careful_structure
    from serviceplan.io.fast import REFUSED, fast_structure

    data = serviceplan.io.unstructure(plan)
    fast = fast_structure(data)
    assert fast is not REFUSED
    assert fast == careful_structure(data) == plan


# --- 12. numbers and dates ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1_0", "٢.٥", "１０", " 1", "1 ", "1,000", "NaN", "Infinity", "0x10", ""])
def test_decimals_are_ascii_digits(text: str) -> None:
    with pytest.raises(ParseError, match="number"):
        structure_decimal(text)


@pytest.mark.parametrize("text", ["0", "-3", "1.5", ".5", "+2", "1E+5", "0.90"])
def test_decimals_read_as_written(text: str) -> None:
    assert structure_decimal(text) == Decimal(text)


def test_whole_numbers_are_ascii_digits() -> None:
    assert read_whole("12") == 12
    assert read_whole("-3") == -3
    for text in ("1_0", "١٢", " 12", "12.0", "", "²"):
        with pytest.raises(ParseError):
            read_whole(text)


def test_a_csv_whole_number_cell_is_ascii_digits() -> None:
    pytest.importorskip("pandas")
    from serviceplan.io.formats.tabular import typed_column

    assert next(iter(typed_column(["3", None], "Int64", "risks.csv:likelihood", None))) == 3
    for cell in ("1_0", "٣"):
        with pytest.raises(LoadError, match=r"risks\.csv:likelihood: expected a whole number"):
            typed_column([cell], "Int64", "risks.csv:likelihood", None)


@pytest.mark.parametrize(
    ("read", "text"),
    [
        (Money.parse, "£١٠٠"),
        (Money.parse, "£１００K"),
        (IndicatorValue.parse, "٢.٥%"),
        (IndicatorValue.parse, "2.٥ days"),
        (FinancialYear.parse, "٢٠١٠/١١"),
        (Quarter.parse, "Q1 ٢٠١٠/١١"),
        (Period.parse, "June ２０１０"),
        (Deadline.parse, "٣١/٠٣/٢٠١١"),
        (Deadline.parse, "March ２０１１"),
    ],
)
def test_value_types_read_ascii_digits_only(read: typing.Callable[[str], object], text: str) -> None:
    with pytest.raises(ParseError):
        read(text)


def test_iso_dates_are_exact_day_deadlines() -> None:
    deadline = Deadline.parse("2010-09-30")
    assert (deadline.kind, deadline.due) == (DeadlineKind.DATE, date(2010, 9, 30))
    assert Deadline.parse("Report to Cabinet by 2011-03-31").due == date(2011, 3, 31)
    two = Deadline.parse("2010-06-15 (model scheme) 2010-12-15 (e-petitions)")
    assert two.kind is DeadlineKind.MILESTONES
    assert [m.label for m in two.milestones] == ["model scheme", "e-petitions"]
    assert _value("5% reduction from 2008-03-31").baseline == date(2008, 3, 31)
    assert Deadline.parse("31-03-2011").due == date(2011, 3, 31)  # day first, as before
    assert Period.parse("2010-11") == Period.of(FinancialYear(2010))


@pytest.mark.parametrize("text", ["20100930", "2010-W39-4", "2010W394", "2010-02-30", "2010-9-30"])
def test_compact_week_and_impossible_iso_dates_are_refused(text: str) -> None:
    with pytest.raises(ParseError, match=text):
        Deadline.parse(text)


@pytest.mark.parametrize(
    "text", ["20110301", "2011-W09-2", "2011W092", "２０１１-03-01", "2011-02-30", "2011-03-01T00:00"]
)
def test_dates_in_files_are_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(ParseError, match="date"):
        read_iso_date(text)
    data = {"format_version": 1, "kind": "service_plan", "id": "p", "title": "p", "report": {"dates": [text]}}
    with pytest.raises(LoadError, match=rf"report\.dates\[0\]: cannot read date '{text}'"):
        serviceplan.io.structure(data)
    assert read_iso_date("2011-03-01") == date(2011, 3, 1)


def test_as_of_on_the_command_line_is_yyyy_mm_dd() -> None:
    import argparse

    from serviceplan.cli import _date

    assert _date("2010-06-30") == date(2010, 6, 30)
    with pytest.raises(argparse.ArgumentTypeError, match="20100630"):
        _date("20100630")


@pytest.mark.parametrize(
    "scalar",
    ["!!int 1:30", "!!int 1_0", "!!int 0x10", "!!int 0o7", "!!float 6", "!!bool yes", "!!timestamp 2010-01-01"],
)
def test_yaml_explicit_tags_take_only_core_forms(scalar: str) -> None:
    pytest.importorskip("yaml")
    text = f"format_version: 1\nid: p\ntitle: p\npolicy:\n  max_priorities: {scalar}\n"
    with pytest.raises(LoadError, match="not valid YAML"):
        serviceplan.loads(text, format="yaml")


def test_yaml_core_tags_still_read() -> None:
    pytest.importorskip("yaml")
    text = "format_version: !!int 1\nid: !!str 7\ntitle: p\npolicy:\n  max_priorities: !!int 4\nstatus: !!null\n"
    plan = serviceplan.loads(text, format="yaml")
    assert isinstance(plan, ServicePlan)
    assert (plan.id, plan.policy.max_priorities, plan.status) == ("7", 4, None)
    sexagesimal = serviceplan.loads("format_version: 1\nid: '1'\ntitle: 1:30\n", format="yaml")
    assert isinstance(sexagesimal, ServicePlan)
    assert sexagesimal.title == "1:30"


# --- 13. false alarms in check() --------------------------------------------------------------


def _actual(period: str, text: str = "19 days") -> Measurement:
    return Measurement(period=Period.parse(period), value=_value(text))


def _codes(plan: ServicePlan, code: str) -> list[str]:
    return [f.path for f in check(plan) if f.code == code]


def test_actuals_of_the_year_before_are_not_outside_the_period(examples: dict[str, ServicePlan]) -> None:
    salford = examples["salford-2009-12"]  # 2009/10 to 2011/12; direction of travel needs 2008/09
    dashboard = [
        attrs.evolve(i, measurements=[_actual("2008/09", "1"), _actual("2008/09 Q4", "1"), _actual("March 2009", "1")])
        for i in salford.indicators
    ]
    assert len(dashboard) * 3 > 100
    assert _codes(attrs.evolve(salford, indicators=dashboard), "actual-outside-period") == []


def test_actuals_that_the_plan_cannot_have_or_need_are_outside() -> None:
    plan = ServicePlan(
        id="p",
        title="p",
        years=[FinancialYear(2009)],
        indicators=[
            Indicator(
                code="LPI 25",
                title="Sickness",
                targets=[Target(period=Period.parse("2009/10"), value=_value("5% reduction from 31/03/07"))],
                measurements=[_actual("2006/07"), _actual("2007/08"), _actual("2008/09"), _actual("2010/11")],
            )
        ],
    )
    # 2006/07 is the relative target's baseline; 2008/09 the year before; 2007/08 and 2010/11 are slips
    assert _codes(plan, "actual-outside-period") == ["indicators[0].measurements[1]", "indicators[0].measurements[3]"]


def test_a_percentage_change_may_be_negative_or_above_100() -> None:
    cells = [Target(period=Period.parse("2009/10"), value=_value(t)) for t in ("-5%", "150%")]
    change = Indicator(code="NI 186", title="Emissions", unit=IndicatorUnit.PERCENTAGE_CHANGE, targets=cells)
    titled = Indicator(code="LPI 3", title="% change in sickness absence", targets=cells)
    share = Indicator(code="LPI 15", title="Appraisals", unit=IndicatorUnit.PERCENTAGE, targets=cells)
    unknown = Indicator(code="LPI 16", title="Appraisals", targets=cells)
    plan = ServicePlan(id="p", title="p", years=[FinancialYear(2009)], indicators=[change, titled, share, unknown])
    assert counts_change(change)
    assert counts_change(titled)
    assert not counts_change(share)
    found = {(f.code, f.path.split(".")[0]) for f in check(plan)}
    assert ("impossible-percentage", "indicators[0]") not in found
    assert ("impossible-percentage", "indicators[1]") not in found
    assert ("impossible-percentage", "indicators[2]") in found
    assert ("impossible-percentage", "indicators[3]") in found
    assert not any(code == "unit-mismatch" for code, _ in found)  # "%" is the unit of a percentage change


def test_indicator_status_applies_the_plans_tolerance() -> None:
    five = Tolerance(kind=ToleranceKind.PERCENTAGE, value=Decimal(5))
    ni181 = Indicator(
        code="NI 181",
        title="Time taken",
        polarity=Polarity.LOWER_IS_BETTER,
        targets=[Target(period=Period.parse("2009/10"), value=_value("20 days"))],
        measurements=[_actual("2009/10", "20.5 days")],
    )
    plan = ServicePlan(id="p", title="p", indicators=[ni181], policy=PlanPolicy(tolerance=five))
    assert indicator_status(ni181, "2009/10").rag is Rag.RED  # no plan, no tolerance
    status = indicator_status(ni181, "2009/10", plan=plan)
    assert (status.rag, status.tolerance) == (Rag.AMBER, Decimal(1))
    own = attrs.evolve(ni181, tolerance=Tolerance(kind=ToleranceKind.ABSOLUTE, value=Decimal("0.1")))
    assert indicator_status(own, "2009/10", plan=plan).rag is Rag.RED  # the indicator's own comes first
    none = Tolerance(kind=ToleranceKind.ABSOLUTE, value=Decimal(0))
    assert indicator_status(ni181, "2009/10", plan=plan, default_tolerance=none).rag is Rag.RED


@pytest.mark.parametrize("text", ["٣", "²", "３"])
def test_a_risk_level_is_named_in_ascii_digits(text: str) -> None:
    from serviceplan.errors import LevelError
    from serviceplan.risk.matrix import risk_matrix

    scale = risk_matrix("5x5").likelihood
    assert scale.level(" 3 ").number == 3
    with pytest.raises(LevelError, match="names no level"):
        scale.level(text)
