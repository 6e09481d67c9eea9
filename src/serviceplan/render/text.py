"""The plain-text report of a plan: what ``python -m serviceplan report`` prints.

Priorities with their actions, the actions overdue at a date, indicators with
their targets and actuals, the risk register by current score with its bands,
and a heat map. Pure: it
returns text and prints nothing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date

from serviceplan.calc.actions import overdue_actions
from serviceplan.calc.indicators import indicator_status
from serviceplan.checks import Severity, check
from serviceplan.errors import LevelError
from serviceplan.model import Action, Indicator, Risk, ServicePlan
from serviceplan.risk.matrix import RiskMatrix, risk_matrix
from serviceplan.risk.register import heat_map
from serviceplan.values.periods import FinancialYear, Period
from serviceplan.values.vocab import Rag

__all__ = ["text_report"]

WIDTH = 100


def _cut(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return lines


def _heading(title: str) -> list[str]:
    return ["", title, "=" * len(title)]


def _action_line(action: Action) -> str:
    number = action.number or action.id
    deadline = action.deadline.text if action.deadline else "no deadline"
    lead = f" — {action.lead_officer}" if action.lead_officer else ""
    return f"    {number:<6} {_cut(action.title, 62)} [{_cut(deadline, 30)}]{lead}"


def _priorities(plan: ServicePlan) -> list[str]:
    lines = _heading(f"Priorities and actions ({len(plan.priorities)} priorities, {len(plan.actions)} actions)")
    aims = {a.id: a.title for a in plan.aims}
    units = {u.id: u.name for u in plan.units}
    for priority in plan.priorities:
        context = [aims[priority.aim]] if priority.aim in aims else []
        context += [units[priority.unit]] if priority.unit in units and priority.unit != plan.unit else []
        suffix = f"  ({'; '.join(context)})" if context else ""
        lines.append(f"  {priority.number or priority.id} {_cut(priority.title, 80)}{suffix}")
        actions = plan.actions_for(priority.id)
        lines += [_action_line(a) for a in actions] or ["    (no actions)"]
    unlinked = [a for a in plan.actions if not a.priorities]
    if unlinked:
        lines.append("  Actions linked to no priority")
        lines += [_action_line(a) for a in unlinked]
    return lines


def _overdue(plan: ServicePlan, as_of: date) -> list[str]:
    late = overdue_actions(plan, as_of)
    lines = _heading(f"Actions overdue at {as_of:%d %B %Y} ({len(late)})")
    if not late:
        return [*lines, "  none"]
    rows = []
    for action in late:
        deadline = action.deadline
        due = deadline.due if deadline is not None else None
        rows.append(
            [
                action.number or action.id,
                _cut(action.title, 50),
                _cut(deadline.text if deadline else "", 24),
                f"{(as_of - due).days}" if due else "",
                _cut(action.lead_officer, 20),
            ]
        )
    return lines + ["  " + line for line in _table(rows, ["action", "title", "deadline", "days late", "lead"])]


def _indicators(plan: ServicePlan, as_of: date) -> list[str]:
    indicators: Sequence[Indicator] = plan.indicators
    lines = _heading(f"Indicators ({len(indicators)})")
    if not indicators:
        return [*lines, "  none"]
    periods: list[Period] = sorted(
        {t.period for i in indicators for t in i.targets} | {m.period for i in indicators for m in i.measurements}
    )
    year = Period.of(FinancialYear.containing(as_of))
    header = ["code", "indicator"]
    for period in periods:
        header += [f"target {period}", f"actual {period}"]
    header.append(f"RAG {year}")
    rows = []
    for indicator in indicators:
        row = [indicator.code, _cut(indicator.title, 36)]
        for period in periods:
            target = indicator.target_for(period)
            actual = indicator.actual_for(period)
            row.append(_cut(target.value.text, 18) if target else "-")
            row.append(_cut(actual.value.text, 12) if actual else "-")
        status = indicator_status(indicator, year, default_tolerance=plan.policy.tolerance)
        shown = status.rag.value if status.rag is not Rag.NO_DATA else f"- ({status.reason.value.replace('_', ' ')})"
        row.append(shown)
        rows.append(row)
    return lines + ["  " + line for line in _table(rows, header)]


def _risk_key(risk: Risk, matrix: RiskMatrix) -> tuple[int, int, int]:
    """Most severe first, as :func:`~serviceplan.risk.top_risks` ranks (band, then score, then impact).

    Risks the matrix cannot score, then unscored ones, come last; ties keep register order (the sort is stable).
    """
    current = risk.current
    if current is None:
        return (1, 0, 0)
    try:
        severity = matrix.severity(current)
    except LevelError:
        return (1, 0, 0)
    if severity is None:
        return (1, 0, 0)
    return (-severity[0], -severity[1], -(current.impact or 0))


def _score(risk: Risk, which: str, matrix: RiskMatrix) -> str:
    """The score as printed; where the matrix computes another from the levels, both ("16 (printed 15)")."""
    assessment = risk.current if which == "current" else risk.target
    if assessment is None:
        return "not scored"
    try:
        disagrees = matrix.printed_disagrees(assessment) is not None
    except LevelError:
        disagrees = False
    if disagrees:
        return f"{matrix.score_assessment(assessment)} (printed {assessment.score})"
    if assessment.score is not None:
        return str(assessment.score)
    return f"{assessment.likelihood}×{assessment.impact}"


def _band(risk: Risk, matrix: RiskMatrix) -> str:
    if risk.current is None:
        return "-"
    try:
        band = matrix.band_assessment(risk.current)
    except LevelError:
        return "off matrix"
    return band.name if band is not None else "-"


def _risks(plan: ServicePlan, matrix: RiskMatrix) -> list[str]:
    lines = _heading(f"Risk register by current score ({len(plan.risks)} risks, {matrix.name} matrix)")
    if not plan.risks:
        return [*lines, "  none"]
    rows = [
        [
            r.id,
            _cut(r.title, 50),
            _score(r, "current", matrix),
            _band(r, matrix),
            _score(r, "target", matrix),
            _cut(r.owner, 20),
        ]
        for r in sorted(plan.risks, key=lambda risk: _risk_key(risk, matrix))
    ]
    return lines + ["  " + line for line in _table(rows, ["id", "risk", "current", "band", "target", "owner"])]


def _heat_map(plan: ServicePlan, matrix: RiskMatrix) -> list[str]:
    lines = _heading(f"Heat map of current risks ({matrix.name})")
    try:
        heat = heat_map(plan, matrix)
    except LevelError as err:
        return [*lines, f"  cannot place the register on this matrix: {err}"]
    if heat.total:
        width = max(len(im.label) for im in matrix.impact)
        label_width = max(len(lk.label) for lk in matrix.likelihood)
        lines.append("  " + " " * label_width + "  " + " ".join(im.label.rjust(width) for im in matrix.impact))
        for lk in reversed(matrix.likelihood.levels):
            counts = heat.counts[lk.number - 1]
            cells = " ".join((str(c) if c else ".").rjust(width) for c in counts)
            lines.append(f"  {lk.label.rjust(label_width)}  {cells}")
    bands = heat.by_band()
    lines.append(
        f"  {heat.total} placed by likelihood and impact; {len(heat.unplaced)} scored without levels; "
        f"{len(heat.not_scored)} not scored"
    )
    lines.append("  by band: " + ", ".join(f"{name} {count}" for name, count in bands.items()))
    return lines


def _findings(plan: ServicePlan) -> list[str]:
    findings = check(plan)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    lines = _heading(f"Checks ({errors} errors, {len(findings) - errors} warnings)")
    wrapper = textwrap.TextWrapper(width=WIDTH, initial_indent="  ", subsequent_indent="      ")
    for finding in findings:
        lines += wrapper.wrap(str(finding))
    return lines if findings else [*lines, "  none"]


def text_report(plan: ServicePlan, as_of: date, matrix: RiskMatrix | None = None) -> str:
    """The plan as a plain-text report, with overdue actions counted at ``as_of``.

    Risks are banded and mapped on ``matrix`` (default: the ``5x5`` preset).

    >>> import serviceplan
    >>> from datetime import date
    >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    >>> report = text_report(plan, as_of=date(2010, 1, 1))
    >>> print(report.splitlines()[0])
    Customer & Support Services Directorate Business Plan 2009/12
    """
    years = f"{min(plan.years)} to {max(plan.years)}" if plan.years else "no financial year given"
    head = [plan.title, " · ".join(x for x in (plan.council, years, f"as at {as_of:%d %B %Y}") if x)]
    if plan.update_period is not None:
        head.append(f"with an update position at {plan.update_period}")
    matrix = matrix or risk_matrix("5x5")
    body = (
        head
        + _priorities(plan)
        + _overdue(plan, as_of)
        + _indicators(plan, as_of)
        + _risks(plan, matrix)
        + _heat_map(plan, matrix)
        + _findings(plan)
    )
    return "\n".join(body) + "\n"
