"""Notebook display: HTML tables for a plan, a risk register, an indicator table and a savings rollup.

Jupyter shows any object with a ``_repr_html_`` method as HTML. The model
classes delegate here (lazily), so the model itself holds only facts; the
views below are small values you can also turn into DataFrames with
``to_frame()``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from serviceplan._optional import require
from serviceplan.calc.actions import ActionTracking, TrackingState, action_status, latest_updates, plan_date
from serviceplan.calc.indicators import Direction, IndicatorStatus, direction_of_travel, indicator_status
from serviceplan.calc.savings import SavingsRollup
from serviceplan.checks import Severity, check
from serviceplan.errors import LevelError
from serviceplan.model import Action, Indicator, PlanSet, Risk, ServicePlan
from serviceplan.render.svg import safe_colour, text_colour
from serviceplan.render.words import BADGE_COLOURS, words
from serviceplan.risk.matrix import Band, RiskMatrix, risk_matrix
from serviceplan.risk.register import HeatMap
from serviceplan.values.periods import FinancialYear, Period, Quarter
from serviceplan.values.vocab import AssessmentKind, Rag

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "RAG_COLOURS",
    "ActionTable",
    "IndicatorTable",
    "Markup",
    "RiskRegister",
    "action_html",
    "action_table",
    "badge",
    "band_badge",
    "heat_map_html",
    "html_for",
    "indicator_html",
    "indicator_table",
    "matrix_html",
    "plan_html",
    "risk_html",
    "risk_register",
    "savings_html",
    "table_html",
]

RAG_COLOURS = {Rag.RED: "#e06666", Rag.AMBER: "#f6b26b", Rag.GREEN: "#93c47d", Rag.NO_DATA: "#cccccc"}
"""Colours of red, amber, green and no data in plots: mid tones, each labelled in words beside it."""

_TABLE = 'style="border-collapse:collapse;margin:4px 0 10px 0;font-size:0.92em"'
_TH = 'style="text-align:left;vertical-align:bottom;padding:3px 10px;border-bottom:2px solid #9e9e9e"'
_TD = 'style="text-align:left;vertical-align:top;padding:3px 10px;border-bottom:1px solid #e3e3e3"'
_CAPTION = 'style="text-align:left;font-weight:600;padding:2px 0 4px 0;caption-side:top"'


class Markup(str):
    """Text that is already HTML: a cell that ``table_html`` puts in as it is (a badge, a list)."""

    __slots__ = ()


def _e(value: object) -> str:
    if isinstance(value, Markup):
        return value
    return html.escape("" if value is None else str(value))


def badge(rag: Rag, detail: str | None = None) -> Markup:
    """A RAG as a small labelled badge in calm colours: the word always, the colour beside it.

    >>> print(badge(Rag.AMBER, "within tolerance"))
    <span class="sp-rag sp-amber" style="...">Amber · within tolerance</span>
    """
    fill, ink, border = BADGE_COLOURS[rag]
    text = words(rag) if detail is None else f"{words(rag)} · {detail}"
    style = (
        f"background:{fill};color:{ink};border:1px solid {border};border-radius:3px;"
        "padding:0 6px;white-space:nowrap;font-weight:600"
    )
    return Markup(f'<span class="sp-rag sp-{rag.value.replace("_", "-")}" style="{style}">{_e(text)}</span>')


def band_badge(band: Band | None) -> Markup:
    """A risk band as its name beside a swatch of the matrix's colour for it."""
    if band is None:
        return Markup("")
    swatch = (
        f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:2px;margin-right:5px;'
        f'vertical-align:-0.05em;background:{safe_colour(band.colour)};border:1px solid #9e9e9e"></span>'
    )
    return Markup(f'<span class="sp-band" style="white-space:nowrap">{swatch}{_e(band.name)}</span>')


def table_html(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
) -> str:
    """An HTML table, text left-aligned; a :class:`Markup` cell goes in as it is, any other is escaped."""
    out = [f'<table class="sp-table" {_TABLE}>']
    if caption:
        out.append(f"<caption {_CAPTION}>{_e(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th {_TH}>{_e(h)}</th>" for h in header) + "</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td {_TD}>{_e(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cell(fill: str, content: str, title: str) -> str:
    return (
        f'<td title="{_e(title)}" style="background:{fill};color:{text_colour(fill)};text-align:center;'
        f'vertical-align:middle;min-width:4.5em;height:2.6em;padding:2px 4px;border:2px solid #ffffff">{content}</td>'
    )


def matrix_html(matrix: RiskMatrix, cells: Any = None) -> str:
    """The matrix as a table, highest likelihood at the top, each cell in its band's colour.

    ``cells[l - 1][i - 1]`` is shown in a cell if given (the risk ids of a heat
    map), otherwise the cell's score.
    """
    rows = [
        f'<table class="sp-matrix" style="border-collapse:collapse"><caption {_CAPTION}>{_e(matrix.name)}</caption>'
    ]
    header = "".join(f"<th {_TH}>{_e(im.label)}</th>" for im in matrix.impact)
    rows.append(f"<tr><th {_TH}>likelihood \\ impact</th>{header}</tr>")
    for lk in reversed(matrix.likelihood.levels):
        out = []
        for im in matrix.impact:
            band = matrix.band(lk.number, im.number)
            fill = safe_colour(band.colour)
            if cells is None:
                content = _e(matrix.score(lk.number, im.number))
            else:
                shown = cells[lk.number - 1][im.number - 1]
                content = _e(", ".join(shown)) if isinstance(shown, tuple) else _e(shown or "")
            out.append(_cell(fill, content, f"{lk.label} × {im.label}: {band.name}"))
        rows.append(f"<tr><th {_TH}>{_e(lk.label)}</th>{''.join(out)}</tr>")
    rows.append("</table>")
    return "".join(rows)


def heat_map_html(heat: HeatMap) -> str:
    """A heat map: the matrix with the ids of the risks in each cell, and the risks it could not place."""
    caption = f"{words(heat.kind)} risks: {heat.total} placed"
    notes = []
    if heat.unplaced:
        notes.append(f"scored without likelihood and impact: {', '.join(heat.unplaced)}")
    if heat.not_scored:
        notes.append(f"no {words(heat.kind)} assessment: {', '.join(heat.not_scored)}")
    shown = heat.cells if heat.cells else heat.counts
    body = f"<p>{_e(caption)}</p>" + matrix_html(heat.matrix, shown)
    return body + "".join(f'<p style="margin:2px 0">{_e(n)}</p>' for n in notes)


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
    """The notebook HTML of a plan, a risk, an action, an indicator, a matrix, a heat map or a rollup.

    Their ``_repr_html_`` calls this, so Jupyter shows each of them as a table.

    Raises:
        TypeError: an object this module does not draw.
    """
    if isinstance(obj, ServicePlan):
        return plan_html(obj)
    if isinstance(obj, Risk):
        return risk_html(obj)
    if isinstance(obj, Action):
        return action_html(obj)
    if isinstance(obj, Indicator):
        return indicator_html(obj)
    if isinstance(obj, RiskMatrix):
        return matrix_html(obj, None)
    if isinstance(obj, HeatMap):
        return heat_map_html(obj)
    if isinstance(obj, SavingsRollup):
        return savings_html(obj)
    raise TypeError(f"no HTML display for {type(obj).__name__}")


def _heading(text: str, detail: str = "") -> str:
    more = f' <span style="font-weight:400;color:#555">{_e(detail)}</span>' if detail else ""
    return f'<div style="font-weight:600;font-size:1.05em;margin:2px 0 4px 0">{_e(text)}{more}</div>'


def _facts(pairs: Iterable[tuple[str, object]]) -> str:
    shown = [(k, v) for k, v in pairs if v not in (None, "", ())]
    return table_html(["", ""], shown) if shown else ""


def risk_html(risk: Risk, matrix: RiskMatrix | None = None) -> str:
    """One risk: what it is, who owns it, each assessment with its band, its controls and actions."""
    matrix = matrix or risk_matrix("5x5")
    rows = []
    for a in risk.assessments:
        try:
            score: object = matrix.score_assessment(a)
            band = band_badge(matrix.band_assessment(a))
        except LevelError as err:
            score, band = a.score, Markup(_e(f"cannot band on {matrix.name}: {err}"))
        rows.append((words(a.kind), a.assessed or "", a.likelihood or "", a.impact or "", score, band))
    out = [_heading(f"{risk.id}. {risk.title}", risk.category or "")]
    out.append(_facts([("owner", risk.owner), ("description", risk.description), ("deadline", _text(risk.deadline))]))
    if rows:
        out.append(table_html(["assessment", "when", "likelihood", "impact", "score", "band"], rows))
    if risk.controls:
        out.append(table_html(["what we do now"], [(c,) for c in risk.controls]))
    if risk.actions:
        out.append(
            table_html(
                ["what we are going to do", "deadline"], [(a.what, _text(a.deadline) or "") for a in risk.actions]
            )
        )
    return "".join(out)


def _text(value: object) -> str | None:
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else (None if value is None else str(value))


def action_html(action: Action) -> str:
    """One action: its deadline as printed, lead, resourcing, priorities, milestones and updates."""
    out = [_heading(f"{action.number or action.id} {action.title}")]
    resourcing = action.resourcing
    out.append(
        _facts(
            [
                ("deadline", _text(action.deadline)),
                ("lead officer", action.lead_officer),
                ("is it resourced?", resourcing.text or words(resourcing.status) if resourcing else None),
                ("priorities", ", ".join(action.priorities)),
                ("outcome", action.outcome),
                ("status", words(action.status) if action.status is not None else None),
            ]
        )
    )
    if action.milestones:
        out.append(table_html(["milestone", "deadline"], [(m.what, _text(m.deadline)) for m in action.milestones]))
    if action.updates:
        out.append(table_html(["period", "by", "update"], [(u.period, u.by or "", u.text) for u in action.updates]))
    return "".join(out)


def indicator_html(indicator: Indicator) -> str:
    """One indicator: code, title, which way is better, and its targets and actuals per period."""
    periods = sorted({t.period for t in indicator.targets} | {m.period for m in indicator.measurements})
    rows = []
    for period in periods:
        target = indicator.target_for(period)
        actual = indicator.actual_for(period)
        status = indicator_status(indicator, period)
        rows.append(
            (
                period,
                target.value.text if target else "",
                actual.value.text if actual else "",
                badge(status.rag, words(status.reason)),
            )
        )
    polarity = words(indicator.polarity) if indicator.polarity is not None else "not stated"
    out = [_heading(f"{indicator.code} {indicator.title}", f"better: {polarity}")]
    if rows:
        out.append(table_html(["period", "target", "actual", "RAG"], rows))
    return "".join(out)


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
                    band_badge(r.band),
                    r.target if r.target is not None else "",
                )
                for r in self.rows
            ],
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
                    badge(r.status.rag, words(r.status.reason)),
                    words(r.direction, arrow=True),
                )
                for r in self.rows
            ],
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
                indicator_status(indicator, period, plan=plan),
                direction_of_travel(indicator, period, plan=plan),
            )
        )
    return IndicatorTable(period, tuple(rows))


# -- actions ------------------------------------------------------------------------------


@attrs.frozen
class ActionRow:
    """An action with where it stands at the table's date and its latest update."""

    action: Action
    tracking: ActionTracking
    latest: str | None


_STATE_RAG = {
    TrackingState.COMPLETE: Rag.GREEN,
    TrackingState.ON_TRACK: Rag.GREEN,
    TrackingState.DUE_SOON: Rag.AMBER,
    TrackingState.BEHIND: Rag.AMBER,
    TrackingState.OVERDUE: Rag.RED,
}


@attrs.frozen
class ActionTable:
    """A plan's actions as at a date: deadline as printed, lead, where each stands, latest update."""

    as_of: date
    as_of_reason: str
    rows: tuple[ActionRow, ...]

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame: id, number, title, deadline (as printed), due, lead, state, days, update."""
        pd = require("pandas")

        return pd.DataFrame(
            {
                "id": pd.array([r.action.id for r in self.rows], dtype="string"),
                "number": pd.array([r.action.number for r in self.rows], dtype="string"),
                "title": pd.array([r.action.title for r in self.rows], dtype="string"),
                "deadline": pd.array([_text(r.action.deadline) for r in self.rows], dtype="string"),
                "due": pd.to_datetime(pd.Series([r.tracking.due for r in self.rows], dtype="object")),
                "lead_officer": pd.array([r.action.lead_officer for r in self.rows], dtype="string"),
                "state": pd.Categorical([r.tracking.state.value for r in self.rows], categories=list(TrackingState)),
                "days": pd.array([r.tracking.days for r in self.rows], dtype="Int64"),
                "latest_update": pd.array([r.latest for r in self.rows], dtype="string"),
            }
        )

    def _repr_html_(self) -> str:
        rows = []
        for r in self.rows:
            state = r.tracking.state
            shown = words(state)
            if state in (TrackingState.OVERDUE, TrackingState.BEHIND) and r.tracking.days is not None:
                shown += f" ({r.tracking.days} days)"
            rag = _STATE_RAG.get(state)
            rows.append(
                (
                    r.action.number or r.action.id,
                    r.action.title,
                    _text(r.action.deadline) or "",
                    r.action.lead_officer or "",
                    badge(rag, shown) if rag is not None else shown,
                    r.latest or "",
                )
            )
        return table_html(
            ["no.", "action", "deadline", "lead", "where it stands", "latest update"],
            rows,
            caption=f"Actions as at {self.as_of:%d %B %Y} ({self.as_of_reason})",
        )


def action_table(plan: ServicePlan, as_of: date | None = None) -> ActionTable:
    """The plan's actions as at ``as_of`` (default: the plan's own date, see :func:`~serviceplan.calc.plan_date`).

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    >>> table = action_table(plan)
    >>> table.as_of_reason, len(table.rows) == len(plan.actions)
    ('the end of its first financial year, 2009/10', True)
    """
    if as_of is None:
        as_of, reason = plan_date(plan)
    else:
        reason = "the date asked for"
    rows = []
    for action in plan.actions:
        updates = latest_updates(action)
        rows.append(ActionRow(action, action_status(action, as_of), updates[-1].text if updates else None))
    return ActionTable(as_of, reason, tuple(rows))
