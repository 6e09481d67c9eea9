"""Plan checks: what is wrong with a plan, as data.

Real plans are incomplete and sometimes wrong, so they load; ``check(plan)``
then returns findings instead of raising. Each finding has a catalogued
``code`` (see :data:`CODES`), a ``severity``, the ``path`` of the offending
entity (the same paths load errors use) and a ``message``.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal, localcontext

import attrs

from serviceplan._decimal import EXACT
from serviceplan.checks.indicators import indicator_warnings, rag_mismatches
from serviceplan.model import BudgetTable, PlanSet, ServicePlan, StaffingTable
from serviceplan.risk.matrix import RiskMatrix
from serviceplan.values.deadlines import Deadline, DeadlineKind
from serviceplan.values.money import Money
from serviceplan.values.vocab import ActionStatus

__all__ = ["CODES", "Finding", "Severity", "check"]


class Severity(enum.StrEnum):
    """How bad a finding is."""

    ERROR = "error"  #: the plan contradicts itself or its policy
    WARNING = "warning"  #: worth a look: a likely mistake or a gap


CODES: dict[str, str] = {
    "duplicate-id": "two entities of one kind share an id",
    "dangling-reference": "a reference names no entity in the plan",
    "too-many-priorities": "a unit has more priorities than the plan's policy allows",
    "deadline-outside-period": "a deadline falls outside the plan's financial years",
    "deadline-before-report": "an unfinished action fell due before the report that presents it",
    "risk-not-scored": "a risk has no current score",
    "indicator-no-target": "an indicator has no target for any period",
    "total-mismatch": "a printed total is not the sum of its lines",
    "actual-outside-period": "an indicator has an actual for a period outside the plan's years and the year before",
    "unit-mismatch": "a target or actual is written in a unit the indicator does not use",
    "impossible-percentage": "a percentage below 0 or above 100 for an indicator counted in percent",
    "rag-mismatch": "a RAG the council published disagrees with the RAG computed from the plan's figures",
    "target-now-due": 'a target "to be set after a year of data" whose indicator now has an actual before its period',
    "profile-ignored": "an indicator has a profile, but its periods do not add up (accumulation is not sum)",
    "zero-width-band": "a percentage tolerance or amber band of a target of 0, with no scale: a band of no width",
    "ratio-mismatch": "an actual printed beside its numerator and denominator is not their ratio, to its places",
    # risk rules, in serviceplan.checks.risks (RISK_CODES)
    "risk-level-off-matrix": "a likelihood or impact is not a level of the matrix the assessment is scored on",
    "risk-score-mismatch": "a printed score disagrees with the matrix's score of its likelihood and impact",
    "risk-score-off-matrix": "a score printed alone is not a score of the matrix the assessment is scored on",
    "risk-score-ambiguous": "a score printed alone falls in several bands of its matrix, so it has no band",
    "risk-matrix-unknown": "an assessment names a risk matrix that is neither given to check nor a preset",
    # identity across the plans of a set: serviceplan.checks.planset
    "shared-saving-conflict": "copies of one saving in several plans state different figures for a year",
    "shared-indicator-conflict": "copies of one indicator in several plans state different values for a period",
    "shared-risk-conflict": "copies of one risk in several plans are scored differently on the same date",
}
"""Every finding code, with what it means."""


@attrs.frozen(kw_only=True)
class Finding:
    """One thing ``check`` found.

    >>> print(Finding(code="risk-not-scored", severity=Severity.WARNING, path="risks[9]",
    ...               message="risk 'J' has no current score"))
    warning risk-not-scored risks[9]: risk 'J' has no current score
    """

    code: str
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity.value} {self.code} {self.path}: {self.message}"


def _error(code: str, path: str, message: str) -> Finding:
    return Finding(code=code, severity=Severity.ERROR, path=path, message=message)


def _warning(code: str, path: str, message: str) -> Finding:
    return Finding(code=code, severity=Severity.WARNING, path=path, message=message)


def _duplicates(name: str, ids: Iterable[str]) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in seen:
            yield _error("duplicate-id", f"{name}[{index}]", f"id {ident!r} is also used by {name}[{seen[ident]}]")
        else:
            seen[ident] = index


def _refs(path: str, what: str, refs: Iterable[str | None], known: set[str]) -> Iterator[Finding]:
    for ref in refs:
        if ref is not None and ref not in known:
            yield _error("dangling-reference", path, f"{what} {ref!r} is not in the plan")


def _deadline_dates(deadline: Deadline) -> list[date]:
    dates = [m.due for m in deadline.milestones]
    if deadline.due is not None and deadline.due not in dates:
        dates.append(deadline.due)
    return dates


def _check_deadline(plan: ServicePlan, path: str, deadline: Deadline | None, finished: bool) -> Iterator[Finding]:
    if deadline is None or deadline.kind is DeadlineKind.ONGOING:
        return
    start, end = plan.start, plan.end
    if start is not None and end is not None:
        for day in _deadline_dates(deadline):
            if not start <= day <= end:
                yield _warning(
                    "deadline-outside-period",
                    path,
                    f"{deadline.text!r} falls on {day:%d %B %Y}, outside the plan's {start:%d %B %Y} to {end:%d %B %Y}",
                )
    reported = plan.report.date if plan.report is not None else None
    if reported is not None and not finished and deadline.due is not None and deadline.due < reported:
        yield _warning(
            "deadline-before-report",
            path,
            f"{deadline.text!r} fell due on {deadline.due:%d %B %Y}, before the report of {reported:%d %B %Y}",
        )


def _sum(values: Iterable[Money | None]) -> Money | None:
    present = [v for v in values if v is not None]
    return sum(present, Money.zero()) if present else None


def _check_totals(path: str, table: BudgetTable) -> Iterator[Finding]:
    if table.total is None:
        return
    getters: dict[str, Callable[..., Money | None]] = {
        "gross": lambda line: line.gross,
        "net": lambda line: line.net,
        "staffing": lambda line: line.staffing,
    }
    for column, get in getters.items():
        printed = get(table.total)
        added = _sum(get(line) for line in table.lines)
        if printed is not None and added is not None and printed != added:
            yield _error(
                "total-mismatch",
                f"{path}.total.{column}",
                f"{table.title}: the {column} lines add up to {added}, the printed total is {printed} "
                f"(difference {added - printed})",
            )


def _check_staff_totals(path: str, table: StaffingTable) -> Iterator[Finding]:
    if table.total is None:
        return
    for column in ("posts", "fte"):
        printed = getattr(table.total, column)
        values = [getattr(line, column) for line in table.lines if getattr(line, column) is not None]
        if printed is None or not values:
            continue
        with localcontext(EXACT):  # FTE is added exactly: never rounded to 28 digits
            added = sum(values, Decimal(0) if column == "fte" else 0)
            difference = added - printed
        if added != printed:
            yield _error(
                "total-mismatch",
                f"{path}.total.{column}",
                f"{table.title}: the {column} lines add up to {added}, the printed total is {printed} "
                f"(difference {difference})",
            )


def _check_plan(plan: ServicePlan, prefix: str, matrix: RiskMatrix | None = None) -> Iterator[Finding]:
    from serviceplan.checks.risks import check_risks  # here, not at the top: it imports Finding from this module

    yield from check_risks(plan, prefix, matrix)
    p = prefix
    kinds: dict[str, Iterable[str]] = {
        "units": (u.id for u in plan.units),
        "aims": (a.id for a in plan.aims),
        "priorities": (x.id for x in plan.priorities),
        "actions": (a.id for a in plan.actions),
        "indicators": (i.code for i in plan.indicators),
        "risks": (r.id for r in plan.risks),
        "savings": (s.id for s in plan.savings),
        "budgets": (b.id for b in plan.budgets),
        "staffing": (s.id for s in plan.staffing),
    }
    for name, ids in kinds.items():
        yield from (attrs.evolve(f, path=p + f.path) for f in _duplicates(name, ids))

    units = {u.id for u in plan.units}
    aims = {a.id for a in plan.aims}
    priorities = {x.id for x in plan.priorities}
    indicators = {i.code for i in plan.indicators}
    risks = {r.id for r in plan.risks}
    savings = {s.id for s in plan.savings}

    yield from _refs(f"{p}unit", "unit", [plan.unit], units)
    for i, unit in enumerate(plan.units):
        yield from _refs(f"{p}units[{i}].parent", "unit", [unit.parent], units)
    for i, aim in enumerate(plan.aims):
        yield from _refs(f"{p}aims[{i}].parent", "aim", [aim.parent], aims)
    for i, priority in enumerate(plan.priorities):
        yield from _refs(f"{p}priorities[{i}].unit", "unit", [priority.unit], units)
        yield from _refs(f"{p}priorities[{i}].aim", "aim", [priority.aim], aims)
    for i, action in enumerate(plan.actions):
        here = f"{p}actions[{i}]"
        yield from _refs(f"{here}.priorities", "priority", action.priorities, priorities)
        yield from _refs(f"{here}.risks", "risk", action.risks, risks)
        yield from _refs(f"{here}.indicators", "indicator", action.indicators, indicators)
        yield from _refs(f"{here}.unit", "unit", [action.unit], units)
        for j, link in enumerate(action.links):
            yield from _refs(f"{here}.links[{j}].indicator", "indicator", [link.indicator], indicators)
        finished = action.status in (ActionStatus.COMPLETE, ActionStatus.CANCELLED)
        yield from _check_deadline(plan, f"{here}.deadline", action.deadline, finished)
        for j, milestone in enumerate(action.milestones):
            yield from _check_deadline(plan, f"{here}.milestones[{j}].deadline", milestone.deadline, finished)
    for i, risk in enumerate(plan.risks):
        yield from _refs(f"{p}risks[{i}].unit", "unit", [risk.unit], units)
        if risk.current is None:
            yield _warning("risk-not-scored", f"{p}risks[{i}]", f"risk {risk.id!r} ({risk.title}) has no current score")
    for i, saving in enumerate(plan.savings):
        yield from _refs(f"{p}savings[{i}].unit", "unit", [saving.unit], units)
        yield from _refs(f"{p}savings[{i}].contributes_to", "saving", [saving.contributes_to], savings)
    for i, indicator in enumerate(plan.indicators):
        if not indicator.targets:
            yield _warning("indicator-no-target", f"{p}indicators[{i}]", f"{indicator.code} has no target")
        yield from (_warning(*w) for w in indicator_warnings(plan, f"{p}indicators[{i}]", indicator))
        yield from (_warning(*w) for w in rag_mismatches(plan, f"{p}indicators[{i}]", indicator))

    counts = Counter(x.unit for x in plan.priorities)
    limit = plan.policy.max_priorities
    for owner, count in sorted(counts.items(), key=lambda kv: kv[0] or ""):
        if count > limit:
            where = f"unit {owner!r}" if owner else "the plan"
            yield _error(
                "too-many-priorities", f"{p}priorities", f"{where} has {count} priorities; the policy allows {limit}"
            )

    for i, table in enumerate(plan.budgets):
        yield from _check_totals(f"{p}budgets[{i}]", table)
    for i, staff in enumerate(plan.staffing):
        yield from _check_staff_totals(f"{p}staffing[{i}]", staff)


def check(plan: ServicePlan | PlanSet, *, matrix: RiskMatrix | None = None) -> tuple[Finding, ...]:
    """Everything ``check`` finds wrong with a plan or a set of plans, errors first.

    Risk assessments are checked on the matrix they name, else on ``matrix``,
    else on the ``5x5`` preset (:mod:`serviceplan.checks.risks`).

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    >>> sorted({f.code for f in serviceplan.check(plan)})  # doctest: +NORMALIZE_WHITESPACE
    ['deadline-outside-period', 'risk-not-scored']
    """
    if isinstance(plan, PlanSet):
        found: list[Finding] = []
        by_id: defaultdict[str, int] = defaultdict(int)
        for i, member in enumerate(plan.plans):
            by_id[member.id] += 1
            if by_id[member.id] == 2:
                found.append(_error("duplicate-id", f"plans[{i}]", f"plan id {member.id!r} is used twice"))
            found.extend(_check_plan(member, f"plans[{i}].", matrix))
        from serviceplan.checks.planset import check_planset  # a module of its own: it imports Finding from here

        found.extend(check_planset(plan))
    else:
        found = list(_check_plan(plan, "", matrix))
    return tuple(sorted(found, key=lambda f: f.severity is not Severity.ERROR))
