"""Markdown: a write-only report of a plan, ready to paste into a committee paper or a wiki."""

from __future__ import annotations

import attrs

from serviceplan.errors import LoadError, Problem
from serviceplan.model import PlanSet, ServicePlan
from serviceplan.typing import PlanLike

__all__ = ["MARKDOWN", "MarkdownSerialiser", "plan_markdown"]


def _cell(text: object) -> str:
    return " ".join(("" if text is None else str(text)).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def plan_markdown(plan: ServicePlan) -> str:
    """A plan in Markdown: priorities with their actions, indicators, risks, savings and check findings."""
    from serviceplan.checks import check

    years = ", ".join(str(y) for y in plan.years)
    out = [f"# {_cell(plan.title)}", "", " · ".join(x for x in (plan.council, years) if x), ""]
    for priority in plan.priorities:
        out += [f"## {_cell(priority.number or priority.id)} {_cell(priority.title)}", ""]
        if priority.why:
            out += [f"*Why:* {_cell(priority.why)}", ""]
        rows: list[list[object]] = [
            [
                a.number or a.id,
                a.title,
                a.deadline.text if a.deadline else "",
                a.lead_officer,
                a.resourcing.text if a.resourcing else "",
            ]
            for a in plan.actions_for(priority.id)
        ]
        out += [*_table(["Action", "Title", "Deadline", "Lead", "Resourced?"], rows), ""]
    if plan.indicators:
        periods = sorted({t.period for i in plan.indicators for t in i.targets})
        rows = []
        for indicator in plan.indicators:
            targets = [indicator.target_for(p) for p in periods]
            rows.append([indicator.code, indicator.title, *(t.value.text if t else "" for t in targets)])
        out += ["## Indicators", "", *_table(["Code", "Indicator", *(f"Target {p}" for p in periods)], rows), ""]
    if plan.risks:

        def score(risk: object, kind: str) -> object:
            assessment = getattr(risk, kind)
            return "" if assessment is None else assessment.score or f"{assessment.likelihood}×{assessment.impact}"

        rows = [[r.id, r.title, score(r, "current"), score(r, "target"), r.owner] for r in plan.risks]
        out += ["## Risks", "", *_table(["Id", "Risk", "Current", "Target", "Owner"], rows), ""]
    if plan.savings:
        rows = [
            [s.id, s.title, str(a.year), *("" if m is None else m for m in (a.target, a.forecast, a.delivered))]
            for s in plan.savings
            for a in s.amounts
        ]
        out += ["## Savings", "", *_table(["Id", "Saving", "Year", "Target", "Forecast", "Delivered"], rows), ""]
    findings = check(plan)
    if findings:
        out += ["## Checks", "", *(f"- {_cell(f)}" for f in findings), ""]
    return "\n".join(out)


@attrs.frozen(kw_only=True)
class MarkdownSerialiser:
    """Write-only Markdown report (``.md``); loading one raises :class:`~serviceplan.errors.LoadError`."""

    name: str = "markdown"
    suffixes: tuple[str, ...] = (".md",)
    binary: bool = False
    write_only: bool = True

    def dumps(self, plan: PlanLike) -> str:
        """The plan (or each plan of a set) as Markdown."""
        plans = plan.plans if isinstance(plan, PlanSet) else (plan,)
        return "\n\n".join(plan_markdown(p) for p in plans) + "\n"

    def loads(self, data: bytes, *, source: str | None = None) -> PlanLike:
        """Markdown is a report, not a data format: it cannot be read back."""
        raise LoadError([Problem("", "the markdown format is write-only: keep the plan in YAML or JSON")], source)


MARKDOWN = MarkdownSerialiser()
