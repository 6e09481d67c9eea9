"""Plots (optional extra ``plot``): matplotlib is imported inside each function."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from serviceplan.calc.risk import HeatMap
from serviceplan.errors import MissingDependencyError
from serviceplan.risk_matrix import RiskMatrix

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_heatmap"]


def _pyplot_free_figure() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError("plots need matplotlib: pip install 'serviceplan[plot]'") from None
    return Figure


def plot_heatmap(data: HeatMap | RiskMatrix, *, ax: Axes | None = None, title: str | None = None) -> Figure:
    """Draw a risk heat map (counts per cell) or a matrix (scores per cell), coloured by band.

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
            value = (
                heat.counts[lk.number - 1][im.number - 1] if heat is not None else matrix.score(lk.number, im.number)
            )
            if heat is None or value:
                ax.text(x + 0.5, y + 0.5, str(value), ha="center", va="center", fontsize=12, weight="bold")
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
