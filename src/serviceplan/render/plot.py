"""Plots (optional extra ``plot``): matplotlib is imported inside each function."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from serviceplan._optional import require
from serviceplan.model import PlanSet, ServicePlan
from serviceplan.risk.matrix import RiskMatrix
from serviceplan.risk.register import HeatMap
from serviceplan.values.periods import FinancialYear, Period, Quarter

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PeriodLike", "plot_heatmap", "plot_indicator_rag", "plot_savings"]


def _pyplot_free_figure() -> Any:
    return require("matplotlib.figure", purpose="plotting").Figure


def plot_heatmap(data: HeatMap | RiskMatrix, *, ax: Axes | None = None, title: str | None = None) -> Figure:
    """Draw a risk heat map (the ids of the risks in each cell) or a matrix (scores per cell), coloured by band.

    The highest likelihood is at the top, the highest impact on the right.
    Returns the matplotlib Figure (a new one unless ``ax`` is given); no
    pyplot state is touched, so it is safe in scripts, servers and threads.
    """
    heat = data if isinstance(data, HeatMap) else None
    matrix: RiskMatrix = heat.matrix if heat is not None else data  # type: ignore[assignment]
    if ax is None:
        figure = _pyplot_free_figure()(figsize=(1.4 * len(matrix.impact) + 2, 1.0 * len(matrix.likelihood) + 1.5))
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    rows = len(matrix.likelihood)
    for lk in matrix.likelihood:
        for im in matrix.impact:
            band = matrix.band(lk.number, im.number)
            x, y = im.number - 1, lk.number - 1
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=to_rgba(band.colour), edgecolor="white", linewidth=2))
            if heat is None:
                shown = str(matrix.score(lk.number, im.number))
            elif heat.cells:
                shown = _wrapped_ids(heat.cells[lk.number - 1][im.number - 1])
            else:
                count = heat.counts[lk.number - 1][im.number - 1]
                shown = str(count) if count else ""
            if shown:
                size = 12 if heat is None or len(shown) <= 3 else 8
                ax.text(x + 0.5, y + 0.5, shown, ha="center", va="center", fontsize=size, weight="bold")
    ax.set_xlim(0, len(matrix.impact))
    ax.set_ylim(0, rows)
    ax.set_xticks([n + 0.5 for n in range(len(matrix.impact))], [im.label for im in matrix.impact], rotation=30)
    ax.set_yticks([n + 0.5 for n in range(rows)], [lk.label for lk in matrix.likelihood])
    ax.set_xlabel("impact")
    ax.set_ylabel("likelihood")
    ax.set_aspect("equal")
    default = f"{matrix.name}: {heat.kind.value} risks ({heat.total})" if heat is not None else matrix.name
    ax.set_title(title if title is not None else default)
    figure.tight_layout()
    return figure  # type: ignore[no-any-return]


PeriodLike = Period | Quarter | FinancialYear | str
"""A period as a value or as text: ``"2009/10"``, ``"2010/11 Q1"``, ``FinancialYear(2009)``."""


def plot_indicator_rag(
    plan: ServicePlan,
    periods: PeriodLike | Sequence[PeriodLike] | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """A grid of each indicator's RAG over periods (quarters or years), coloured red, amber, green or grey.

    ``periods`` is one period or a sequence of them, each a value or text
    (``"2009/10"``, ``["2009/10", "2010/11 Q1"]``); it defaults to every period
    with a target or an actual. Returns the Figure.
    """
    from matplotlib.patches import Patch, Rectangle

    from serviceplan.calc.indicators import indicator_status
    from serviceplan.render.html import RAG_COLOURS
    from serviceplan.render.words import words

    if periods is None:
        chosen = sorted(
            {t.period for i in plan.indicators for t in i.targets}
            | {m.period for i in plan.indicators for m in i.measurements}
        )
    elif isinstance(periods, (str, Period, Quarter, FinancialYear)):
        chosen = [_as_period(periods)]  # one period, never iterated character by character
    else:
        chosen = [_as_period(p) for p in periods]
    indicators = plan.indicators
    figure, ax = _figure_and_axes(ax, (1.6 * len(chosen) + 3, 0.3 * len(indicators) + 1.5))
    for row, indicator in enumerate(reversed(indicators)):
        for column, period in enumerate(chosen):
            status = indicator_status(indicator, period, default_tolerance=plan.policy.tolerance)
            ax.add_patch(Rectangle((column, row), 1, 1, facecolor=RAG_COLOURS[status.rag], edgecolor="white"))
    ax.set_xlim(0, max(len(chosen), 1))
    ax.set_ylim(0, max(len(indicators), 1))
    ax.set_xticks([n + 0.5 for n in range(len(chosen))], [str(p) for p in chosen])
    ax.set_yticks([n + 0.5 for n in range(len(indicators))], [i.code for i in reversed(indicators)], fontsize=7)
    ax.legend(
        handles=[Patch(color=c, label=words(r)) for r, c in RAG_COLOURS.items()],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
    )
    ax.set_title(title if title is not None else f"{plan.title}: indicator RAG")
    figure.tight_layout()
    return figure  # type: ignore[no-any-return]


def plot_savings(
    plans: ServicePlan | PlanSet, *, by: str = "unit", ax: Axes | None = None, title: str | None = None
) -> Figure:
    """Savings target against delivered, as paired bars by ``by`` (unit, workstream, year, plan …).

    Bar heights are pounds drawn as floats; the numbers themselves stay exact in
    :func:`~serviceplan.savings_rollup`. Returns the Figure.
    """
    from serviceplan.calc.savings import savings_rollup

    rows = savings_rollup(plans, [by])
    labels = [str(row.key[0]) if row.key[0] is not None else "(none)" for row in rows]
    figure, ax = _figure_and_axes(ax, (max(4.0, 1.2 * len(rows) + 2), 4.0))
    positions = range(len(rows))
    ax.bar(
        [p - 0.2 for p in positions], [float(r.target.amount) for r in rows], width=0.4, label="target", color="#a6a6a6"
    )
    ax.bar(
        [p + 0.2 for p in positions],
        [float(r.delivered.amount) for r in rows],
        width=0.4,
        label="delivered",
        color="#70ad47",
    )
    ax.set_xticks(list(positions), labels, rotation=30, ha="right")
    ax.set_ylabel("£")
    ax.yaxis.set_major_formatter(lambda value, _: f"£{value:,.0f}")
    ax.legend()
    ax.set_title(title if title is not None else f"Savings by {by}: target and delivered")
    figure.tight_layout()
    return figure  # type: ignore[no-any-return]


def _wrapped_ids(ids: Sequence[str], per_line: int = 3) -> str:
    lines = [", ".join(ids[n : n + per_line]) for n in range(0, len(ids), per_line)]
    return "\n".join(lines)


def _as_period(value: PeriodLike) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        return Period.parse(value)
    return Period.of(value)


def _figure_and_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Any, Any]:
    if ax is None:
        figure = _pyplot_free_figure()(figsize=size)
        return figure, figure.add_subplot()
    return ax.figure, ax
