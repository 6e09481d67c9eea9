"""Indicator RAG, targets as states, direction of travel; the vectorised form agrees with the scalar one."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan import Indicator, IndicatorValue, Measurement, Period, Rag, Target, indicator_status
from serviceplan.calc import (
    Direction,
    RagReason,
    direction_of_travel,
    indicator_frame,
    previous_period,
    rag,
    rag_frame,
    same_period_last_year,
)
from serviceplan.errors import ModelError
from serviceplan.model import Tolerance, ToleranceKind
from serviceplan.values import Polarity

HIGHER, LOWER, RANGE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.RANGE
D = Decimal

RAG_TABLE = [
    # actual, target, polarity, tolerance, rag, reason
    ("92", "92", HIGHER, "0", Rag.GREEN, RagReason.MET),  # a tie is met
    ("93", "92", HIGHER, "0", Rag.GREEN, RagReason.MET),
    ("91.5", "92", HIGHER, "1", Rag.AMBER, RagReason.WITHIN_TOLERANCE),
    ("91", "92", HIGHER, "1", Rag.AMBER, RagReason.WITHIN_TOLERANCE),  # at the edge of tolerance: amber
    ("90.99", "92", HIGHER, "1", Rag.RED, RagReason.MISSED),
    ("20", "20", LOWER, "0", Rag.GREEN, RagReason.MET),  # NI 181: 20 days
    ("19", "20", LOWER, "0", Rag.GREEN, RagReason.MET),
    ("20.5", "20", LOWER, "1", Rag.AMBER, RagReason.WITHIN_TOLERANCE),
    ("21.5", "20", LOWER, "1", Rag.RED, RagReason.MISSED),
    ("50", "50", RANGE, "2", Rag.GREEN, RagReason.MET),  # LPI 2: 50% women
    ("48", "50", RANGE, "2", Rag.GREEN, RagReason.MET),
    ("53", "50", RANGE, "2", Rag.RED, RagReason.MISSED),
    ("50", None, HIGHER, "0", Rag.NO_DATA, RagReason.NO_TARGET),
    (None, "50", HIGHER, "0", Rag.NO_DATA, RagReason.NO_DATA),
    ("50", "50", None, "0", Rag.NO_DATA, RagReason.NO_POLARITY),
    ("50", "50", Polarity.NOT_APPLICABLE, "0", Rag.NO_DATA, RagReason.NO_POLARITY),
]


@pytest.mark.parametrize(("actual", "target", "polarity", "tolerance", "colour", "reason"), RAG_TABLE)
def test_rag_table(  # noqa: PLR0917 - one parameter per column of the table
    actual: str | None, target: str | None, polarity: Polarity | None, tolerance: str, colour: Rag, reason: RagReason
) -> None:
    a = D(actual) if actual is not None else None
    t = D(target) if target is not None else None
    assert rag(a, t, polarity, D(tolerance)) == (colour, reason)
    frame = pd.DataFrame(
        {
            "actual": [a],
            "target": [t],
            "polarity": [polarity.value if polarity else None],
            "tolerance": [float(tolerance)],
        }
    )
    out = rag_frame(frame)
    assert (out["rag"][0], out["reason"][0]) == (colour.value, reason.value)


def test_negative_tolerance_is_an_error() -> None:
    with pytest.raises(ModelError):
        rag(D(1), D(1), HIGHER, D(-1))
    with pytest.raises(ModelError):
        Tolerance(kind=ToleranceKind.ABSOLUTE, value=D(-1))
    with pytest.raises(ModelError, match="row 0"):
        rag_frame(
            pd.DataFrame({"actual": [1.0], "target": [1.0], "polarity": ["higher_is_better"], "tolerance": [-1.0]})
        )


numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2)


@given(
    rows=st.lists(
        st.tuples(
            st.none() | numbers,
            st.none() | numbers,
            st.none() | st.sampled_from(list(Polarity)),
            st.decimals(min_value=0, max_value=100, places=2),
        ),
        max_size=40,
    )
)
def test_frame_agrees_with_scalar(rows: list[tuple[Decimal | None, Decimal | None, Polarity | None, Decimal]]) -> None:
    frame = pd.DataFrame(
        {
            "actual": [float(a) if a is not None else np.nan for a, *_ in rows],
            "target": [float(t) if t is not None else np.nan for _, t, *_ in rows],
            "polarity": [p.value if p else None for *_, p, _ in rows],
            "tolerance": [float(tol) for *_, tol in rows],
        }
    )
    out = rag_frame(frame)
    expected = [rag(a, t, p, tol) for a, t, p, tol in rows]
    assert list(zip(out["rag"].astype(str), out["reason"].astype(str), strict=True)) == [
        (c.value, r.value) for c, r in expected
    ]


def _indicator(**changes: object) -> Indicator:
    base = {
        "code": "LPI 25",
        "title": "The % variation of outstanding debt greater than 60 days old",
        "polarity": LOWER,
        "targets": [Target(period=Period.parse("2008/09"), value=IndicatorValue.parse("5% reduction from 31/03/08"))],
    }
    base.update(changes)
    return Indicator(**base)  # type: ignore[arg-type]


def test_relative_target_resolves_once_the_baseline_is_known() -> None:
    waiting = indicator_status(_indicator(), "2008/09")
    assert (waiting.rag, waiting.reason) == (Rag.NO_DATA, RagReason.BASELINE_UNKNOWN)
    known = _indicator(
        measurements=[
            Measurement(period=Period.parse("2007/08"), value=IndicatorValue.parse("40")),
            Measurement(period=Period.parse("2008/09"), value=IndicatorValue.parse("37")),
        ]
    )
    status = indicator_status(known, "2008/09")
    assert status.target == D("38.00")  # 40 less 5%
    assert (status.rag, status.reason) == (Rag.GREEN, RagReason.MET)


def test_to_be_set_is_its_own_state_never_zero(examples: dict[str, serviceplan.ServicePlan]) -> None:
    ni14 = examples["salford-2009-12"].indicator("NI 14")
    assert ni14 is not None
    status = indicator_status(ni14, "2009/10")
    assert (status.rag, status.reason, status.target) == (Rag.NO_DATA, RagReason.NO_TARGET_YET, None)


def test_tolerance_from_indicator_or_plan_default() -> None:
    ni181 = Indicator(
        code="NI 181",
        title="Time",
        polarity=LOWER,
        targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("20 days"))],
        measurements=[Measurement(period=Period.parse("2009/10"), value=IndicatorValue.parse("20.8 days"))],
    )
    assert indicator_status(ni181, "2009/10").rag is Rag.RED
    five_percent = Tolerance(kind=ToleranceKind.PERCENTAGE, value=D(5))
    status = indicator_status(ni181, "2009/10", default_tolerance=five_percent)
    assert (status.rag, status.tolerance) == (Rag.AMBER, D("1"))
    own = Tolerance(kind=ToleranceKind.ABSOLUTE, value=D("0.5"))
    import attrs

    assert (
        indicator_status(attrs.evolve(ni181, tolerance=own), "2009/10", default_tolerance=five_percent).rag is Rag.RED
    )


def test_direction_of_travel() -> None:
    def ind(polarity: Polarity | None) -> Indicator:
        return Indicator(
            code="X",
            title="x",
            polarity=polarity,
            measurements=[
                Measurement(period=Period.parse(p), value=IndicatorValue.parse(v))
                for p, v in [
                    ("2008/09", "21 days"),
                    ("2009/10", "20 days"),
                    ("2009/10 Q1", "19"),
                    ("2010/11 Q1", "23"),
                    ("2010/11 Q2", "23"),
                ]
            ],
        )

    assert direction_of_travel(ind(LOWER), "2009/10") is Direction.IMPROVING
    assert direction_of_travel(ind(HIGHER), "2009/10") is Direction.WORSENING
    assert direction_of_travel(ind(None), "2009/10") is Direction.DECREASING
    assert direction_of_travel(ind(LOWER), "2010/11 Q1", against="last_year") is Direction.WORSENING
    assert direction_of_travel(ind(LOWER), "2010/11 Q2") is Direction.NO_CHANGE
    assert direction_of_travel(ind(LOWER), "2008/09") is Direction.NOT_COMPARABLE
    with pytest.raises(ValueError, match="against"):
        direction_of_travel(ind(LOWER), "2009/10", against="yesterday")


@pytest.mark.parametrize(
    ("period", "previous", "last_year"),
    [
        ("2010/11", "2009/10", "2009/10"),
        ("2010/11 Q1", "2009/10 Q4", "2009/10 Q1"),
        ("2010/11 Q3", "2010/11 Q2", "2009/10 Q3"),
        ("January 2011", "December 2010", "January 2010"),
        ("June 2010", "May 2010", "June 2009"),
    ],
)
def test_previous_periods(period: str, previous: str, last_year: str) -> None:
    assert previous_period(Period.parse(period)) == Period.parse(previous)
    assert same_period_last_year(Period.parse(period)) == Period.parse(last_year)


def test_indicator_frame_of_the_seed(examples: dict[str, serviceplan.ServicePlan]) -> None:
    frame = indicator_frame(examples["salford-2009-12"])
    assert len(frame) == 107  # every target printed in §6
    scored = rag_frame(frame)
    assert set(scored["rag"]) == {"no_data"}  # the plan prints no actuals
    counts = scored["reason"].value_counts()
    assert counts["no_target_yet"] == 15  # NI 14, NI 185, LPI 8, 9 and 16: three years each, as printed
    assert counts["no_data"] == 107 - 15 - 3
    assert counts["baseline_unknown"] == 3  # LPI 25: 5% reduction from 31/03/08, 09, 10


def test_indicator_checks() -> None:
    plan = serviceplan.ServicePlan(
        id="p",
        title="p",
        years=[serviceplan.FinancialYear(2009)],
        indicators=[
            Indicator(
                code="NI 181",
                title="Time",
                unit=serviceplan.values.IndicatorUnit.DAYS,
                targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("98%"))],
                measurements=[Measurement(period=Period.parse("2011/12"), value=IndicatorValue.parse("20 days"))],
            ),
            Indicator(
                code="LPI 15",
                title="Appraisals",
                targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("110%"))],
            ),
        ],
    )
    found = {(f.code, f.path) for f in serviceplan.check(plan)}
    assert found == {
        ("unit-mismatch", "indicators[0].targets[0].value"),
        ("actual-outside-period", "indicators[0].measurements[0]"),
        ("impossible-percentage", "indicators[1].targets[0].value"),
    }
