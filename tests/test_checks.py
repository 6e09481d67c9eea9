"""check(plan): one table row per finding code, plus the PlanSet form."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import serviceplan
from serviceplan import (
    Action,
    Assessment,
    Deadline,
    FinancialYear,
    Indicator,
    IndicatorValue,
    Money,
    Period,
    PlanSet,
    Priority,
    Risk,
    Saving,
    ServicePlan,
    Target,
)
from serviceplan.checks import CODES, Severity
from serviceplan.model import BudgetLine, BudgetTable, CoverReport, OrgUnit, PlanPolicy, StaffingLine, StaffingTable
from serviceplan.values import ActionStatus, AssessmentKind

CLEAN = ServicePlan(
    id="p",
    title="Plan",
    years=[FinancialYear(2010)],
    units=[OrgUnit(id="CS", name="Corporate Services"), OrgUnit(id="FIN", name="Finance", parent="CS")],
    priorities=[Priority(id="1", title="Integration", unit="CS")],
    actions=[Action(id="1", title="Integrate", priorities=["1"], deadline=Deadline.parse("March 2011"))],
    indicators=[
        Indicator(
            code="NI 181",
            title="Time",
            targets=[Target(period=Period.parse("2010/11"), value=IndicatorValue.parse("20 days"))],
        )
    ],
    risks=[Risk(id="D", title="Pay", assessments=[Assessment(kind=AssessmentKind.CURRENT, score=16)])],
)


def test_clean_plan_has_no_findings() -> None:
    assert serviceplan.check(CLEAN) == ()


def _with(**changes: object) -> ServicePlan:
    return attrs.evolve(CLEAN, **changes)  # type: ignore[arg-type]


CASES = [
    ("duplicate action", _with(actions=[*CLEAN.actions, Action(id="1", title="Again")]), "duplicate-id", "actions[1]"),
    ("duplicate risk", _with(risks=[*CLEAN.risks, *CLEAN.risks]), "duplicate-id", "risks[1]"),
    (
        "dangling priority",
        _with(actions=[Action(id="1", title="x", priorities=["9"])]),
        "dangling-reference",
        "actions[0].priorities",
    ),
    (
        "dangling risk",
        _with(actions=[Action(id="1", title="x", priorities=["1"], risks=["Z"])]),
        "dangling-reference",
        "actions[0].risks",
    ),
    (
        "dangling indicator",
        _with(actions=[Action(id="1", title="x", priorities=["1"], indicators=["NI 14"])]),
        "dangling-reference",
        "actions[0].indicators",
    ),
    (
        "dangling unit",
        _with(priorities=[Priority(id="1", title="x", unit="HR")]),
        "dangling-reference",
        "priorities[0].unit",
    ),
    (
        "dangling saving parent",
        _with(savings=[Saving(id="s", title="x", contributes_to="MTFP")]),
        "dangling-reference",
        "savings[0].contributes_to",
    ),
    (
        "seven priorities",
        _with(priorities=[Priority(id=str(i), title="x", unit="CS") for i in range(1, 8)]),
        "too-many-priorities",
        "priorities",
    ),
    (
        "deadline after the plan",
        _with(actions=[Action(id="1", title="x", priorities=["1"], deadline=Deadline.parse("April 2011"))]),
        "deadline-outside-period",
        "actions[0].deadline",
    ),
    (
        "milestone before the plan",
        _with(
            actions=[
                Action(
                    id="1", title="x", priorities=["1"], deadline=Deadline.parse("Ph 1 – March 2010 Ph 2 – March 2011")
                )
            ]
        ),
        "deadline-outside-period",
        "actions[0].deadline",
    ),
    (
        "deadline before report",
        _with(
            report=CoverReport(dates=[date(2010, 10, 13)]),
            actions=[Action(id="1", title="x", priorities=["1"], deadline=Deadline.parse("June 2010"))],
        ),
        "deadline-before-report",
        "actions[0].deadline",
    ),
    ("risk not scored", _with(risks=[Risk(id="J", title="LGPIH")]), "risk-not-scored", "risks[0]"),
    (
        "indicator without target",
        _with(indicators=[Indicator(code="NI 14", title="Avoidable contact")]),
        "indicator-no-target",
        "indicators[0]",
    ),
    (
        "budget total",
        _with(
            budgets=[
                BudgetTable(
                    id="b",
                    title="Financial",
                    lines=[BudgetLine(label="a", gross=Money.parse("£1"))],
                    total=BudgetLine(label="Total", gross=Money.parse("£2")),
                )
            ]
        ),
        "total-mismatch",
        "budgets[0].total.gross",
    ),
    (
        "staffing total",
        _with(
            staffing=[
                StaffingTable(
                    id="s",
                    title="Staffing",
                    lines=[StaffingLine(label="a", posts=399)],
                    total=StaffingLine(label="Total", posts=400),
                )
            ]
        ),
        "total-mismatch",
        "staffing[0].total.posts",
    ),
]


@pytest.mark.parametrize(("case", "plan", "code", "path"), CASES, ids=[c[0] for c in CASES])
def test_each_finding(case: str, plan: ServicePlan, code: str, path: str) -> None:
    findings = serviceplan.check(plan)
    assert [(f.code, f.path) for f in findings] == [(code, path)], findings
    assert code in CODES
    assert findings[0].message


def test_completed_action_before_report_is_not_flagged() -> None:
    done = Action(
        id="1", title="x", priorities=["1"], deadline=Deadline.parse("June 2010"), status=ActionStatus.COMPLETE
    )
    plan = _with(report=CoverReport(dates=[date(2010, 10, 13)]), actions=[done])
    assert serviceplan.check(plan) == ()


def test_ongoing_deadline_is_never_outside() -> None:
    plan = _with(actions=[Action(id="1", title="x", priorities=["1"], deadline=Deadline.parse("from December, 2001"))])
    assert serviceplan.check(plan) == ()


def test_policy_sets_the_limit() -> None:
    six = [Priority(id=str(i), title="x", unit="CS") for i in range(1, 7)]
    assert serviceplan.check(_with(priorities=six)) == ()
    (finding,) = serviceplan.check(_with(priorities=six, policy=PlanPolicy(max_priorities=5)))
    assert finding.message == "unit 'CS' has 6 priorities; the policy allows 5"


def test_plan_set_paths_and_duplicate_plans() -> None:
    broken = _with(id="q", risks=[Risk(id="J", title="x")])
    findings = serviceplan.check(PlanSet(name="Sefton 2010/11", plans=[CLEAN, broken, CLEAN]))
    assert [(f.code, f.path, f.severity) for f in findings] == [
        ("duplicate-id", "plans[2]", Severity.ERROR),
        ("risk-not-scored", "plans[1].risks[0]", Severity.WARNING),
    ]


def _counted(printed: str, counted: int, out_of: int) -> ServicePlan:
    from decimal import Decimal

    from serviceplan import FinancialYear, Indicator, IndicatorValue, Measurement, Period, Target
    from serviceplan.values.vocab import IndicatorUnit

    actual = Measurement(
        period=Period.parse("2010/11 Q1"),
        value=IndicatorValue.parse(printed),
        numerator=Decimal(counted),
        denominator=Decimal(out_of),
    )
    target = Target(period=Period.parse("2010/11"), value=IndicatorValue.parse("95%"))
    paid = Indicator(
        code="BV 8",
        title="Invoices paid within 30 days",
        unit=IndicatorUnit.PERCENTAGE,
        targets=[target],
        measurements=[actual],
    )
    return ServicePlan(id="p", title="p", years=[FinancialYear.parse("2010/11")], indicators=[paid])


@pytest.mark.parametrize(
    ("printed", "counted", "out_of", "reported"),
    [
        ("95.2%", 952, 1000, False),  # exact
        ("95%", 9524, 10000, False),  # 95.24 printed to no places
        ("96%", 9551, 10000, False),  # 95.51 printed to no places is 96
        ("95.3%", 9524, 10000, True),  # 95.24 to one place is 95.2
        ("90.1%", 952, 1000, True),  # a slip of the pen
        ("0%", 0, 0, True),  # out of 0: no ratio
    ],
)
def test_a_printed_ratio_is_checked_against_its_counts(printed: str, counted: int, out_of: int, reported: bool) -> None:
    found = [f for f in serviceplan.check(_counted(printed, counted, out_of)) if f.code == "ratio-mismatch"]
    assert bool(found) == reported, found
