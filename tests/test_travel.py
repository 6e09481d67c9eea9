"""Direction of travel against last year's outturn, range indicators by distance and with amber (issue 16 item 2)."""

from __future__ import annotations

from decimal import Decimal

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan import Indicator, IndicatorValue, Measurement, Period, Rag, Target, indicator_status
from serviceplan.calc import (
    Against,
    Direction,
    RagReason,
    direction_frame,
    direction_of_travel,
    indicator_frame,
    rag,
    rag_frame,
    travel,
    travel_figures,
)
from serviceplan.errors import ModelError
from serviceplan.model import Accumulation, PlanPolicy, Profile, ProfileKind, ServicePlan, StatusRule, Tolerance
from serviceplan.model import ToleranceKind as Kind
from serviceplan.values import IndicatorUnit, Polarity

D = Decimal
HIGHER, LOWER, RANGE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.RANGE


def _actuals(*rows: tuple[str, str]) -> list[Measurement]:
    return [Measurement(period=Period.parse(p), value=IndicatorValue.parse(v)) for p, v in rows]


@pytest.fixture(scope="module")
def salford() -> ServicePlan:
    plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(plan, ServicePlan)
    return plan


def test_a_quarter_against_last_years_outturn(salford: ServicePlan) -> None:
    # Every Salford rate (percentages and days) with an outturn for 2009/10 at its target and a 2010/11 Q1
    # actual: against the same quarter last year nothing is comparable (no 2009/10 Q1 was reported),
    # against last year's outturn every one is.
    rates = [i for i in salford.indicators if i.unit in (IndicatorUnit.PERCENTAGE, IndicatorUnit.DAYS)]
    reported = []
    for indicator in rates:
        target = indicator.target_for(Period.parse("2009/10"))
        if target is None or target.value.value is None:
            continue
        reported.append(
            attrs.evolve(
                indicator,
                measurements=[
                    Measurement(period=Period.parse("2009/10"), value=target.value),
                    Measurement(period=Period.parse("2010/11 Q1"), value=target.value),
                ],
            )
        )
    assert len(reported) >= 10
    same_quarter = [direction_of_travel(i, "2010/11 Q1", against="last_year") for i in reported]
    outturn = [direction_of_travel(i, "2010/11 Q1", against=Against.LAST_YEAR_OUTTURN) for i in reported]
    assert set(same_quarter) == {Direction.NOT_COMPARABLE}
    assert Direction.NOT_COMPARABLE not in outturn
    assert set(outturn) == {Direction.NO_CHANGE}


def test_ni181_quarter_against_outturn() -> None:
    ni181 = Indicator(
        code="NI 181",
        title="Time taken to process Housing Benefit/Council Tax Benefit new claims and change events",
        unit=IndicatorUnit.DAYS,
        polarity=LOWER,
        measurements=_actuals(("2009/10", "20.8 days"), ("2010/11 Q1", "19.5 days"), ("2009/10 Q1", "18 days")),
    )
    assert travel_figures(ni181, "2010/11 Q1", against="last_year_outturn") == (D("19.5"), D("20.8"))
    assert direction_of_travel(ni181, "2010/11 Q1", against="last_year_outturn") is Direction.IMPROVING
    assert direction_of_travel(ni181, "2010/11 Q1", against="last_year") is Direction.WORSENING


def test_a_count_is_compared_pro_rata_or_not_at_all() -> None:
    ni180 = Indicator(
        code="NI 180",
        title="Changes of circumstances",
        unit=IndicatorUnit.COUNT,
        polarity=HIGHER,
        measurements=_actuals(("2009/10", "22,000"), ("2010/11 Q1", "5,900"), ("2010/11 Q2", "5,000")),
    )
    # a quarter's count against a year's count would always be "worsening": refused instead
    assert direction_of_travel(ni180, "2010/11 Q1", against="last_year_outturn") is Direction.NOT_COMPARABLE
    summed = attrs.evolve(ni180, accumulation=Accumulation.SUM)
    assert travel_figures(summed, "2010/11 Q1", against="last_year_outturn") == (D("5900"), None)  # no profile
    plan = ServicePlan(
        id="p", title="p", indicators=[summed], policy=PlanPolicy(profile=Profile(kind=ProfileKind.EVEN))
    )
    assert travel_figures(summed, "2010/11 Q2", against="last_year_outturn", plan=plan) == (D("10900"), D("11000"))
    assert direction_of_travel(summed, "2010/11 Q1", against="last_year_outturn", plan=plan) is Direction.IMPROVING
    assert direction_of_travel(summed, "2010/11 Q2", against="last_year_outturn", plan=plan) is Direction.WORSENING


def test_cumulative_last_year_compares_years_to_date() -> None:
    ni180 = Indicator(
        code="NI 180",
        title="x",
        polarity=HIGHER,
        accumulation=Accumulation.SUM,
        measurements=_actuals(
            ("2009/10 Q1", "5,000"), ("2009/10 Q2", "7,000"), ("2010/11 Q1", "6,000"), ("2010/11 Q2", "5,500")
        ),
    )
    assert travel_figures(ni180, "2010/11 Q2", against="last_year") == (D("11500"), D("12000"))
    assert direction_of_travel(ni180, "2010/11 Q2", against="last_year") is Direction.WORSENING
    assert travel_figures(ni180, "2010/11 Q2", against="previous") == (D("5500"), D("6000"))  # quarter on quarter


# before, now, midpoint (the target), direction
RANGE_TRAVEL = [
    ("0.8", "0.55", "0.5", Direction.IMPROVING),  # the example: nearer 0.5, though it fell
    ("0.45", "0.6", "0.5", Direction.WORSENING),  # further, though it rose
    ("0.4", "0.6", "0.5", Direction.NO_CHANGE),  # as far the other side
    ("45%", "52%", "50%", Direction.IMPROVING),
    ("0.8", "0.55", None, Direction.DECREASING),  # no midpoint: only up or down
]


@pytest.mark.parametrize(("before", "now", "midpoint", "expected"), RANGE_TRAVEL)
def test_range_direction_by_distance_from_the_midpoint(
    before: str, now: str, midpoint: str | None, expected: Direction
) -> None:
    targets = [Target(period=Period.parse("2010/11"), value=IndicatorValue.parse(midpoint))] if midpoint else []
    indicator = Indicator(
        code="LPI 2",
        title="x",
        polarity=RANGE,
        targets=targets,
        measurements=_actuals(("2009/10", before), ("2010/11", now)),
    )
    assert direction_of_travel(indicator, "2010/11") is expected
    frame = pd.DataFrame(
        {
            "actual": [float(D(now.rstrip("%")))],
            "before": [float(D(before.rstrip("%")))],
            "target": [float(D(midpoint.rstrip("%"))) if midpoint else np.nan],
            "polarity": ["range"],
        }
    )
    assert direction_frame(frame)["direction"].tolist() == [expected.value]


def test_against_must_be_one_of_the_three() -> None:
    indicator = Indicator(code="X", title="x")
    with pytest.raises(
        ModelError, match="against must be one of 'previous', 'last_year', 'last_year_outturn', not 'yesterday'"
    ):
        direction_of_travel(indicator, "2010/11", against="yesterday")


# actual, midpoint, green tolerance, amber band, rag
RANGE_AMBER = [
    ("50", "50", "2", "3", Rag.GREEN),  # LPI 2: 50% women, green 48-52, amber 45-55
    ("52", "50", "2", "3", Rag.GREEN),
    ("54", "50", "2", "3", Rag.AMBER),
    ("45", "50", "2", "3", Rag.AMBER),  # the amber band's edge is amber
    ("44.9", "50", "2", "3", Rag.RED),
    ("54", "50", "2", None, Rag.RED),  # no amber band: green or red, as before
]


@pytest.mark.parametrize(("actual", "midpoint", "green", "amber", "colour"), RANGE_AMBER)
def test_range_amber_band(actual: str, midpoint: str, green: str, amber: str | None, colour: Rag) -> None:
    band = D(amber) if amber is not None else None
    assert rag(D(actual), D(midpoint), RANGE, D(green), range_amber=band)[0] is colour
    frame = pd.DataFrame(
        {
            "actual": [float(actual)],
            "target": [float(midpoint)],
            "polarity": ["range"],
            "tolerance": [float(green)],
            "range_amber": [float(amber) if amber else np.nan],
        }
    )
    assert rag_frame(frame)["rag"].tolist() == [colour.value]


def _budget_variance(**changes: object) -> Indicator:
    """A budget variance kept within a band about 0%: the midpoint of zero the issue asks about."""
    base: dict[str, object] = {
        "code": "FIN 1",
        "title": "Variance of net spend against budget",
        "polarity": RANGE,
        "targets": [Target(period=Period.parse("2010/11 Q1"), value=IndicatorValue.parse("0%"))],
        "measurements": _actuals(("2010/11 Q1", "0.3%")),
    }
    base.update(changes)
    return Indicator(**base)  # type: ignore[arg-type]


def test_a_percentage_band_about_zero_needs_a_scale() -> None:
    relative = Tolerance(kind=Kind.PERCENTAGE, value=D(10))
    refused = _budget_variance(tolerance=relative)
    status = indicator_status(refused, "2010/11 Q1")
    assert (status.rag, status.reason) == (Rag.NO_DATA, RagReason.ZERO_WIDTH_BAND)
    plan = ServicePlan(id="p", title="p", years=[serviceplan.FinancialYear(2010)], indicators=[refused])
    (finding,) = [f for f in serviceplan.check(plan) if f.code == "zero-width-band"]
    assert "FIN 1 2010/11 Q1: the tolerance is a percentage of a target of 0" in finding.message
    # 10% of a stated 4-point band: green within 0.4 either side of 0, amber for 0.4 beyond that
    scaled = Tolerance(kind=Kind.PERCENTAGE, value=D(10), scale=D(4))
    amber = StatusRule(range_amber=Tolerance(kind=Kind.PERCENTAGE, value=D(10), scale=D(4)))
    assert indicator_status(_budget_variance(tolerance=scaled), "2010/11 Q1").rag is Rag.GREEN
    wide = _budget_variance(tolerance=scaled, rule=amber, measurements=_actuals(("2010/11 Q1", "-0.7%")))
    assert indicator_status(wide, "2010/11 Q1").rag is Rag.AMBER
    assert indicator_status(attrs.evolve(wide, rule=None), "2010/11 Q1").rag is Rag.RED
    # an absolute band works at 0 as anywhere
    absolute = _budget_variance(tolerance=Tolerance(kind=Kind.ABSOLUTE, value=D("0.5")))
    assert indicator_status(absolute, "2010/11 Q1").rag is Rag.GREEN
    clean = ServicePlan(id="p", title="p", years=[serviceplan.FinancialYear(2010)], indicators=[wide, absolute])
    assert [f for f in serviceplan.check(clean) if f.code == "zero-width-band"] == []
    # the frame refuses it too
    scored = rag_frame(indicator_frame(plan))
    assert scored["reason"].tolist() == ["zero_width_band"]


def test_a_plan_wide_range_amber_band() -> None:
    lpi2 = Indicator(
        code="LPI 2",
        title="Percentage of top-paid 5% of staff who are women.",
        polarity=RANGE,
        tolerance=Tolerance(kind=Kind.ABSOLUTE, value=D(2)),
        targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("50%"))],
        measurements=_actuals(("2009/10", "46%")),
    )
    plan = ServicePlan(
        id="p", title="p", indicators=[lpi2],
        policy=PlanPolicy(rule=StatusRule(range_amber=Tolerance(kind=Kind.PERCENTAGE, value=D(10)))),
    )  # fmt: skip
    assert indicator_status(lpi2, "2009/10").rag is Rag.RED
    assert indicator_status(lpi2, "2009/10", plan=plan).rag is Rag.AMBER  # 4 off: beyond 2, within 2 + 5
    assert rag_frame(indicator_frame(plan))["rag"].tolist() == ["amber"]


numbers = st.decimals(min_value=-1000, max_value=1000, places=2)


@st.composite
def travel_rows(draw: st.DrawFn) -> tuple[Decimal | None, Decimal | None, Polarity | None, Decimal | None]:
    now, mid = draw(st.none() | numbers), draw(st.none() | numbers)
    # the same figure, or as far the other side of the midpoint
    ties = [now] + ([2 * mid - now] if now is not None and mid is not None else [])
    before = draw(st.none() | numbers | st.sampled_from(ties))
    return now, before, draw(st.none() | st.sampled_from(list(Polarity))), mid


@given(rows=st.lists(travel_rows(), max_size=40))
def test_direction_frame_agrees_with_travel(
    rows: list[tuple[Decimal | None, Decimal | None, Polarity | None, Decimal | None]],
) -> None:
    def f(x: Decimal | None) -> float:
        return float(x) if x is not None else np.nan

    frame = pd.DataFrame(
        {
            "actual": [f(r[0]) for r in rows],
            "before": [f(r[1]) for r in rows],
            "polarity": [r[2].value if r[2] else None for r in rows],
            "target": [f(r[3]) for r in rows],
        }
    )
    expected = [travel(now, before, polarity, mid).value for now, before, polarity, mid in rows]
    assert direction_frame(frame)["direction"].astype(str).tolist() == expected


@given(
    rows=st.lists(
        st.tuples(
            st.none() | numbers,
            numbers,
            st.decimals(min_value=0, max_value=100, places=2),
            st.none() | st.decimals(min_value=0, max_value=100, places=2),
        ),
        max_size=40,
    )
)
def test_range_amber_frame_agrees_with_rag(rows: list[tuple[Decimal | None, Decimal, Decimal, Decimal | None]]) -> None:
    frame = pd.DataFrame(
        {
            "actual": [float(a) if a is not None else np.nan for a, *_ in rows],
            "target": [float(t) for _, t, *_ in rows],
            "polarity": ["range"] * len(rows),
            "tolerance": [float(tol) for *_, tol, _ in rows],
            "range_amber": [float(b) if b is not None else np.nan for *_, b in rows],
        }
    )
    expected = [rag(a, t, RANGE, tol, range_amber=b) for a, t, tol, b in rows]
    out = rag_frame(frame)
    assert list(zip(out["rag"].astype(str), out["reason"].astype(str), strict=True)) == [
        (c.value, r.value) for c, r in expected
    ]
