"""Presentation: what a person reads. Notebook HTML, the text report, the quarterly progress
report, Markdown and plots.

The top layer but one (only ``serviceplan.cli`` is above it): it reads the model, the
calculations, the risk engine and the checks, and nothing below imports it. matplotlib is
imported only by the plots.
"""

from __future__ import annotations

from serviceplan.render.html import (
    ActionTable,
    IndicatorTable,
    RiskRegister,
    action_html,
    action_table,
    badge,
    heat_map_html,
    html_for,
    indicator_html,
    indicator_table,
    matrix_html,
    plan_html,
    risk_html,
    risk_register,
    savings_html,
    table_html,
)
from serviceplan.render.markdown import (
    MARKDOWN,
    MarkdownSerialiser,
    plan_markdown,
)
from serviceplan.render.pack import (
    parse_quarter,
    quarterly_pack,
    write_pack,
)
from serviceplan.render.plot import (
    plot_heatmap,
    plot_indicator_rag,
    plot_savings,
)
from serviceplan.render.progress import (
    ActionLine,
    IndicatorLine,
    PriorityLine,
    QuarterlyReport,
    quarterly_report,
)
from serviceplan.render.text import (
    text_report,
)
from serviceplan.render.words import words

__all__ = [
    "MARKDOWN",
    "ActionLine",
    "ActionTable",
    "IndicatorLine",
    "IndicatorTable",
    "MarkdownSerialiser",
    "PriorityLine",
    "QuarterlyReport",
    "RiskRegister",
    "action_html",
    "action_table",
    "badge",
    "heat_map_html",
    "html_for",
    "indicator_html",
    "indicator_table",
    "matrix_html",
    "parse_quarter",
    "plan_html",
    "plan_markdown",
    "plot_heatmap",
    "plot_indicator_rag",
    "plot_savings",
    "quarterly_pack",
    "quarterly_report",
    "risk_html",
    "risk_register",
    "savings_html",
    "table_html",
    "text_report",
    "words",
    "write_pack",
]
