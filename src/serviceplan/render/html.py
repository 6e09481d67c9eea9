"""Notebook display: HTML tables for a plan, a risk register, an indicator table and a savings rollup.

Jupyter shows any object with a ``_repr_html_`` method as HTML. The model
classes delegate here (lazily), so the model itself holds only facts; the
views below are small values you can also turn into DataFrames with
``to_frame()``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from serviceplan._optional import require
from serviceplan.calc.indicators import Direction, IndicatorStatus, direction_of_travel, indicator_status
from serviceplan.calc.savings import SavingsRollup
from serviceplan.checks import Severity, check
from serviceplan.errors import LevelError
from serviceplan.model import PlanSet, Risk, ServicePlan
from serviceplan.risk.matrix import Band, RiskMatrix, risk_matrix
from serviceplan.risk.register import HeatMap
from serviceplan.values.periods import FinancialYear, Period, Quarter
from serviceplan.values.vocab import AssessmentKind, Rag

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "IndicatorTable",
    "RiskRegister",
    "heat_map_html",
    "html_for",
    "indicator_table",
    "matrix_html",
    "plan_html",
    "risk_register",
    "savings_html",
    "table_html",
]

RAG_COLOURS = {Rag.RED: "#ff0000", Rag.AMBER: "#ffc000", Rag.GREEN: "#70ad47", Rag.NO_DATA: "#d9d9d9"}
"""Colours of red, amber, green and no data in tables and plots."""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def table_html(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    colours: Iterable[str | None] = (),
    caption: str | None = None,
) -> str:
    """An HTML table; ``colours`` gives a background per row (``None`` for none)."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{_e(caption)}</caption>")
    out.append("<tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>")
    colour_list = list(colours)
    for n, row in enumerate(rows):
        colour = colour_list[n] if n < len(colour_list) else None
        style = f' style="background:{_e(colour)}"' if colour else ""
        out.append(f"<tr{style}>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


def matrix_html(matrix: RiskMatrix, counts: Any) -> str:
    """An HTML table of the matrix, highest likelihood at the top; ``counts[l][i]`` shown instead of scores."""
    rows = [f"<table><caption>{html.escape(matrix.name)}</caption>"]
    header = "".join(f"<th>{html.escape(im.label)}</th>" for im in matrix.impact)
    rows.append(f"<tr><th>likelihood \\ impact</th>{header}</tr>")
    for lk in reversed(matrix.likelihood.levels):
        cells = []
        for im in matrix.impact:
            band = matrix.band(lk.number, im.number)
            shown = counts[lk.number - 1][im.number - 1] if counts is not None else matrix.score(lk.number, im.number)
            cells.append(
                f'<td style="background:{html.escape(band.colour)};text-align:center" '
                f'title="{html.escape(band.name)}">{shown}</td>'
            )
        rows.append(f"<tr><th>{html.escape(lk.label)}</th>{''.join(cells)}</tr>")
    rows.append("</table>")
    return "".join(rows)


def heat_map_html(heat: HeatMap) -> str:
    """A heat map: the matrix with the number of risks in each cell."""
    caption = f"{heat.kind.value} risks: {heat.total} placed"
    if heat.unplaced:
        caption += f", {len(heat.unplaced)} scored without levels"
    return f"<p>{html.escape(caption)}</p>" + matrix_html(heat.matrix, heat.counts)


def savings_html(rollup: SavingsRollup) -> str:
    """A savings rollup as a table: its keys, then target, forecast, delivered, gap, % delivered and weighted."""
    return table_html(
        [*rollup.by, "target", "forecast", "delivered", "gap", "% delivered", "weighted"],
        [
            (
                *row.key,
                row.target,
                row.forecast,
                row.delivered,
                row.gap,
                "" if row.percent_delivered is None else row.percent_delivered,
                row.weighted,
            )
            for row in rollup
        ],
        caption="Savings",
    )


def html_for(obj: object) -> str:
    """The notebook HTML of a plan, a risk matrix, a heat map or a savings rollup (their ``_repr_html_``).

    Raises:
        TypeError: an object this module does not draw.
    """
    if isinstance(obj, ServicePlan):
        return plan_html(obj)
    if isinstance(obj, RiskMatrix):
        return matrix_html(obj, None)
    if isinstance(obj, HeatMap):
        return heat_map_html(obj)
    if isinstance(obj, SavingsRollup):
        return savings_html(obj)
    raise TypeError(f"no HTML display for {type(obj).__name__}")


def plan_html(plan: ServicePlan) -> str:
    """A plan at a glance: what it is, how much is in it, and its priorities."""
    findings = check(plan)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    years = ", ".join(str(y) for y in plan.years) or "no financial year"
    head = f"<h3>{_e(plan.title)}</h3><p>{_e(plan.council or '')} · {_e(years)}</p>"
    counts = [
        ("priorities", len(plan.priorities)),
        ("actions", len(plan.actions)),
        ("indicators", len(plan.indicators)),
        ("risks", len(plan.risks)),
        ("savings", len(plan.savings)),
        ("check findings", f"{errors} errors, {len(findings) - errors} warnings"),
    ]
    summary = table_html(["", ""], counts)
    priorities = table_html(
        ["priority", "actions"],
        [(f"{p.number or p.id} {p.title}", len(plan.actions_for(p.id))) for p in plan.priorities],
        caption="Priorities",
    )
    return head + summary + priorities


# -- risk register ---------------------------------------------------------------------


@attrs.frozen
class RegisterRow:
    """A risk with its scores and band on the register's matrix."""

    plan: str
    risk: Risk
    score: int | None
    band: Band | None
    target: int | None


@attrs.frozen
class RiskRegister:
    """A register of risks scored on a matrix, highest score first (unscored last)."""

    matrix: RiskMatrix
    rows: tuple[RegisterRow, ...]

    def to_frame(self) -> pd.DataFrame:
        """The register as a DataFrame: plan, id, title, owner, score, band, target."""
        pd = require("pandas")

        return pd.DataFrame(
            {
                "plan": [r.plan for r in self.rows],
                "id": [r.risk.id for r in self.rows],
                "title": [r.risk.title for r in self.rows],
                "owner": [r.risk.owner for r in self.rows],
                "score": pd.array([r.score for r in self.rows], dtype="Int16"),
                "band": pd.Categorical(
                    [r.band.name if r.band else None for r in self.rows],
                    categories=list(self.matrix.band_names),
                    ordered=True,
                ),
                "target": pd.array([r.target for r in self.rows], dtype="Int16"),
            }
        )

    def _repr_html_(self) -> str:
        return table_html(
            ["id", "risk", "owner", "score", "band", "target"],
            [
                (
                    r.risk.id,
                    r.risk.title,
                    r.risk.owner,
                    r.score if r.score is not None else "not scored",
                    r.band.name if r.band else "",
                    r.target if r.target is not None else "",
                )
                for r in self.rows
            ],
            colours=[r.band.colour if r.band else None for r in self.rows],
            caption=f"Risk register ({self.matrix.name})",
        )


def risk_register(register: ServicePlan | PlanSet, matrix: RiskMatrix | None = None) -> RiskRegister:
    """The register's risks with current score, band and target score, highest first.

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    >>> reg = risk_register(plan)
    >>> [(r.risk.id, r.score, r.band.name if r.band else None) for r in reg.rows][:2]
    [('D', 16, 'High'), ('G', 12, 'High')]
    """
    matrix = matrix or risk_matrix("5x5")
    rows = []
    for plan in register.plans if isinstance(register, PlanSet) else (register,):
        for risk in plan.risks:
            current = risk.assessment(AssessmentKind.CURRENT)
            target = risk.assessment(AssessmentKind.TARGET)
            try:
                score = matrix.score_assessment(current) if current else None
                band = matrix.band_assessment(current) if current else None
            except LevelError:
                score, band = (current.score if current else None), None
            target_score = (
                target.score
                if target and target.score is not None
                else (matrix.score_assessment(target) if target else None)
            )
            rows.append(RegisterRow(plan.id, risk, score, band, target_score))
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0)))
    return RiskRegister(matrix, tuple(rows))


# -- indicators ---------------------------------------------------------------------------


@attrs.frozen
class IndicatorRow:
    """An indicator's target, actual, RAG and direction for the table's period."""

    code: str
    title: str
    target_text: str | None
    actual_text: str | None
    status: IndicatorStatus
    direction: Direction


@attrs.frozen
class IndicatorTable:
    """Indicators for one period, with RAG and direction of travel."""

    period: Period
    rows: tuple[IndicatorRow, ...]

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame (values as printed; RAG, reason and direction as words)."""
        pd = require("pandas")

        return pd.DataFrame(
            {
                "code": [r.code for r in self.rows],
                "title": [r.title for r in self.rows],
                "target": [r.target_text for r in self.rows],
                "actual": [r.actual_text for r in self.rows],
                "rag": [r.status.rag.value for r in self.rows],
                "reason": [r.status.reason.value for r in self.rows],
                "direction": [r.direction.value for r in self.rows],
            }
        )

    def _repr_html_(self) -> str:
        return table_html(
            ["code", "indicator", "target", "actual", "RAG", "direction"],
            [
                (
                    r.code,
                    r.title,
                    r.target_text,
                    r.actual_text,
                    f"{r.status.rag.value} ({r.status.reason.value.replace('_', ' ')})",
                    r.direction.value.replace("_", " "),
                )
                for r in self.rows
            ],
            colours=[RAG_COLOURS[r.status.rag] for r in self.rows],
            caption=f"Indicators, {self.period}",
        )


def indicator_table(plan: ServicePlan, period: Period | FinancialYear | Quarter | str) -> IndicatorTable:
    """The plan's indicators for one period with RAG and direction of travel."""
    if isinstance(period, str):
        period = Period.parse(period)
    elif not isinstance(period, Period):
        period = Period.of(period)
    rows = []
    for indicator in plan.indicators:
        target = indicator.target_for(period)
        actual = indicator.actual_for(period)
        rows.append(
            IndicatorRow(
                indicator.code,
                indicator.title,
                target.value.text if target else None,
                actual.value.text if actual else None,
                indicator_status(indicator, period, default_tolerance=plan.policy.tolerance),
                direction_of_travel(indicator, period),
            )
        )
    return IndicatorTable(period, tuple(rows))
