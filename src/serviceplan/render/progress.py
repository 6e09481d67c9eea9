"""The quarterly progress report, as data and as Markdown.

Every quarter a council reports to its members: per priority, each action
with its deadline, where it stands and its latest update; the indicators with
target, actual, RAG and direction of travel; and the risks whose score moved.
:func:`quarterly_report` builds that as plain values; :meth:`QuarterlyReport.to_markdown`
renders it ready to paste into a committee report.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import attrs

from serviceplan.calc.actions import ActionTracking, TrackingState, action_status, latest_updates
from serviceplan.calc.indicators import Direction, IndicatorStatus, direction_of_travel, indicator_status
from serviceplan.model import Action, Indicator, ProgressUpdate, ServicePlan
from serviceplan.risk.matrix import RiskMatrix, risk_matrix
from serviceplan.risk.register import Movement, MovementDirection, assessment_change, movement
from serviceplan.values.periods import Period, Quarter
from serviceplan.values.vocab import AssessmentKind, Rag

__all__ = ["ActionLine", "IndicatorLine", "PriorityLine", "QuarterlyReport", "quarterly_report"]


@attrs.frozen
class ActionLine:
    """An action in the report: where it stands and its latest updates."""

    action: Action
    tracking: ActionTracking
    updates: tuple[ProgressUpdate, ...]


@attrs.frozen
class PriorityLine:
    """A priority (``None`` for actions linked to none) and its actions."""

    priority_id: str | None
    title: str
    actions: tuple[ActionLine, ...]


@attrs.frozen
class IndicatorLine:
    """An indicator in the report: target and actual as printed, RAG, direction of travel and commentary.

    ``commentary`` is the narrative beside the actual (the measurement's), ``target_commentary``
    the one beside the target; both as written.
    """

    indicator: Indicator
    period: Period
    target_text: str | None
    actual_text: str | None
    status: IndicatorStatus
    direction: Direction
    commentary: str | None = None
    target_commentary: str | None = None

    def commentary_text(self) -> str:
        """Both commentaries in one text, the target's marked: what a report's commentary column shows."""
        parts = [self.commentary or "", f"Target: {self.target_commentary}" if self.target_commentary else ""]
        return " ".join(p for p in parts if p)


@attrs.frozen
class QuarterlyReport:
    """A plan's progress at a quarter end."""

    plan_id: str
    title: str
    quarter: Quarter
    as_of: date
    priorities: tuple[PriorityLine, ...]
    indicators: tuple[IndicatorLine, ...]
    risks: tuple[Movement, ...]

    def action_counts(self) -> dict[TrackingState, int]:
        """How many actions are in each state (each action once)."""
        seen: dict[str, TrackingState] = {}
        for line in self.priorities:
            for item in line.actions:
                seen[item.action.id] = item.tracking.state
        return dict(Counter(seen.values()))

    def rag_counts(self) -> dict[Rag, int]:
        """How many indicators are red, amber, green or without data."""
        return dict(Counter(line.status.rag for line in self.indicators))

    def to_markdown(self) -> str:
        """The report in Markdown: headings, tables and the updates as written."""
        out = [f"# {self.title}", "", f"Progress at the end of {self.quarter} ({self.as_of:%d %B %Y}).", ""]
        counts = self.action_counts()
        if counts:
            out.append("Actions: " + ", ".join(f"{n} {state.value.replace('_', ' ')}" for state, n in counts.items()))
        rags = self.rag_counts()
        if rags:
            out.append("Indicators: " + ", ".join(f"{n} {rag.value.replace('_', ' ')}" for rag, n in rags.items()))
        for line in self.priorities:
            out += ["", f"## {_md(line.title)}", ""]
            out += ["| Action | Deadline | Status | Latest update |", "| --- | --- | --- | --- |"]
            for item in line.actions:
                action = item.action
                deadline = action.deadline.text if action.deadline else ""
                state = item.tracking.state.value.replace("_", " ")
                if item.tracking.state is TrackingState.OVERDUE:
                    state += f" ({item.tracking.days} days)"
                update = "<br>".join(f"**{_md(u.by or '')}** {_md(u.text)}" for u in item.updates) or ""
                name = f"{action.number or action.id} {action.title}"
                out.append(f"| {_md(name)} | {_md(deadline)} | {state} | {update} |")
        if self.indicators:
            said = any(ind.commentary_text() for ind in self.indicators)  # a commentary column when there is one
            out += ["", "## Indicators", ""]
            out += [
                "| Indicator | Period | Target | Actual | RAG | Direction |" + (" Commentary |" if said else ""),
                "| --- | --- | --- | --- | --- | --- |" + (" --- |" if said else ""),
            ]
            for ind in self.indicators:
                name = _md(f"{ind.indicator.code} {ind.indicator.title}")
                rag = f"{_words(ind.status.rag)} ({_words(ind.status.reason)})"
                target, actual = _md(ind.target_text or ""), _md(ind.actual_text or "")
                row = f"| {name} | {ind.period} | {target} | {actual} | {rag} | {_words(ind.direction)} |"
                out.append(row + (f" {_md(ind.commentary_text())} |" if said else ""))
        if self.risks:
            said = any(move.commentary for move in self.risks)
            out += [
                "",
                "## Risks whose score moved",
                "",
                "| Risk | Before | After | Movement |" + (" Commentary |" if said else ""),
                "| --- | --- | --- | --- |" + (" --- |" if said else ""),
            ]
            for move in self.risks:
                before = "" if move.before is None else str(move.before)
                after = "" if move.after is None else str(move.after)
                row = f"| {_md(move.risk_id)} {_md(move.title)} | {before} | {after} | {move.direction.value} |"
                out.append(row + (f" {_md(move.commentary or '')} |" if said else ""))
        return "\n".join(out) + "\n"


def _words(value: object) -> str:
    return str(getattr(value, "value", value)).replace("_", " ")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _indicator_period(indicator: Indicator, quarter: Quarter) -> Period:
    quarterly = Period.of(quarter)
    has_quarter = any(t.period == quarterly for t in indicator.targets) or indicator.actual_for(quarterly)
    return quarterly if has_quarter else Period.of(quarter.year)


def _moved_within(plan: ServicePlan, matrix: RiskMatrix) -> list[Movement]:
    moves = []
    for risk in plan.risks:
        history = [a for a in risk.assessments if a.kind is AssessmentKind.CURRENT]
        if len(history) >= 2:
            move = assessment_change(risk, history[-2], history[-1], matrix, plan=plan.id)
            if move.direction in (MovementDirection.UP, MovementDirection.DOWN):
                moves.append(move)
    return moves


def quarterly_report(
    plan: ServicePlan,
    quarter: Quarter | str,
    *,
    previous: ServicePlan | None = None,
    matrix: RiskMatrix | None = None,
    due_within: int = 30,
) -> QuarterlyReport:
    """The plan's progress at the end of ``quarter``.

    Indicators are reported for the quarter when they have quarterly targets or
    actuals, else for the quarter's financial year. Risks moved when their last
    two current assessments differ, or, given ``previous`` (last quarter's or
    last year's plan, matched by risk id whatever the plans' ids), when their
    current assessment differs from it; up or down by band, then score
    (:func:`~serviceplan.risk.compare_assessments`).

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
    >>> report = quarterly_report(plan, "Quarter 1 (June 2010)")
    >>> report.as_of, len(report.priorities)
    (datetime.date(2010, 6, 30), 6)
    """
    quarter = Quarter.parse(quarter) if isinstance(quarter, str) else quarter
    matrix = matrix or risk_matrix("5x5")
    as_of = quarter.end

    def line(action: Action) -> ActionLine:
        updates = tuple(u for u in latest_updates(action) if u.period.end <= as_of)
        return ActionLine(action, action_status(action, as_of, due_within=due_within), updates)

    priorities = [PriorityLine(p.id, p.title, tuple(line(a) for a in plan.actions_for(p.id))) for p in plan.priorities]
    known = {p.id for p in plan.priorities}
    unlinked = tuple(line(a) for a in plan.actions if not (set(a.priorities) & known))
    if unlinked:
        priorities.append(PriorityLine(None, "Actions linked to no priority", unlinked))
    indicators = []
    for indicator in plan.indicators:
        period = _indicator_period(indicator, quarter)
        target = indicator.target_for(period)
        actual = indicator.actual_for(period)
        indicators.append(
            IndicatorLine(
                indicator,
                period,
                target.value.text if target else None,
                actual.value.text if actual else None,
                indicator_status(indicator, period, plan=plan),
                direction_of_travel(indicator, period, plan=plan),
                actual.commentary if actual else None,
                target.commentary if target else None,
            )
        )
    if previous is not None:
        moved = [m for m in movement(previous, plan, matrix) if m.direction not in (MovementDirection.SAME,)]
        moved = [m for m in moved if m.direction is not MovementDirection.NOT_SCORED]
    else:
        moved = _moved_within(plan, matrix)
    return QuarterlyReport(plan.id, plan.title, quarter, as_of, tuple(priorities), tuple(indicators), tuple(moved))
