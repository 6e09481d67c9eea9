"""Money rollups: savings, budgets and staffing, exact to the penny; scalar and pence paths agree."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import serviceplan
from serviceplan import FinancialYear, Money, PlanSet, Rag, Saving, ServicePlan, savings_rollup
from serviceplan.calc import (
    budget_rollup,
    carry_forward,
    compare_plans,
    cumulative,
    rollup_frame,
    savings_frame,
    target_coverage,
)
from serviceplan.errors import ModelError
from serviceplan.model import OrgUnit, SavingAmount

UNITS = [
    OrgUnit(id="CE", name="Chief Executive's"),
    OrgUnit(id="COM", name="Communications", parent="CE"),
    OrgUnit(id="PP", name="Performance", parent="CE"),
    OrgUnit(id="FIN", name="Finance"),
]

pence = st.integers(-(10**10), 10**10).map(lambda p: Money(Decimal(p) / 100))
amounts = st.builds(
    SavingAmount,
    year=st.sampled_from([FinancialYear(2010), FinancialYear(2011), FinancialYear(2012)]),
    target=st.none() | pence,
    forecast=st.none() | pence,
    delivered=st.none() | pence,
)


@st.composite
def plans_with_savings(draw: st.DrawFn) -> ServicePlan:
    n = draw(st.integers(0, 12))
    savings = []
    for i in range(n):
        parent = draw(st.none() | st.sampled_from([f"S{j}" for j in range(n)] + ["elsewhere"]))
        savings.append(
            Saving(
                id=f"S{i}",
                title=f"saving {i}",
                unit=draw(st.none() | st.sampled_from(["CE", "COM", "PP", "FIN"])),
                workstream=draw(st.none() | st.sampled_from(["Integration", "Procurement"])),
                confidence=draw(st.none() | st.sampled_from(list(Rag))),
                contributes_to=parent if parent != f"S{i}" else None,
                amounts=draw(st.lists(amounts, max_size=3)),
            )
        )
    return ServicePlan(id="p", title="p", units=UNITS, savings=savings)


def one_saving(*amounts: SavingAmount) -> ServicePlan:
    """A plan with a single saving "a" and the given yearly amounts."""
    return ServicePlan(id="p", title="p", savings=[Saving(id="a", title="a", amounts=amounts)])


WEIGHTS = st.none() | st.fixed_dictionaries(
    {Rag.GREEN: st.integers(0, 100), Rag.AMBER: st.integers(0, 100), Rag.RED: st.integers(0, 100)}
).map(lambda d: {k: Decimal(v) / 100 for k, v in d.items()})


@given(
    plan=plans_with_savings(),
    by=st.sampled_from([("unit", "year"), ("year",), ("workstream",), ("unit",)]),
    tree=st.booleans(),
    weights=WEIGHTS,
)
@settings(max_examples=80)
def test_pence_path_agrees_with_decimal_path(
    plan: ServicePlan, by: tuple[str, ...], tree: bool, weights: dict[Rag, Decimal] | None
) -> None:
    scalar = savings_rollup(plan, by, tree=tree, weights=weights)
    frame = rollup_frame(savings_frame(plan, tree=tree), by, weights=weights)
    as_rows = []
    for row in frame.itertuples(index=False):
        key = tuple(None if pd.isna(getattr(row, name)) else getattr(row, name) for name in by)
        money = [
            Money(Decimal(int(getattr(row, f"{m}_pence"))) / 100)
            for m in ("target", "forecast", "delivered", "expected", "gap", "weighted")
        ]
        as_rows.append((key, *money, int(row.lines)))
    expected = [(t.key, t.target, t.forecast, t.delivered, t.expected, t.gap, t.weighted, t.lines) for t in scalar]
    assert sorted(as_rows, key=repr) == sorted(expected, key=repr)


def test_no_float_money_in_frames(examples: dict[str, ServicePlan]) -> None:
    plans = PlanSet(name="all", plans=list(examples.values()))
    lines = savings_frame(plans)
    totals = rollup_frame(lines, ["plan", "year"])
    for frame in (lines, totals):
        for column in frame.columns:
            if column.endswith("_pence"):
                assert str(frame[column].dtype) == "Int64", column
            assert frame[column].dtype.kind != "f" or column == "percent_delivered", column


def test_sefton_savings_across_the_council(examples: dict[str, ServicePlan]) -> None:
    sefton = PlanSet(
        name="Sefton 2010/11",
        plans=[
            examples["sefton-corporate-services-2010-11"],
            examples["sefton-chief-executives-2010-11"],
            examples["sefton-integration-2010"],
        ],
    )
    rollup = savings_rollup(sefton, ["year"])
    by_year = {t.key: t for t in rollup}
    # 2010/11: £100K Finance & IS target, the integration report's £100,000 in-year saving and the £250,000
    # communications saving, which the chief executive's plan carries too under the same id: counted once.
    assert by_year[("2010/11",)].target == Money.parse("£450,000")
    assert by_year[("2010/11",)].delivered == Money.parse("£350,000")
    assert by_year[("2011/12",)].target == Money.parse("£1,000,000")  # the £1m MTFP target, once
    assert {(s.saving, s.used) for s in rollup.shared} == {
        ("COMMS-2010-11", "sefton-integration-2010"),  # the fuller copy: it says what was delivered
        ("MTFP-INTEGRATION", "sefton-chief-executives-2010-11"),  # a tie: the earlier plan
    }
    coverage = {c.parent.id: c for c in target_coverage(sefton)}
    assert str(coverage["MTFP-INTEGRATION"]) == "£0 of £1,000,000 identified"
    assert set(coverage["MTFP-INTEGRATION"].children) == {"COMMS-PI-INTEGRATION", "COM-MTFP", "PP-MTFP"}


def test_tree_rollup_and_weights() -> None:
    plan = ServicePlan(
        id="p",
        title="p",
        units=UNITS,
        savings=[
            Saving(
                id="a",
                title="a",
                unit="COM",
                confidence=Rag.GREEN,
                amounts=[
                    SavingAmount(
                        year=FinancialYear(2010), target=Money.parse("£250,000"), forecast=Money.parse("£200,000")
                    )
                ],
            ),
            Saving(
                id="b",
                title="b",
                unit="PP",
                confidence=Rag.AMBER,
                amounts=[
                    SavingAmount(
                        year=FinancialYear(2010), target=Money.parse("£100,000"), forecast=Money.parse("£0.03")
                    )
                ],
            ),
        ],
    )
    flat = {t.key: t for t in savings_rollup(plan, ["unit"])}
    assert set(flat) == {("COM",), ("PP",)}
    tree = {t.key: t for t in savings_rollup(plan, ["unit"], tree=True)}
    assert tree[("CE",)].target == Money.parse("£350,000")
    assert tree[("CE",)].gap == Money.parse("£149,999.97")
    # amber halves a forecast £0.03 to £0.015, rounded half to even: £0.02
    assert tree[("PP",)].weighted == Money.parse("£0.02")
    assert tree[("CE",)].weighted == Money.parse("£200,000.02")
    assert tree[("COM",)].percent_delivered == Decimal("0.00")
    with pytest.raises(ModelError, match="hundredths"):
        savings_rollup(plan, ["unit"], weights={Rag.AMBER: Decimal("0.333")})
    with pytest.raises(ValueError, match="cannot group by"):
        savings_rollup(plan, ["colour"])


def test_cumulative_over_an_mtfp_period() -> None:
    plan = one_saving(
        SavingAmount(year=FinancialYear(2011), target=Money.parse("£1M")),
        SavingAmount(year=FinancialYear(2013), target=Money.parse("£500K")),
    )
    years = [FinancialYear(2011), FinancialYear(2012), FinancialYear(2013)]
    rows = cumulative(plan, years)
    assert [(r.key[0], str(r.target)) for r in rows] == [
        ("2011/12", "£1,000,000"),
        ("2012/13", "£1,000,000"),
        ("2013/14", "£1,500,000"),
    ]


def test_budgets_and_staffing_up_the_tree(examples: dict[str, ServicePlan]) -> None:
    salford = examples["salford-2009-12"]
    totals = {t.unit: t for t in budget_rollup(salford)}
    assert totals["CSS"].staffing == Money.parse("28,936 (£000)")
    assert totals["CSS"].net == Money.parse("10,168 (£000)")
    assert totals["CSS"].posts == 1033
    assert totals["HR"].net == Money.parse("£222,000")
    old = {t.unit: t for t in budget_rollup(examples["salford-corporate-services-2002-03"])}
    assert old["SA"].net == Money.parse("-340000")  # Salford Advance generates income
    assert old["CS"].net == Money.parse("£5,961,000")
    flat = {t.unit for t in budget_rollup(salford, tree=False)}
    assert "CSS" not in flat


def test_compare_and_carry_forward(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-integration-2010"]
    nxt = carry_forward(plan)
    assert [str(y) for y in nxt.years] == ["2011/12", "2012/13"]
    assert (
        nxt.id == "sefton-integration-2010-next" if plan.id == "sefton-integration-2010" else nxt.id.endswith("-next")
    )
    assert (nxt.actions, nxt.savings, nxt.risks, nxt.indicators, nxt.sections) == (
        plan.actions,
        plan.savings,
        plan.risks,
        plan.indicators,
        plan.sections,
    )
    assert serviceplan.loads(serviceplan.dumps(nxt, format="json"), format="json") == nxt
    assert compare_plans(plan, nxt).unchanged
    changed = attrs.evolve(
        nxt,
        savings=[
            attrs.evolve(s, status=serviceplan.values.SavingStatus.UNACHIEVABLE) if s.id == "MTFP-INTEGRATION" else s
            for s in nxt.savings
            if s.id != "COMMS-2010-11"
        ]
        + [Saving(id="NEW", title="New saving")],
    )
    diff = compare_plans(plan, changed)
    assert [s.id for s in diff.savings_added] == ["NEW"]
    assert [s.id for s in diff.savings_removed] == ["COMMS-2010-11"]
    assert [(a.id, b.status.value) for a, b in diff.savings_changed] == [("MTFP-INTEGRATION", "unachievable")]  # type: ignore[union-attr]
    salford = examples["salford-2009-12"]
    moved = attrs.evolve(salford, risks=[r for r in salford.risks if r.id != "M"])
    assert [(m.risk_id, m.direction.value) for m in compare_plans(salford, moved).risks] == [("M", "closed")]


def test_a_zero_forecast_is_a_forecast() -> None:
    """A forecast of £0 is given (nothing expected), not missing: it must not fall through to delivered."""
    plan = one_saving(
        SavingAmount(
            year=FinancialYear(2010), target=Money.parse("£10"), forecast=Money.zero(), delivered=Money.parse("£0.01")
        )
    )
    (row,) = savings_rollup(plan, ["year"])
    assert row.expected == Money.zero()
    assert row.gap == Money.parse("£10")
    (frame_row,) = rollup_frame(savings_frame(plan), ["year"]).itertuples(index=False)
    assert frame_row.expected_pence == 0
