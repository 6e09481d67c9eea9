"""Action tracking at a date or a quarter end, honouring every deadline kind; the quarterly report."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import serviceplan
from serviceplan import Action, Assessment, Deadline, Period, Quarter, Risk, ServicePlan, quarterly_report
from serviceplan.calc import TrackingState, action_status, latest_updates, tracking_summary
from serviceplan.model import ProgressUpdate
from serviceplan.values import ActionStatus, AssessmentKind


def _action(deadline: str | None, status: ActionStatus | None = None) -> Action:
    return Action(id="1", title="x", deadline=Deadline.parse(deadline) if deadline else None, status=status)


STATES = [
    # deadline as written, as at, state, days
    ("March 2011", date(2011, 3, 31), TrackingState.DUE_SOON, 0),  # a month falls due on its last day
    ("March 2011", date(2011, 4, 1), TrackingState.OVERDUE, 1),
    ("March 2011", date(2010, 6, 30), TrackingState.ON_TRACK, 274),
    ("March 2011", date(2011, 3, 1), TrackingState.DUE_SOON, 30),
    ("31 st March 2011", date(2011, 2, 28), TrackingState.ON_TRACK, 31),  # 31 days: beyond the 30-day window
    ("Continuous", date(2030, 1, 1), TrackingState.ONGOING, None),  # ongoing is never overdue
    ("from December, 2001", date(2003, 1, 1), TrackingState.ONGOING, None),
    ("Depends on business plan", date(2011, 1, 1), TrackingState.CONDITIONAL, None),
    (
        "Timescales will be in accordance with the programmes for each scheme Review progress - March 2011",
        date(2011, 6, 1),
        TrackingState.CONDITIONAL,
        None,
    ),
    ("March 2010 and beyond", date(2010, 6, 30), TrackingState.ONGOING, None),
    ("March 2010 and beyond", date(2010, 1, 1), TrackingState.ON_TRACK, 89),
    ("Ph 1 – March 2009 Ph 2 – March 2010", date(2009, 3, 15), TrackingState.DUE_SOON, 16),  # each milestone falls due
    # Ph 1 passed three months ago, Ph 2 still to come: behind by 91 days (issue 16: every milestone falls due)
    ("Ph 1 – March 2009 Ph 2 – March 2010", date(2009, 6, 30), TrackingState.BEHIND, 91),
    ("Ph 1 – March 2009 Ph 2 – March 2010", date(2010, 4, 1), TrackingState.OVERDUE, 1),
    ("Q3 2010/11", date(2011, 1, 1), TrackingState.OVERDUE, 1),
    ("2010/11", date(2011, 3, 31), TrackingState.DUE_SOON, 0),
    (None, date(2011, 1, 1), TrackingState.NO_DEADLINE, None),
]


@pytest.mark.parametrize(("deadline", "as_of", "state", "days"), STATES)
def test_states(deadline: str | None, as_of: date, state: TrackingState, days: int | None) -> None:
    tracked = action_status(_action(deadline), as_of)
    assert tracked.state is state
    if state is TrackingState.ON_TRACK or state is TrackingState.DUE_SOON or state is TrackingState.OVERDUE:
        assert tracked.days == days


def test_status_from_the_plan_wins() -> None:
    assert action_status(_action("March 2010", ActionStatus.COMPLETE), date(2011, 1, 1)).state is TrackingState.COMPLETE
    assert (
        action_status(_action("March 2010", ActionStatus.CANCELLED), date(2011, 1, 1)).state is TrackingState.CANCELLED
    )
    assert (
        action_status(_action("March 2010", ActionStatus.IN_PROGRESS), date(2011, 1, 1)).state is TrackingState.OVERDUE
    )


def test_as_of_a_quarter_is_its_last_day() -> None:
    tracked = action_status(_action("June 2010"), Quarter.parse("Quarter 1 (June 2010)"))
    assert tracked.as_of == date(2010, 6, 30)
    assert tracked.state is TrackingState.DUE_SOON
    assert action_status(_action("June 2010"), Quarter.parse("2010/11 Q2")).state is TrackingState.OVERDUE


def test_summaries(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    by_lead = tracking_summary(plan, date(2010, 4, 1), by="lead_officer")
    assert sum(by_lead["Mike Bleese"].values()) == 13  # actions 20–27 of §7a and five of §7b
    by_priority = tracking_summary(plan, date(2010, 4, 1))
    assert sum(sum(c.values()) for c in by_priority.values()) == len(plan.actions)
    assert by_priority["CARBON"] == {TrackingState.OVERDUE: 1, TrackingState.ON_TRACK: 1}
    with pytest.raises(ValueError, match="by must be one of"):
        tracking_summary(plan, date(2010, 4, 1), by="colour")


def test_latest_update_per_division() -> None:
    q1, q2 = Period.parse("2010/11 Q1"), Period.parse("2010/11 Q2")
    action = Action(
        id="1",
        title="x",
        updates=[
            ProgressUpdate(period=q2, by="Legal", text="legal q2"),
            ProgressUpdate(period=q1, by="Legal", text="legal q1"),
            ProgressUpdate(period=q1, by="Personnel", text="personnel q1"),
        ],
    )
    assert [u.text for u in latest_updates(action)] == ["legal q2", "personnel q1"]


def test_sefton_quarter_1_report(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-corporate-services-2010-11"]
    report = quarterly_report(plan, "Quarter 1 (June 2010)")
    assert report.as_of == date(2010, 6, 30)
    states = {line.action.id: line.tracking.state for p in report.priorities for line in p.actions}
    assert states["1"] is TrackingState.ON_TRACK  # March 2011
    assert states["3"] is TrackingState.CONDITIONAL  # Depends on business plan
    assert states["6b"] is TrackingState.COMPLETE  # "Action complete and was issued within the target deadline"
    assert states["6c"] is TrackingState.OVERDUE  # April 2010, negotiations on-going
    assert states["6a"] is TrackingState.DUE_SOON  # June 2010: due on the quarter's last day
    first = next(line for line in report.priorities[0].actions if line.action.id == "1")
    assert [u.by for u in first.updates] == ["Finance & IS", "Legal", "Personnel"]
    markdown = report.to_markdown()
    assert markdown.startswith("# Corporate Services Departmental Service Plan 2010/11\n")
    assert "| April 2010 | overdue (61 days) |" in markdown
    assert "**Finance & IS** In addition to delivering service efficiencies" in markdown
    assert markdown.count("\n## ") == 6


def test_salford_indicators_in_the_report(examples: dict[str, ServicePlan]) -> None:
    report = quarterly_report(examples["salford-2009-12"], "2009/10 Q4")
    lines = {line.indicator.code: line for line in report.indicators}
    assert lines["NI 181"].period == Period.parse("2009/10")
    assert lines["NI 181"].target_text == "20.5 days"
    assert lines["NI 181"].status.reason.value == "no_data"
    assert lines["NI 14"].status.reason.value == "no_target_yet"
    assert "| NI 181 Time taken to process" in report.to_markdown()


def test_risks_that_moved(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    later = attrs.evolve(
        plan,
        risks=[
            attrs.evolve(r, assessments=[*r.assessments, Assessment(kind=AssessmentKind.CURRENT, score=12)])
            if r.id == "D"
            else r
            for r in plan.risks
        ],
    )
    moved = quarterly_report(later, "2009/10 Q2").risks
    assert [(m.risk_id, m.before, m.after, m.direction.value) for m in moved] == [("D", 16, 12, "down")]
    versus = quarterly_report(
        later, "2009/10 Q2", previous=attrs.evolve(plan, risks=[*plan.risks, Risk(id="Z", title="gone")])
    )
    assert [(m.risk_id, m.direction.value) for m in versus.risks] == [("D", "down"), ("Z", "closed")]
    assert "## Risks whose score moved" in versus.to_markdown()


def test_progress_command(capsys: pytest.CaptureFixture[str]) -> None:
    from serviceplan.cli import main

    path = serviceplan.example_path("sefton-corporate-services-2010-11")
    assert main(["progress", str(path), "--quarter", "Quarter 1 (June 2010)"]) == 0
    assert "Progress at the end of 2010/11 Q1 (30 June 2010)." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("sefton_q1_progress.py", "Actions: 3 on track, 2 conditional, 2 due soon, 1 complete, 2 overdue"),
        ("salford_indicators_rag.py", "LPI 25 2008/09"),
    ],
)
def test_example_scripts_run(script: str, expected: str) -> None:
    import subprocess
    import sys

    from tests.conftest import EXAMPLES

    out = subprocess.run([sys.executable, str(EXAMPLES / script)], capture_output=True, text=True, check=True)
    assert expected in " ".join(out.stdout.split())


def test_an_actions_own_milestones_fall_due_and_the_next_one_is_named() -> None:
    from serviceplan.model import Milestone

    action = Action(
        id="7",
        title="Review the pay structure",
        deadline=Deadline.parse("March 2011"),
        milestones=[
            Milestone(what="Consultation closes", deadline=Deadline.parse("June 2010")),
            Milestone(what="Cabinet decision", deadline=Deadline.parse("December 2010")),
            Milestone(what="Ongoing monitoring", deadline=Deadline.parse("Continuous")),
        ],
    )
    before = action_status(action, date(2010, 5, 31))
    assert (before.state, before.days, before.next_milestone.label if before.next_milestone else None) == (
        TrackingState.DUE_SOON,
        30,
        "Consultation closes",
    )
    behind = action_status(action, date(2010, 7, 31))  # the case: due March 2011, a June 2010 milestone
    assert behind.state is TrackingState.BEHIND
    assert behind.days == 31
    assert [m.label for m in behind.overdue_milestones] == ["Consultation closes"]
    assert behind.next_milestone is not None
    assert behind.next_milestone.label == "Cabinet decision"
    assert behind.due == date(2010, 12, 31)
    late = action_status(action, date(2011, 4, 1))
    assert late.state is TrackingState.OVERDUE
    assert [m.label for m in late.overdue_milestones] == ["Consultation closes", "Cabinet decision"]
    done = action_status(attrs.evolve(action, status=ActionStatus.COMPLETE), date(2010, 7, 31))
    assert done.state is TrackingState.COMPLETE
