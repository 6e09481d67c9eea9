"""Year on year: comparing a plan with next year's, and carrying a plan forward to a draft."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given, settings

import serviceplan
from serviceplan.calc import carry_forward, compare_plans
from serviceplan.calc.years import targets_now_due
from serviceplan.errors import LevelError, ModelError
from serviceplan.model import Action, Indicator, Measurement, Priority, Risk, ServicePlan, Target
from serviceplan.values import ActionStatus, Deadline, IndicatorValue, Period
from tests import strategies
from tests.test_risk_matrix_sizes import square

DONE = (ActionStatus.COMPLETE, ActionStatus.CANCELLED)
MATRIX = square(12)


def _scores(risk: Risk) -> bool:
    try:
        for assessment in risk.assessments:
            MATRIX.score_assessment(assessment)
            MATRIX.band_assessment(assessment)
    except LevelError:
        return False
    return True


def _unique(plan: ServicePlan) -> bool:
    keys = [
        [a.id for a in plan.actions],
        [p.id for p in plan.priorities],
        [i.code for i in plan.indicators],
        [r.id for r in plan.risks],
        [s.id for s in plan.savings],
    ]
    return all(len(k) == len(set(k)) for k in keys)


@settings(max_examples=20)
@given(strategies.service_plans)
def test_a_plan_against_its_carry_forward_shows_exactly_the_intended_changes(plan: ServicePlan) -> None:
    if not _unique(plan):
        return  # ids are matched one to one: a plan with a repeated id is a check() error first
    if any(y.start_year >= 2098 for y in plan.years) or any(a.year and a.year.start_year >= 2098 for a in plan.actions):
        with pytest.raises(ModelError, match="financial year must start between"):
            carry_forward(plan)
        return
    # risks the comparison's matrix can score (movement refuses the others, naming them)
    plan = attrs.evolve(plan, risks=[r for r in plan.risks if _scores(r)])
    nxt = carry_forward(plan)
    change = compare_plans(plan, nxt, matrix=MATRIX)
    # intended: the finished actions stay behind, everything else is carried as it was
    assert [a.id for a in change.actions_dropped] == [a.id for a in plan.actions if a.status in DONE]
    assert [b.id for _, b in change.actions_carried] == [a.id for a in plan.actions if a.status not in DONE]
    for before, after in change.actions_carried:
        assert after == attrs.evolve(before, year=before.year.next() if before.year else None)
    assert change.actions_added == change.deadlines_moved == ()
    assert change.priorities_added == change.priorities_dropped == change.priorities_changed == ()
    assert change.indicators_added == change.indicators_dropped == change.targets_changed == ()
    assert change.risks_added == change.risks_dropped == change.risks == ()
    assert change.savings_added == change.savings_removed == change.savings_changed == ()
    assert change.unchanged is (not change.actions_dropped)
    # and nothing else is lost
    assert [y.start_year for y in nxt.years] == [y.start_year + 1 for y in plan.years]
    assert (nxt.priorities, nxt.indicators, nxt.risks, nxt.savings, nxt.budgets, nxt.staffing) == (
        plan.priorities,
        plan.indicators,
        plan.risks,
        plan.savings,
        plan.budgets,
        plan.staffing,
    )


def test_compare_reports_priorities_actions_indicators_and_risks() -> None:
    salford = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(salford, ServicePlan)
    first = salford.actions[0]
    moved = attrs.evolve(first, deadline=Deadline.parse("June 2011"))
    ni181 = salford.indicator("NI 181")
    assert ni181 is not None
    dropped = next(i for i in salford.indicators if i.code != "NI 181")
    restated = attrs.evolve(
        ni181,
        targets=[*ni181.targets[1:], Target(period=Period.parse("2012/13"), value=IndicatorValue.parse("18 days"))],
    )
    after = attrs.evolve(
        salford,
        priorities=[*salford.priorities[:-1], attrs.evolve(salford.priorities[-1], title="Managing resources")],
        actions=[moved, *salford.actions[2:], Action(id="NEW", title="A new action")],
        indicators=[
            *(restated if i.code == "NI 181" else i for i in salford.indicators if i.code != dropped.code),
            Indicator(code="LPI 99", title="New"),
        ],
        risks=salford.risks[1:],
    )
    change = compare_plans(salford, after)
    assert [p.id for p, _ in change.priorities_changed] == [salford.priorities[-1].id]
    assert [a.id for a in change.actions_added] == ["NEW"]
    assert [a.id for a in change.actions_dropped] == [salford.actions[1].id]
    assert [(a.deadline.text, b.deadline.text) for a, b in change.deadlines_moved] == [  # type: ignore[union-attr]
        (first.deadline.text, "June 2011")  # type: ignore[union-attr]
    ]
    assert [i.code for i in change.indicators_added] == ["LPI 99"]
    assert [i.code for i in change.indicators_dropped] == [dropped.code]
    assert [(t.code, str(t.period), t.before, t.after) for t in change.targets_changed] == [
        ("NI 181", str(ni181.targets[0].period), ni181.targets[0].value.text, None),
        ("NI 181", "2012/13", None, "18 days"),
    ]
    assert [r.id for r in change.risks_dropped] == [salford.risks[0].id]
    assert not change.unchanged


def test_a_to_be_set_target_falls_due_once_its_baseline_year_has_data() -> None:
    to_be_set = IndicatorValue.parse("Target to be set after one year of data obtained")
    indicator = Indicator(
        code="NI 14", title="Avoidable contact", targets=[Target(period=Period.parse("2010/11"), value=to_be_set)]
    )
    plan = ServicePlan(id="p-2009-10", title="p", indicators=[indicator], priorities=[Priority(id="1", title="t")])
    assert targets_now_due(carry_forward(plan)) == ()
    measured = attrs.evolve(
        plan,
        indicators=[
            attrs.evolve(
                indicator, measurements=[Measurement(period=Period.parse("2009/10"), value=IndicatorValue.parse("27%"))]
            )
        ],
    )
    nxt = carry_forward(measured)
    assert [(i.code, str(t.period)) for i, t in targets_now_due(nxt)] == [("NI 14", "2010/11")]
    assert [f.code for f in serviceplan.check(nxt) if f.code == "target-now-due"] == ["target-now-due"]
    assert date(2010, 3, 31) < Period.parse("2010/11").start
