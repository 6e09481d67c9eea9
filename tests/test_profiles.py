"""Profiled targets and year-to-date actuals (issue 16 item 1); the frame form agrees with the scalar one."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import serviceplan
from serviceplan import Indicator, IndicatorValue, Measurement, Period, Rag, Target, indicator_status
from serviceplan.calc import RagReason, period_frame, rag_frame, year_to_date_actual, year_to_date_frame
from serviceplan.errors import ModelError
from serviceplan.model import (
    Accumulation,
    Against,
    PlanPolicy,
    Profile,
    ProfileKind,
    RuleKind,
    ServicePlan,
    StatusRule,
    Tolerance,
    ToleranceKind,
)
from serviceplan.values import IndicatorUnit, Polarity
from serviceplan.values.periods import PeriodKind

D = Decimal
EVEN = Profile(kind=ProfileKind.EVEN)


def _measured(*rows: tuple[str, str] | tuple[str, str, str, str]) -> list[Measurement]:
    out = []
    for row in rows:
        period, value, *counts = row
        numerator, denominator = (D(c) for c in counts) if counts else (None, None)
        out.append(
            Measurement(
                period=Period.parse(period),
                value=IndicatorValue.parse(value),
                numerator=numerator,
                denominator=denominator,
            )
        )
    return out


@pytest.fixture(scope="module")
def ni180() -> Indicator:
    """Salford 2009/12 NI 180 as printed (targets 22,500, 23,000, 23,500), with a first quarter's actual."""
    plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(plan, ServicePlan)
    indicator = plan.indicator("NI 180")
    assert indicator is not None
    return attrs.evolve(indicator, measurements=_measured(("2009/10 Q1", "5,900")))


def test_the_issue_repro_ni180_at_q1(ni180: Indicator) -> None:
    # Before: only an annual target, so the quarter has none.
    assert indicator_status(ni180, "2009/10 Q1").reason is RagReason.NO_TARGET
    # Cumulative but not profiled: refused, and it says why.
    summed = attrs.evolve(ni180, accumulation=Accumulation.SUM)
    assert indicator_status(summed, "2009/10 Q1").reason is RagReason.NO_PROFILE
    # Profiled evenly by the plan's policy: a quarter of 23,000 against the year to date.
    plan = ServicePlan(id="p", title="p", indicators=[summed], policy=PlanPolicy(profile=EVEN))
    status = indicator_status(summed, "2009/10 Q1", plan=plan)
    assert (status.target, status.actual, status.year_to_date) == (D("5750"), D("5900"), True)
    assert (status.rag, status.reason) == (Rag.GREEN, RagReason.MET)
    # The indicator's own profile wins over the plan's: 20% in the first quarter.
    custom = Profile(kind=ProfileKind.CUSTOM, weights=[D(30), D(25), D(25), D(20)])
    own = attrs.evolve(summed, profile=custom)
    assert indicator_status(own, "2009/10 Q1", plan=plan).target == D("6900")
    assert indicator_status(own, "2009/10 Q1", plan=plan).rag is Rag.RED
    # The year is judged on its own target as before.
    assert indicator_status(own, "2009/10", plan=plan).target == D("23000")


# accumulation, unit, quarters (period, value[, numerator, denominator]), at, expected year-to-date actual or reason
YTD_TABLE = [
    (Accumulation.SUM, IndicatorUnit.COUNT, [("2009/10 Q1", "5,900"), ("2009/10 Q2", "6,100")], "2009/10 Q2", "12000"),
    (Accumulation.MEAN, IndicatorUnit.DAYS, [("2009/10 Q1", "21 days"), ("2009/10 Q2", "20 days")], "2009/10 Q2",
     "20.5"),
    (Accumulation.LATEST, IndicatorUnit.PERCENTAGE, [("2009/10 Q1", "29.1%"), ("2009/10 Q2", "57.3%")], "2009/10 Q2",
     "57.3"),
    # % of invoices paid in 30 days: the ratio of the sums, not the mean of 90% and 50%
    (Accumulation.RATIO, IndicatorUnit.PERCENTAGE,
     [("2009/10 Q1", "90%", "900", "1000"), ("2009/10 Q2", "50%", "50", "100")], "2009/10 Q2",
     "86.36363636363636363636363636"),
    (Accumulation.RATIO, IndicatorUnit.PERCENTAGE, [("2009/10 Q1", "90%"), ("2009/10 Q2", "50%")], "2009/10 Q2",
     RagReason.INCOMPLETE),
    (Accumulation.SUM, IndicatorUnit.COUNT, [("2009/10 Q2", "6,100")], "2009/10 Q2", RagReason.INCOMPLETE),
    (Accumulation.SUM, IndicatorUnit.COUNT, [("2009/10 Q1", "5,900")], "2009/10 Q2", RagReason.NO_DATA),
    # the year: its outturn from four quarters, or as printed
    (Accumulation.SUM, IndicatorUnit.COUNT, [(f"2009/10 Q{n}", "5,000") for n in range(1, 5)], "2009/10", "20000"),
    (Accumulation.SUM, IndicatorUnit.COUNT, [("2009/10", "22,000"), ("2009/10 Q1", "5,000")], "2009/10", "22000"),
    (Accumulation.SUM, IndicatorUnit.COUNT, [("2009/10 Q1", "5,000")], "2009/10", RagReason.INCOMPLETE),
    (None, IndicatorUnit.COUNT, [("2009/10 Q1", "5,900"), ("2009/10 Q2", "6,100")], "2009/10 Q2", "6100"),
]  # fmt: skip


@pytest.mark.parametrize(("accumulation", "unit", "rows", "at", "expected"), YTD_TABLE)
def test_year_to_date_actual(
    accumulation: Accumulation | None, unit: IndicatorUnit, rows: list[tuple[str, ...]], at: str, expected: object
) -> None:
    indicator = Indicator(code="X", title="x", unit=unit, accumulation=accumulation, measurements=_measured(*rows))  # type: ignore[arg-type]
    value, why = year_to_date_actual(indicator, Period.parse(at))
    if isinstance(expected, RagReason):
        assert (value, why) == (None, expected)
    else:
        assert (value, why) == (D(str(expected)), None)


def test_seasonal_profile_follows_last_years_pattern() -> None:
    # Last year's quarters 4,000 / 6,000 / 6,000 / 4,000: the first quarter carries 20% of the year.
    last_year = [(f"2008/09 Q{n}", v) for n, v in zip(range(1, 5), ("4,000", "6,000", "6,000", "4,000"), strict=True)]
    indicator = Indicator(
        code="NI 180",
        title="Changes of circumstances",
        polarity=Polarity.HIGHER_IS_BETTER,
        accumulation=Accumulation.SUM,
        profile=Profile(kind=ProfileKind.SEASONAL),
        targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("23,000"))],
        measurements=_measured(*last_year, ("2009/10 Q1", "4,700"), ("2009/10 Q2", "6,000")),
    )
    assert indicator_status(indicator, "2009/10 Q1").target == D("4600")
    assert indicator_status(indicator, "2009/10 Q2").target == D("11500")
    assert indicator_status(indicator, "2009/10 Q2").rag is Rag.RED  # 10,700 against 11,500
    gap = attrs.evolve(indicator, measurements=indicator.measurements[1:])  # no 2008/09 Q1
    assert indicator_status(gap, "2009/10 Q1").reason is RagReason.PROFILE_UNKNOWN


def test_a_quarters_own_target_is_its_year_to_date_target() -> None:
    indicator = Indicator(
        code="NI 180",
        title="x",
        polarity=Polarity.HIGHER_IS_BETTER,
        accumulation=Accumulation.SUM,
        targets=[
            Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("23,000")),
            Target(period=Period.parse("2009/10 Q2"), value=IndicatorValue.parse("11,250")),
        ],
        measurements=_measured(("2009/10 Q1", "5,900"), ("2009/10 Q2", "5,400")),
    )
    status = indicator_status(indicator, "2009/10 Q2")
    assert (status.target, status.actual, status.rag) == (D("11250"), D("11300"), Rag.GREEN)
    assert indicator_status(indicator, "2009/10 Q1").reason is RagReason.NO_PROFILE


def test_a_rates_annual_target_holds_every_quarter() -> None:
    ni181 = Indicator(
        code="NI 181",
        title="Time taken",
        polarity=Polarity.LOWER_IS_BETTER,
        accumulation=Accumulation.MEAN,
        tolerance=Tolerance(kind=ToleranceKind.ABSOLUTE, value=D("0.5")),
        targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("20.5 days"))],
        measurements=_measured(("2009/10 Q1", "22 days"), ("2009/10 Q2", "20 days")),
    )
    assert indicator_status(ni181, "2009/10 Q1").rag is Rag.RED
    status = indicator_status(ni181, "2009/10 Q2")  # mean 21 days against 20.5, within half a day
    assert (status.target, status.actual, status.rag) == (D("20.5"), D("21"), Rag.AMBER)


def test_a_monthly_profile_serves_quarters_and_a_quarterly_one_cannot_split_months() -> None:
    monthly = Profile(kind=ProfileKind.CUSTOM, by=PeriodKind.MONTH, weights=[D(1)] * 11 + [D(12)])
    indicator = Indicator(
        code="X",
        title="x",
        polarity=Polarity.HIGHER_IS_BETTER,
        accumulation=Accumulation.SUM,
        profile=monthly,
        targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("2,300"))],
        measurements=_measured(("April 2009", "100")),
    )
    assert indicator_status(indicator, "2009/10 Q1").target == D("300")
    assert indicator_status(indicator, "April 2009").target == D("100")
    assert indicator_status(attrs.evolve(indicator, profile=EVEN), "April 2009").reason is RagReason.NO_PROFILE


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"kind": ProfileKind.CUSTOM, "weights": [D(1)] * 3}, "needs 4 weights, not 3"),
        ({"kind": ProfileKind.CUSTOM, "weights": [D(0)] * 4}, "must not all be 0"),
        ({"kind": ProfileKind.EVEN, "weights": [D(1)] * 4}, "takes no weights"),
        ({"kind": ProfileKind.EVEN, "by": PeriodKind.YEAR}, "over quarters or months, not 'year'"),
        ({"kind": ProfileKind.CUSTOM, "weights": [D(1), D(1), D(1), D(-1)]}, "at least 0, not Decimal\\('-1'\\)"),
    ],
)
def test_a_profile_refuses_what_cannot_spread_a_year(changes: dict[str, object], words: str) -> None:
    with pytest.raises(ModelError, match=words):
        Profile(**changes)  # type: ignore[arg-type]


def test_ratio_counts_must_be_numbers_of_at_least_zero() -> None:
    with pytest.raises(ModelError, match=r"Measurement\.denominator"):
        Measurement(period=Period.parse("2009/10"), value=IndicatorValue.parse("1"), denominator=D(-1))


def test_a_seasonal_profile_without_a_pattern_raises() -> None:
    with pytest.raises(ModelError, match="seasonal profile needs last year's 4 actuals"):
        Profile(kind=ProfileKind.SEASONAL).shares()


# --- the frame form agrees with the scalar one -------------------------------------------------

YEAR, LAST = "2009/10", "2008/09"
whole = st.integers(0, 5000).map(D)
quarter_rows = st.lists(
    st.tuples(st.sampled_from([YEAR, LAST]), st.integers(1, 4), whole, st.none() | whole, st.none() | whole),
    max_size=8,
    unique_by=lambda r: (r[0], r[1]),
)
profiles = st.none() | st.sampled_from(
    [
        EVEN,
        Profile(kind=ProfileKind.SEASONAL),
        Profile(kind=ProfileKind.CUSTOM, weights=[D(3), D(1), D(0), D(2)]),
        Profile(kind=ProfileKind.CUSTOM, by=PeriodKind.MONTH, weights=[D(m) for m in range(12)]),
    ]
)
target_texts = st.sampled_from(["23,000", "8,000", "Target to be set after one year of data obtained", "0"])
tolerances = st.none() | st.sampled_from(
    [
        Tolerance(kind=ToleranceKind.ABSOLUTE, value=D(500)),
        Tolerance(kind=ToleranceKind.PERCENTAGE, value=D(10)),
        Tolerance(kind=ToleranceKind.PERCENTAGE, value=D(5), scale=D(1000)),
    ]
)


@st.composite
def cumulative_indicators(draw: st.DrawFn) -> Indicator:
    rows = draw(quarter_rows)
    measurements = [
        Measurement(period=Period.parse(f"{year} Q{n}"), value=IndicatorValue.parse(str(value)),
                    numerator=num, denominator=den)
        for year, n, value, num, den in rows
    ]  # fmt: skip
    targets = []
    if draw(st.booleans()):
        targets.append(Target(period=Period.parse(YEAR), value=IndicatorValue.parse(draw(target_texts))))
    for n in draw(st.lists(st.integers(1, 4), max_size=2, unique=True)):
        targets.append(Target(period=Period.parse(f"{YEAR} Q{n}"), value=IndicatorValue.parse(draw(target_texts))))
    return Indicator(
        code="NI 180",
        title="x",
        unit=draw(st.sampled_from([IndicatorUnit.COUNT, IndicatorUnit.PERCENTAGE])),
        polarity=draw(st.sampled_from(list(Polarity))),
        accumulation=draw(st.none() | st.sampled_from(list(Accumulation))),
        profile=draw(profiles),
        tolerance=draw(tolerances),
        rule=draw(
            st.none()
            | st.builds(
                StatusRule,
                range_amber=st.none() | tolerances,
                tie_is_met=st.booleans(),
                kind=st.sampled_from(list(RuleKind)),
                against=st.sampled_from(list(Against)),
            )
        ),
        targets=targets,
        measurements=measurements,
    )


@settings(max_examples=300)
@given(indicator=cumulative_indicators(), plan_profile=profiles)
def test_year_to_date_frame_agrees_with_indicator_status(indicator: Indicator, plan_profile: Profile | None) -> None:
    plan = ServicePlan(id="p", title="p", indicators=[indicator], policy=PlanPolicy(profile=plan_profile))
    frame = year_to_date_frame(period_frame(plan))
    scored = rag_frame(
        frame,
        actual="ytd_actual",
        target="ytd_target",
        tolerance="ytd_tolerance",
        target_state="ytd_state",
        range_amber="ytd_range_amber",
    )
    for row in scored.itertuples():
        status = indicator_status(indicator, row.period, plan=plan)
        assert (row.rag, row.reason) == (status.rag.value, status.reason.value), row.period
        if status.reason.value in {"met", "missed"}:
            assert row.ytd_target == pytest.approx(float(status.target or 0))
            assert row.ytd_actual == pytest.approx(float(status.actual or 0))
    assert len(scored) == 4 * len({m.period.year for m in indicator.measurements} | {
        t.period.year for t in indicator.targets if t.period.kind is PeriodKind.QUARTER})  # fmt: skip
