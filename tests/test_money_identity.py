"""Issue 12 (money and identity) and issue 16 (rollups and the org tree): each reproduction is a test."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import serviceplan
from serviceplan import FinancialYear, LoadError, Money, PlanSet, Rag, Saving, ServicePlan
from serviceplan.calc import rollup_frame, saving_lines, savings_frame, savings_rollup
from serviceplan.calc.budgets import budget_rollup
from serviceplan.calc.savings import SHARED_POLICIES, SharedPolicy, _Chains
from serviceplan.checks import check
from serviceplan.errors import ModelError, ParseError
from serviceplan.model import OrgUnit, SavingAmount, StaffingLine, StaffingTable
from serviceplan.model.risks import Assessment, Risk
from serviceplan.values import AssessmentKind

SEFTON = ("sefton-corporate-services-2010-11", "sefton-chief-executives-2010-11", "sefton-integration-2010")


@pytest.fixture
def sefton(examples: dict[str, ServicePlan]) -> PlanSet:
    return PlanSet(name="x", plans=[examples[name] for name in SEFTON])


def _replace_saving(plan: ServicePlan, ident: str, change: Callable[[Saving], Saving]) -> ServicePlan:
    return attrs.evolve(plan, savings=[change(s) if s.id == ident else s for s in plan.savings])


# -- 1. savings counted twice across plans -------------------------------------------------------


def test_sefton_council_counts_each_saving_once(sefton: PlanSet) -> None:
    rollup = savings_rollup(sefton, by=["year"])
    by_year = {row.key[0]: row for row in rollup}
    assert by_year["2011/12"].target == Money.parse("£1M")  # was £2,000,000: the MTFP target in two plans
    assert by_year["2010/11"].target == Money.parse("£450,000")  # was £700,000: the £250k saving twice
    assert by_year["2010/11"].lines == 3
    assert rollup.policy == "fullest"
    shared = {s.saving: s for s in rollup.shared}
    assert shared["MTFP-INTEGRATION"].left_out == ("sefton-integration-2010",)
    assert shared["COMMS-2010-11"].used == "sefton-integration-2010"
    assert all(s.agree for s in rollup.shared)
    # the vectorised path counts the same distinct lines
    frame = rollup_frame(savings_frame(sefton), ["year"])
    assert frame["target_pence"].tolist() == [45_000_000, 100_000_000]


def test_the_shared_policy_is_a_choice(sefton: PlanSet) -> None:
    for policy in SHARED_POLICIES:
        rollup = savings_rollup(sefton, by=["plan", "year"], shared=policy)
        assert rollup.policy == policy
        assert sum((row.target for row in rollup), Money.zero()) == Money.parse("£1,450,000")
    first = {(r.key[0], r.key[1]): r for r in savings_rollup(sefton, by=["plan", "year"], shared="first")}
    # under "first" the chief executive's copy of the £250k saving counts: it states no delivered amount
    assert first[("sefton-chief-executives-2010-11", "2010/11")].target == Money.parse("£250,000")
    assert first[("sefton-integration-2010", "2010/11")].delivered == Money.parse("£100,000")
    last = {r.key: r for r in savings_rollup(sefton, by=["plan", "year"], shared="last")}
    assert last[("sefton-integration-2010", "2011/12")].target == Money.parse("£1M")
    with pytest.raises(ValueError, match="cannot share by 'biggest'"):
        savings_rollup(sefton, shared="biggest")  # type: ignore[arg-type]


def test_check_on_a_set_names_both_plans_of_a_conflict(sefton: PlanSet) -> None:
    assert not [f for f in check(sefton) if f.code.startswith("shared-")]  # the copies agree
    lower = Money.parse("£900,000")
    integration = _replace_saving(
        sefton.plans[2],
        "MTFP-INTEGRATION",
        lambda s: attrs.evolve(s, amounts=[SavingAmount(year=FinancialYear(2011), target=lower, forecast=lower)]),
    )
    changed = attrs.evolve(sefton, plans=[*sefton.plans[:2], integration])
    (finding,) = [f for f in check(changed) if f.code == "shared-saving-conflict"]
    assert finding.severity.value == "error"
    assert finding.path == "plans[2].savings[0].amounts[0].target"
    for words in ("'sefton-integration-2010'", "'sefton-chief-executives-2010-11'", "£900,000", "£1,000,000"):
        assert words in finding.message
    assert "shared-saving-conflict" in serviceplan.checks.CODES
    (shared,) = [s for s in savings_rollup(changed, ["year"]).shared if s.saving == "MTFP-INTEGRATION"]
    assert not shared.agree
    assert shared.used == "sefton-integration-2010"  # the fuller copy: it also states a forecast


def test_forecast_conflicts_are_warnings_and_copies_in_one_plan_are_left_to_duplicate_id() -> None:
    def plan(ident: str, forecast: str) -> ServicePlan:
        amount = SavingAmount(year=FinancialYear(2012), forecast=Money.parse(forecast))
        return ServicePlan(id=ident, title=ident, savings=[Saving(id="S", title="s", amounts=[amount])])

    found = check(PlanSet(name="years", plans=[plan("2011", "£10"), plan("2012", "£12")]))
    assert [(f.code, f.severity.value, f.path) for f in found] == [
        ("shared-saving-conflict", "warning", "plans[1].savings[0].amounts[0].forecast")
    ]
    twice = plan("one", "£10")
    twice = attrs.evolve(twice, savings=[*twice.savings, *plan("one", "£11").savings])
    assert {f.code for f in check(PlanSet(name="one", plans=[twice]))} == {"duplicate-id"}


def test_indicator_and_risk_copies_that_disagree() -> None:
    indicator = serviceplan.Indicator(
        code="NI 14",
        title="Avoidable contact",
        targets=[serviceplan.model.Target(period=serviceplan.Period.parse("2010/11"), value=_value("20%"))],
    )
    other = attrs.evolve(
        indicator,
        targets=[serviceplan.model.Target(period=serviceplan.Period.parse("2010/11"), value=_value("25%"))],
    )
    when = date(2010, 6, 30)
    risk = Risk(id="D", title="Budget", assessments=[Assessment(kind=AssessmentKind.CURRENT, score=12, assessed=when)])
    moved = attrs.evolve(risk, assessments=[Assessment(kind=AssessmentKind.CURRENT, score=16, assessed=when)])
    undated = attrs.evolve(risk, assessments=[Assessment(kind=AssessmentKind.CURRENT, score=20)])
    a = ServicePlan(id="a", title="a", indicators=[indicator], risks=[risk])
    b = ServicePlan(id="b", title="b", indicators=[other], risks=[moved])
    c = ServicePlan(id="c", title="c", indicators=[indicator], risks=[undated])
    found = {(f.code, f.path): f for f in check(PlanSet(name="s", plans=[a, b, c])) if f.code.startswith("shared")}
    assert set(found) == {
        ("shared-indicator-conflict", "plans[1].indicators[0].targets[0].value"),
        ("shared-risk-conflict", "plans[1].risks[0].assessments[0]"),
    }
    assert "'b'" in found[("shared-risk-conflict", "plans[1].risks[0].assessments[0]")].message
    assert "'a'" in found[("shared-indicator-conflict", "plans[1].indicators[0].targets[0].value")].message


def _value(text: str) -> serviceplan.values.IndicatorValue:
    return serviceplan.values.IndicatorValue.parse(text)


# -- 2. delivered money is certain ----------------------------------------------------------------


def test_delivered_money_weighs_one(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-integration-2010"]
    (year,) = [row for row in savings_rollup(plan, ["year"]) if row.key == ("2010/11",)]
    assert year.delivered == year.weighted == Money.parse("£350,000")  # was £175,000
    nothing = {rag: Decimal(0) for rag in (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NO_DATA, None)}
    (again,) = [row for row in savings_rollup(plan, ["year"], weights=nothing) if row.key == ("2010/11",)]
    assert again.weighted == Money.parse("£350,000")
    assert savings_rollup(plan, ["year"]).weights[None] == Decimal("0.5")


def test_only_the_undelivered_part_is_weighted() -> None:
    amount = SavingAmount(
        year=FinancialYear(2010), target=Money.parse("£100"), forecast=Money.parse("£90"), delivered=Money.parse("£40")
    )
    plan = ServicePlan(id="p", title="p", savings=[Saving(id="a", title="a", confidence=Rag.RED, amounts=[amount])])
    (row,) = savings_rollup(plan, ["year"])
    assert row.weighted == Money.parse("£40")  # red: nothing more than what is delivered
    (row,) = savings_rollup(plan, ["year"], weights={Rag.RED: Decimal("0.5")})
    assert row.weighted == Money.parse("£65")  # £40 delivered + half of the £50 still expected
    frame = rollup_frame(savings_frame(plan), ["year"], weights={Rag.RED: Decimal("0.5")})
    assert frame["weighted_pence"].tolist() == [6500]


# -- 11. decimals bounded where they are read, exact where they are added ---------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("£1." + "0" * 29 + "1", "30 decimal places"),
        ("9" * 19, "19 digits before the point"),
        ("1" + "0" * 16 + "m", "23 digits before the point"),
    ],
)
def test_money_beyond_the_bounds_is_refused(text: str, words: str) -> None:
    with pytest.raises(ParseError, match=words) as info:
        Money.parse(text)
    assert info.value.text == text


def test_money_within_the_bounds_is_exact() -> None:
    # 18 digits before the point and 12 after: 30 significant digits, more than the default context keeps
    big = Money.parse("123456789012345678.123456789012")
    assert big.amount == Decimal("123456789012345678.123456789012")
    assert (big + big).amount == Decimal("246913578024691356.246913578024")
    assert (big - Money.parse("0.000000000001")).amount == Decimal("123456789012345678.123456789011")
    assert sum([big, big, big], Money.zero()).amount == Decimal("370370367037037034.370370367036")
    with pytest.raises(ModelError):
        Money(Decimal("1e999999999"))
    with pytest.raises(ModelError, match="exactly"):
        Money(Decimal("1" * 36)) * Decimal("1." + "1" * 50)
    pennies = Money.parse("£12345678901234567.89")
    assert pennies.pence == 1234567890123456789


def _staffing_plan(fte: str) -> dict[str, object]:
    return {
        "format_version": 1,
        "kind": "service_plan",
        "id": "p",
        "title": "p",
        "staffing": [
            {
                "id": "t",
                "title": "Staffing",
                "lines": [{"label": "A", "fte": fte}, {"label": "B", "fte": "1"}],
                "total": {"label": "Total", "fte": "2"},
            }
        ],
    }


@pytest.mark.parametrize("fte", ["1e999999999", "1e-999999999", "0." + "0" * 40 + "1", "1" * 30])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_a_number_that_cannot_be_meant_is_a_load_error_naming_path_and_text(fte: str, fmt: str) -> None:
    data = json.dumps(_staffing_plan(fte))  # JSON text is YAML text too
    with pytest.raises(LoadError) as info:
        serviceplan.loads(data, format=fmt)
    (problem,) = info.value.problems
    assert problem.path == "staffing[0].lines[0].fte"
    assert fte in problem.message


def test_the_largest_fte_read_adds_exactly_in_checks_reports_and_markdown() -> None:
    fte = "123456789012345678.123456789012"
    plan = serviceplan.loads(json.dumps(_staffing_plan(fte)), format="json")
    assert isinstance(plan, ServicePlan)
    (finding,) = check(plan)
    assert finding.code == "total-mismatch"
    assert "123456789012345679.123456789012" in finding.message  # exact, not rounded to 28 digits
    (total,) = [t for t in budget_rollup(plan) if t.unit == "A"]
    assert total.fte == Decimal(fte)
    assert "123456789012345679.123456789012" in serviceplan.dumps(plan, format="markdown")
    assert "123456789012345679.123456789012" in serviceplan.render.text_report(plan, date(2011, 3, 31))


def test_a_model_fte_out_of_range_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="fte"):
        StaffingLine(label="A", fte=Decimal("1e999999999"))
    StaffingTable(id="t", title="t", lines=[StaffingLine(label="A", fte=Decimal("12.5"))])


def test_indicator_values_are_bounded_too() -> None:
    with pytest.raises(ParseError, match="digits before the point"):
        _value("1" * 19)
    assert _value("5.235M").value == Decimal("5235000")


# -- invariants: a set's rollup is the sum over its distinct items ----------------------------------

YEARS = [FinancialYear(2010), FinancialYear(2011)]
money = st.none() | st.integers(-(10**8), 10**8).map(lambda p: Money(Decimal(p) / 100))


@st.composite
def plan_sets(draw: st.DrawFn) -> PlanSet:
    ids = ["A", "B", "C", "D"]
    plans = []
    for n in range(draw(st.integers(1, 4))):
        savings = []
        for ident in draw(st.lists(st.sampled_from(ids), unique=True, max_size=4)):
            years = draw(st.lists(st.sampled_from(YEARS), unique=True, max_size=2))
            amounts = [
                SavingAmount(year=y, target=draw(money), forecast=draw(money), delivered=draw(money)) for y in years
            ]
            savings.append(
                Saving(
                    id=ident,
                    title=ident,
                    unit=draw(st.none() | st.sampled_from(["U", "V"])),
                    confidence=draw(st.none() | st.sampled_from(list(Rag))),
                    amounts=amounts,
                )
            )
        units = [OrgUnit(id="U", name="U"), OrgUnit(id="V", name="V", parent="U")]
        plans.append(ServicePlan(id=f"p{n}", title=f"p{n}", units=units, savings=savings))
    return PlanSet(name="set", plans=plans)


def _figures(amount: SavingAmount) -> int:
    return sum(getattr(amount, name) is not None for name in ("target", "forecast", "delivered"))


def _distinct_by_hand(plans: PlanSet, policy: SharedPolicy) -> dict[tuple[str, FinancialYear], SavingAmount]:
    copies: dict[tuple[str, FinancialYear], list[SavingAmount]] = {}
    for plan in plans.plans:
        for saving in plan.savings:
            for amount in saving.amounts:
                copies.setdefault((saving.id, amount.year), []).append(amount)
    picked = {}
    for key, group in copies.items():
        if policy == "first":
            picked[key] = group[0]
        elif policy == "last":
            picked[key] = group[-1]
        else:
            most = max(_figures(a) for a in group)
            picked[key] = next(a for a in group if _figures(a) == most)
    return picked


@given(plans=plan_sets(), policy=st.sampled_from(SHARED_POLICIES))
@settings(max_examples=150)
def test_a_set_rolls_up_to_the_sum_over_distinct_items(plans: PlanSet, policy: SharedPolicy) -> None:
    distinct = _distinct_by_hand(plans, policy)
    rollup = savings_rollup(plans, ["year"], shared=policy)
    for year in YEARS:
        mine = [a for (_, y), a in distinct.items() if y == year]
        rows = [row for row in rollup if row.key == (str(year),)]
        if not mine:
            assert not rows
            continue
        (row,) = rows
        assert row.lines == len(mine)
        assert row.target == sum((a.target for a in mine if a.target is not None), Money.zero())
        assert row.delivered == sum((a.delivered for a in mine if a.delivered is not None), Money.zero())
    assert len(saving_lines(plans, shared=policy)) == len(distinct)
    assert {(s.saving, s.year) for s in rollup.shared} == {
        key
        for key in distinct
        if sum(1 for p in plans.plans for s in p.savings if s.id == key[0] for a in s.amounts if a.year == key[1]) > 1
    }
    # the tree and the pence path count the same distinct items
    tree = savings_rollup(plans, ["unit", "year"], shared=policy, tree=True)
    top = {row.key: row for row in tree if row.key[0] in ("U", None)}
    assert sum((row.target for row in top.values()), Money.zero()) == sum((row.target for row in rollup), Money.zero())
    frame = rollup_frame(savings_frame(plans, shared=policy), ["year"])
    assert frame["target_pence"].tolist() == [row.target.pence for row in rollup]
    assert frame["weighted_pence"].tolist() == [row.weighted.pence for row in rollup]


@given(plans=plan_sets())
@settings(max_examples=60)
def test_a_plan_repeated_in_a_set_adds_nothing(plans: PlanSet) -> None:
    once = savings_rollup(plans.plans[0], ["unit", "year"], tree=True)
    twice = savings_rollup(
        PlanSet(name="twice", plans=[plans.plans[0], attrs.evolve(plans.plans[0], id="copy")]),
        ["unit", "year"],
        tree=True,
    )
    assert list(once) == list(twice)
    assert all(s.agree for s in twice.shared)
    assert not [f for f in check(PlanSet(name="t", plans=[plans.plans[0], plans.plans[0]])) if "shared" in f.code]


# -- issue 16: linear in savings, whatever the size of the tree ------------------------------------


def _naive_chain(parents: dict[str, str | None], unit: str) -> tuple[str, ...]:
    chain: list[str] = []
    current: str | None = unit
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return tuple(chain)


@given(parents=st.dictionaries(st.sampled_from("ABCDEFG"), st.none() | st.sampled_from("ABCDEFGH"), max_size=7))
def test_chains_up_the_tree_walk_as_a_walk_would(parents: dict[str, str | None]) -> None:
    plan = ServicePlan(id="p", title="p", units=[OrgUnit(id=u, name=u, parent=p) for u, p in parents.items()])
    chains = _Chains(plan)
    for unit in [*parents, "H", "Z"]:
        assert chains(unit) == _naive_chain(parents, unit), unit


def test_a_deep_org_tree_does_not_slow_a_rollup() -> None:
    """5,000 savings under a chain of 4,000 units: 93 s before the fix; well under a second after."""
    units = [OrgUnit(id="U0", name="top")] + [
        OrgUnit(id=f"U{i}", name=f"u{i}", parent=f"U{i - 1}") for i in range(1, 4000)
    ]
    amount = [SavingAmount(year=FinancialYear(2010), target=Money.parse("£1"))]
    savings = [Saving(id=f"S{n}", title="s", unit=f"U{n % 4000}", amounts=amount) for n in range(5000)]
    plan = ServicePlan(id="p", title="p", units=units, savings=savings)
    started = time.perf_counter()
    rows = savings_rollup(plan, ["unit", "year"])
    elapsed = time.perf_counter() - started
    assert len(rows) == 4000
    assert sum((r.target for r in rows), Money.zero()) == Money.parse("£5,000")
    assert elapsed < 10, elapsed
    (top,) = [r for r in savings_rollup(plan, ["unit"], tree=True) if r.key == ("U0",)]
    assert top.target == Money.parse("£5,000")


@given(
    digits=st.integers(0, 10**18 - 1),
    places=st.integers(0, 12),
    sign=st.sampled_from([1, -1]),
)
def test_every_number_within_the_bounds_reads_exactly(digits: int, places: int, sign: int) -> None:
    from serviceplan._decimal import EXACT
    from serviceplan._strict import structure_decimal

    value = Decimal(sign * digits).scaleb(-places)
    if value.adjusted() + 1 > 18:  # 18 digits in all, some of them before the point: keep within the bound
        value = value.scaleb(-(value.adjusted() + 1 - 18))
    text = f"{value:f}"
    assert structure_decimal(text) == value
    assert Money.parse(text).amount == value
    with pytest.raises(ParseError, match="decimal places"):
        structure_decimal(f"{EXACT.add(value, Decimal('1e-13')):f}")
