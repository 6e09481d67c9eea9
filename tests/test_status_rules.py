"""Status rules councils use, per plan and per indicator (issue 16 item 3); the frame agrees with the scalar rule."""

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
from serviceplan.calc import RagReason, indicator_frame, rag, rag_frame
from serviceplan.model import (
    Against,
    PlanPolicy,
    RuleKind,
    ServicePlan,
    StatusRule,
    Tolerance,
    ToleranceKind,
)
from serviceplan.values import IndicatorUnit, Polarity

D = Decimal
HIGHER, LOWER, RANGE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.RANGE
TWO_STEP = RuleKind.TWO_STEP

# actual, target, polarity, tolerance, tie_is_met, kind, improved, rag, reason
RULES = [
    # a tie: met by default; where "green means beating the target", on target is amber
    ("20.5", "20.5", LOWER, "0", True, RuleKind.TOLERANCE, None, Rag.GREEN, RagReason.MET),
    ("20.5", "20.5", LOWER, "0", False, RuleKind.TOLERANCE, None, Rag.AMBER, RagReason.WITHIN_TOLERANCE),
    ("20.4", "20.5", LOWER, "0", False, RuleKind.TOLERANCE, None, Rag.GREEN, RagReason.MET),
    ("20.6", "20.5", LOWER, "0", False, RuleKind.TOLERANCE, None, Rag.RED, RagReason.MISSED),
    # two-step, NI 180 target 23,000, 10% (2,300): green within 10%; beyond, amber only if better than last year
    ("23000", "23000", HIGHER, "2300", True, TWO_STEP, None, Rag.GREEN, RagReason.MET),
    ("21000", "23000", HIGHER, "2300", True, TWO_STEP, None, Rag.GREEN, RagReason.CLOSE_TO_TARGET),
    ("20700", "23000", HIGHER, "2300", True, TWO_STEP, False, Rag.GREEN, RagReason.CLOSE_TO_TARGET),  # the edge
    ("20000", "23000", HIGHER, "2300", True, TWO_STEP, True, Rag.AMBER, RagReason.IMPROVED),
    ("20000", "23000", HIGHER, "2300", True, TWO_STEP, False, Rag.RED, RagReason.MISSED),
    ("20000", "23000", HIGHER, "2300", True, TWO_STEP, None, Rag.NO_DATA, RagReason.NO_COMPARISON),
    ("23000", "23000", HIGHER, "2300", False, TWO_STEP, None, Rag.GREEN, RagReason.CLOSE_TO_TARGET),
    # a range under the two-step rule: within its band green, beyond it by its travel
    ("53", "50", RANGE, "2", True, TWO_STEP, True, Rag.AMBER, RagReason.IMPROVED),
    ("53", "50", RANGE, "2", True, TWO_STEP, False, Rag.RED, RagReason.MISSED),
    ("52", "50", RANGE, "2", False, TWO_STEP, None, Rag.GREEN, RagReason.MET),  # band edges are inside the band
]


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "tolerance", "tie", "kind", "improved", "colour", "reason"), RULES
)
def test_status_rules(  # noqa: PLR0917 - one parameter per column of the table
    actual: str,
    target: str,
    polarity: Polarity,
    tolerance: str,
    tie: bool,
    kind: RuleKind,
    improved: bool | None,
    colour: Rag,
    reason: RagReason,
) -> None:
    got = rag(D(actual), D(target), polarity, D(tolerance), tie_is_met=tie, kind=kind, improved=improved)
    assert got == (colour, reason)
    frame = pd.DataFrame(
        {
            "actual": [float(actual)],
            "target": [float(target)],
            "polarity": [polarity.value],
            "tolerance": [float(tolerance)],
            "tie_is_met": [tie],
            "rule": [kind.value],
            "improved": pd.array([improved], dtype="boolean"),
        }
    )
    out = rag_frame(frame)
    assert (out["rag"][0], out["reason"][0]) == (colour.value, reason.value)


def _ni181(*actuals: tuple[str, str], **changes: object) -> Indicator:
    """Salford's NI 181 target for 2010/11 (20 days), with quarterly actuals."""
    base: dict[str, object] = {
        "code": "NI 181",
        "title": "Time taken to process Housing Benefit/Council Tax Benefit new claims and change events",
        "unit": IndicatorUnit.DAYS,
        "polarity": LOWER,
        "tolerance": Tolerance(kind=ToleranceKind.PERCENTAGE, value=D(10)),
        "targets": [
            Target(period=Period.parse(f"2010/11 Q{n}"), value=IndicatorValue.parse("20 days")) for n in (1, 2)
        ],
        "measurements": [Measurement(period=Period.parse(p), value=IndicatorValue.parse(v)) for p, v in actuals],
    }
    base.update(changes)
    return Indicator(**base)  # type: ignore[arg-type]


def test_two_step_against_the_same_quarter_last_year() -> None:
    two_step = StatusRule(kind=TWO_STEP)
    better = _ni181(("2009/10 Q1", "25 days"), ("2010/11 Q1", "23 days"), rule=two_step)
    worse = _ni181(("2009/10 Q1", "22 days"), ("2010/11 Q1", "23 days"), rule=two_step)
    unknown = _ni181(("2010/11 Q1", "23 days"), rule=two_step)
    close = _ni181(("2010/11 Q1", "21.5 days"), rule=two_step)
    assert indicator_status(better, "2010/11 Q1").rag is Rag.AMBER  # 15% over 20 days, but better than 25
    assert indicator_status(worse, "2010/11 Q1").rag is Rag.RED
    assert indicator_status(unknown, "2010/11 Q1").reason is RagReason.NO_COMPARISON
    assert indicator_status(close, "2010/11 Q1").rag is Rag.GREEN  # within 10%: green under this rule
    assert indicator_status(attrs.evolve(close, rule=None), "2010/11 Q1").rag is Rag.AMBER  # the default rule
    # against the previous quarter instead
    previous = StatusRule(kind=TWO_STEP, against=Against.PREVIOUS)
    quarters = _ni181(("2010/11 Q1", "26 days"), ("2010/11 Q2", "24 days"), rule=previous)
    assert indicator_status(quarters, "2010/11 Q2").reason is RagReason.IMPROVED


def test_the_plans_rule_applies_unless_the_indicator_sets_its_own() -> None:
    strict = _ni181(("2010/11 Q1", "20 days"))
    own = _ni181(("2010/11 Q1", "20 days"), code="LPI 21a", rule=StatusRule())
    plan = ServicePlan(
        id="p", title="p", indicators=[strict, own], policy=PlanPolicy(rule=StatusRule(tie_is_met=False))
    )
    assert indicator_status(strict, "2010/11 Q1").rag is Rag.GREEN  # no plan: serviceplan's default
    assert indicator_status(strict, "2010/11 Q1", plan=plan).rag is Rag.AMBER  # the plan's: a tie is not met
    assert indicator_status(own, "2010/11 Q1", plan=plan).rag is Rag.GREEN  # the indicator's own rule
    scored = rag_frame(indicator_frame(plan))
    assert scored.loc[scored["period"] == "2010/11 Q1", "rag"].tolist() == ["amber", "green"]


def test_a_published_status_explained_by_the_councils_rule() -> None:
    published = Measurement(
        period=Period.parse("2010/11 Q1"), value=IndicatorValue.parse("23 days"), published_rag=Rag.AMBER
    )
    last_year = Measurement(period=Period.parse("2009/10 Q1"), value=IndicatorValue.parse("25 days"))
    ni181 = attrs.evolve(_ni181(), measurements=[last_year, published])
    years = [serviceplan.FinancialYear(2010)]
    plain = ServicePlan(id="p", title="p", years=years, indicators=[ni181])
    (finding,) = [f for f in serviceplan.check(plain) if f.code == "rag-mismatch"]
    assert "published amber, computed red (missed" in finding.message
    two_step = attrs.evolve(plain, policy=PlanPolicy(rule=StatusRule(kind=TWO_STEP)))
    assert [f for f in serviceplan.check(two_step) if f.code == "rag-mismatch"] == []


def test_a_rule_refuses_bad_values() -> None:
    with pytest.raises(serviceplan.errors.ModelError, match=r"StatusRule\.kind"):
        StatusRule(kind="two_step")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tie_is_met"):
        StatusRule(tie_is_met=1)  # type: ignore[arg-type]


numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2)


@given(
    rows=st.lists(
        st.tuples(
            st.none() | numbers,
            st.none() | numbers,
            st.none() | st.sampled_from(list(Polarity)),
            st.decimals(min_value=0, max_value=100, places=2),
            st.none() | st.decimals(min_value=0, max_value=100, places=2),
            st.booleans(),
            st.sampled_from(list(RuleKind)),
            st.none() | st.booleans(),
        ),
        max_size=40,
    )
)
def test_frame_agrees_with_scalar_under_every_rule(
    rows: list[
        tuple[Decimal | None, Decimal | None, Polarity | None, Decimal, Decimal | None, bool, RuleKind, bool | None]
    ],
) -> None:
    def f(x: Decimal | None) -> float:
        return float(x) if x is not None else np.nan

    frame = pd.DataFrame(
        {
            "actual": [f(r[0]) for r in rows],
            "target": [f(r[1]) for r in rows],
            "polarity": [r[2].value if r[2] else None for r in rows],
            "tolerance": [float(r[3]) for r in rows],
            "range_amber": [f(r[4]) for r in rows],
            "tie_is_met": [r[5] for r in rows],
            "rule": [r[6].value for r in rows],
            "improved": pd.array([r[7] for r in rows], dtype="boolean"),
        }
    )
    expected = [
        rag(a, t, p, tol, range_amber=amber, tie_is_met=tie, kind=kind, improved=imp)
        for a, t, p, tol, amber, tie, kind, imp in rows
    ]
    out = rag_frame(frame)
    assert list(zip(out["rag"].astype(str), out["reason"].astype(str), strict=True)) == [
        (c.value, r.value) for c, r in expected
    ]
