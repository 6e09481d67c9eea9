"""Hand-written SVG for documents: a grouped bar chart and a risk heat map with ids in its cells.

No plotting library: the SVG is text, inline in the page, so a printed or
emailed report carries its charts with it and fetches nothing. Every piece of
text is XML-escaped, and a colour taken from data (a council's own matrix) is
used only when it is a plain colour (``#rgb``, ``#rrggbb`` or a colour name);
anything else draws grey.

Each chart is an image with a name (``role="img"``, ``<title>`` and ``<desc>``)
and its values written on it in words and figures, not in colour alone.

>>> from decimal import ROUND_CEILING, Decimal
>>> from serviceplan.render.svg import bar_chart
>>> svg = bar_chart(["2010/11"], [("Target", "#1f4e79", [Decimal(350000)])], title="Savings <by year>")
>>> svg.startswith("<svg") and "Savings &lt;by year&gt;" in svg and "£350k" in svg
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_CEILING, Decimal

from serviceplan.risk.matrix import RiskMatrix

__all__ = ["bar_chart", "heat_map_svg", "money_label", "safe_colour", "text_colour"]

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_NAME = re.compile(r"[a-zA-Z]{3,20}")
_GREY = "#d9d9d9"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def safe_colour(colour: str | None) -> str:
    """``colour`` when it is a plain CSS colour (``#rgb``, ``#rrggbb``, a name), else grey.

    >>> from serviceplan.render.svg import safe_colour
    >>> safe_colour("#c00000"), safe_colour("red"), safe_colour('red" onload="x'), safe_colour(None)
    ('#c00000', 'red', '#d9d9d9', '#d9d9d9')
    """
    if colour is None:
        return _GREY
    colour = colour.strip()
    if _HEX.fullmatch(colour) or _NAME.fullmatch(colour):
        return colour
    return _GREY


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (a ``#rgb``/``#rrggbb`` colour; black otherwise).

    >>> from serviceplan.render.svg import text_colour
    >>> text_colour("#ffc000"), text_colour("#c00000"), text_colour("red")
    ('#000000', '#ffffff', '#000000')
    """
    if not _HEX.fullmatch(fill):
        return "#000000"
    digits = fill[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[n : n + 2], 16) / 255 for n in (0, 2, 4))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    # contrast against black (L + 0.05) / 0.05 versus against white 1.05 / (L + 0.05)
    return "#000000" if (luminance + 0.05) ** 2 > 0.05 * 1.05 else "#ffffff"


def money_label(amount: Decimal) -> str:
    """A short label for an amount of pounds: £1.2m, £350k, £900.

    >>> from serviceplan.render.svg import money_label
    >>> money_label(Decimal("1250000")), money_label(Decimal(350000))
    ('£1.25m', '£350k')
    >>> money_label(Decimal("-900")), money_label(Decimal(0))
    ('-£900', '£0')
    """
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "m"
    elif value >= 1_000:
        text = f"{value / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
    else:
        text = f"{value:.0f}"
    return f"{sign}£{text}"


def bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[Decimal]]],
    *,
    title: str,
    label: Callable[[Decimal], str] = money_label,
    width: int = 640,
    height: int = 280,
) -> str:
    """A grouped bar chart: one group per category, one bar per series, each bar labelled with its value.

    Args:
        categories: the groups along the bottom (financial years).
        series: ``(name, colour, values)``, one value per category.
        title: the chart's name (its ``<title>``).
        label: how a value is written above its bar.
        width: the width in SVG units (the chart scales to its container).
        height: the height in SVG units.

    Negative values are drawn from zero as zero-height bars, their label still written.
    """
    left, right, top, bottom = 64, 12, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([v for _, _, values in series for v in values if v > 0] or [Decimal(1)])
    step = _nice_step(top_value)
    ticks = max(1, int((top_value / step).to_integral_value(rounding=ROUND_CEILING)))
    scale_max = step * ticks
    desc = "; ".join(
        f"{cat}: " + ", ".join(f"{name} {label(values[n])}" for name, _, values in series)
        for n, cat in enumerate(categories)
    )
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" class="chart" preserveAspectRatio="xMidYMid meet">',
        f"<title>{_e(title)}</title>",
        f"<desc>{_e(desc)}</desc>",
    ]
    for tick in range(ticks + 1):
        y = top + plot_h - plot_h * tick / ticks
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#bfbfbf"/>')
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{_e(label(step * tick))}</text>'
        )
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for n, category in enumerate(categories):
        x0 = left + group_w * n + group_w * 0.1
        for s, (name, colour, values) in enumerate(series):
            value = values[n]
            shown = max(value, Decimal(0))
            h = float(shown / scale_max) * plot_h if scale_max else 0.0
            x = x0 + bar_w * s
            y = top + plot_h - h
            fill = safe_colour(colour)
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w * 0.92:.1f}" height="{h:.1f}" fill="{fill}" '
                f'stroke="#404040" stroke-width="0.5"><title>{_e(f"{category} {name}: {label(value)}")}</title></rect>'
            )
            out.append(
                f'<text x="{x + bar_w * 0.46:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="10">'
                f"{_e(label(value))}</text>"
            )
        out.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="12">'
            f"{_e(category)}</text>"
        )
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#000000"/>')
    x = left
    for name, colour, _ in series:
        out.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{safe_colour(colour)}" stroke="#404040" '
            f'stroke-width="0.5"/><text x="{x + 16}" y="16" font-size="12">{_e(name)}</text>'
        )
        x += 24 + 8 * len(name)
    out.append("</svg>")
    return "".join(out)


def _nice_step(top: Decimal) -> Decimal:
    """A round step (1, 2 or 5 times a power of ten) giving about four gridlines up to ``top``."""
    rough = top / 4
    power = Decimal(10) ** (len(str(int(rough))) - 1) if rough >= 1 else Decimal(1)
    for factor in (1, 2, 5, 10):
        if rough <= power * factor:
            return power * factor
    return power * 10  # pragma: no cover - factor 10 always covers rough


def _fill(ids: Sequence[str], chars: int, lines: int) -> tuple[list[str], int]:
    """Ids set in at most ``lines`` lines of ``chars`` characters (a long id cut with "…"), and how many did not fit.

    >>> _fill(["A", "B", "C", "averyveryverylongid"], 5, 2)
    (['A B C', 'aver…'], 0)
    >>> _fill(["A", "B", "C"], 3, 1)
    (['A B'], 1)
    """
    rows: list[str] = []
    placed = 0
    for risk_id in ids:
        text = risk_id if len(risk_id) <= chars else risk_id[: chars - 1] + "\u2026"
        if rows and len(rows[-1]) + 1 + len(text) <= chars:
            rows[-1] += " " + text
        elif len(rows) < lines:
            rows.append(text)
        else:
            break
        placed += 1
    return rows, len(ids) - placed


def heat_map_svg(
    matrix: RiskMatrix,
    cells: Mapping[tuple[int, int], Sequence[str]],
    *,
    title: str,
    cell: int = 92,
) -> str:
    """The matrix as a grid, highest likelihood at the top, each cell coloured by its band and holding its risk ids.

    Args:
        matrix: the matrix drawn (its scales, bands and colours).
        cells: risk ids per ``(likelihood, impact)`` level number.
        title: the chart's name.
        cell: the side of a cell in SVG units.

    A cell holding more ids than fit shows the first ones and "+n more"; its
    ``<title>`` lists them all. The legend names every band in words.
    """
    rows, cols = len(matrix.likelihood), len(matrix.impact)
    left, top = 120, 30
    width = left + cols * cell + 10
    legend_y = top + rows * cell + 50
    height = legend_y + 30
    placed = sum(len(ids) for ids in cells.values())
    desc = f"{placed} risk(s) placed by likelihood and impact. " + "; ".join(
        f"likelihood {lk} {matrix.likelihood.levels[lk - 1].label}, impact {im} {matrix.impact.levels[im - 1].label}: "
        + ", ".join(ids)
        for (lk, im), ids in sorted(cells.items())
        if ids
    )
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" class="heatmap" preserveAspectRatio="xMidYMid meet">',
        f"<title>{_e(title)}</title>",
        f"<desc>{_e(desc)}</desc>",
    ]
    chars = max(3, (cell - 8) // 8)  # bold 12-unit text: about 8 units a character
    lines = max(1, (cell - 38) // 14)
    for r, lk in enumerate(reversed(matrix.likelihood.levels)):
        y = top + r * cell
        out.append(
            f'<text x="{left - 6}" y="{y + cell / 2 + 4:.0f}" text-anchor="end" font-size="11">'
            f"{lk.number} {_e(lk.label)}</text>"
        )
        for c, im in enumerate(matrix.impact.levels):
            x = left + c * cell
            band = matrix.band(lk.number, im.number)
            fill = safe_colour(band.colour)
            ink = text_colour(fill)
            ids = list(cells.get((lk.number, im.number), ()))
            score = matrix.score(lk.number, im.number)
            tip = f"likelihood {lk.number}, impact {im.number}, score {score}, {band.name}"
            if ids:
                tip += ": " + ", ".join(ids)
            out.append(
                f'<g class="cell"><rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="2"/><title>{_e(tip)}</title>'
                f'<text x="{x + cell - 4}" y="{y + 12}" text-anchor="end" font-size="9" fill="{ink}">'
                f"{score} {_e(band.name[:1])}</text>"
            )
            rows_of_ids, left_out = _fill(ids, chars, lines)
            for n, chunk in enumerate(rows_of_ids):
                out.append(
                    f'<text x="{x + cell / 2:.0f}" y="{y + 30 + 14 * n}" text-anchor="middle" '
                    f'font-size="12" font-weight="bold" fill="{ink}">{_e(chunk)}</text>'
                )
            if left_out:
                out.append(
                    f'<text x="{x + cell / 2:.0f}" y="{y + cell - 6}" text-anchor="middle" font-size="10" '
                    f'fill="{ink}">+{left_out} more</text>'
                )
            out.append("</g>")
    for c, im in enumerate(matrix.impact.levels):
        out.append(
            f'<text x="{left + c * cell + cell / 2:.0f}" y="{top + rows * cell + 16}" text-anchor="middle" '
            f'font-size="11">{im.number} {_e(im.label[:14])}</text>'
        )
    out.append(
        f'<text x="{left + cols * cell / 2:.0f}" y="{top + rows * cell + 34}" text-anchor="middle" font-size="12">'
        f"{_e(matrix.impact.name)}</text>"
    )
    out.append(f'<text x="12" y="{top - 10}" font-size="12">{_e(matrix.likelihood.name)} \u2191</text>')
    x = left
    for band in matrix.bands:
        fill = safe_colour(band.colour)
        out.append(
            f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{fill}" stroke="#404040" stroke-width="0.5"/>'
            f'<text x="{x + 18}" y="{legend_y + 12}" font-size="12">{_e(band.name)}</text>'
        )
        x += 34 + 8 * len(band.name)
    out.append("</svg>")
    return "".join(out)
