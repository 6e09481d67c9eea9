"""The quarterly pack: one self-contained HTML document for Cabinet or scrutiny.

:func:`quarterly_pack` writes what a committee reads each quarter, from the
library's own calculations:

* a summary: actions by state, indicators by RAG, risks by band, savings against target, findings;
* the priorities, each with its actions' status and latest update
  (:func:`~serviceplan.render.quarterly_report`);
* the indicators with target, actual, RAG, direction of travel and commentary;
* the risk heat map (SVG, risk ids in its cells, coloured by band) and the register;
* the risks that moved since last quarter;
* savings against target by year, with a chart;
* the findings of :func:`~serviceplan.check`, as an annex.

The document fetches nothing: its styles and charts (hand-written SVG,
:mod:`serviceplan.render.svg`) are inline, and it prints on A4. A RAG is always
written in words as well as shown in colour. Every piece of text from the
plan is HTML-escaped.

>>> import serviceplan
>>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
>>> page = quarterly_pack(plan, "2010/11-Q1")
>>> page.startswith("<!DOCTYPE html>"), "@page" in page, "Pay Review" in page
(True, True, True)
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path

import attrs

from serviceplan.calc.actions import TrackingState
from serviceplan.calc.savings import savings_rollup, target_coverage
from serviceplan.checks import Finding, Severity, check
from serviceplan.errors import LevelError, ParseError
from serviceplan.io._files import write_atomic
from serviceplan.model import Assessment, Saving, ServicePlan
from serviceplan.render.progress import IndicatorLine, PriorityLine, QuarterlyReport, quarterly_report
from serviceplan.render.svg import bar_chart, heat_map_svg, safe_colour, text_colour
from serviceplan.render.words import words
from serviceplan.risk.matrix import RiskMatrix, risk_matrix
from serviceplan.risk.register import Movement, MovementDirection, assessment_change, heat_map, movement
from serviceplan.values.money import Money
from serviceplan.values.periods import Quarter
from serviceplan.values.vocab import AssessmentKind, Rag

__all__ = ["RAG_STYLE", "parse_quarter", "quarterly_pack", "write_pack"]

RAG_STYLE: dict[Rag, tuple[str, str, str]] = {
    Rag.RED: ("Red", "#c00000", "#ffffff"),
    Rag.AMBER: ("Amber", "#ffc000", "#000000"),
    Rag.GREEN: ("Green", "#00703c", "#ffffff"),
    Rag.NO_DATA: ("No data", "#d9d9d9", "#000000"),
}
"""Each RAG's word, fill and text colour in the pack (black or white text, whichever contrasts more)."""

_STATE_RAG = {
    TrackingState.COMPLETE: Rag.GREEN,
    TrackingState.ON_TRACK: Rag.GREEN,
    TrackingState.DUE_SOON: Rag.AMBER,
    TrackingState.BEHIND: Rag.AMBER,
    TrackingState.OVERDUE: Rag.RED,
}

_QUARTER_TEXT = re.compile(r"\s*(.+?)\s*[-_–—]\s*(Q[1-4])\s*", re.IGNORECASE)


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def parse_quarter(value: Quarter | str) -> Quarter:
    """A quarter from a :class:`~serviceplan.values.periods.Quarter` or text.

    Text as the command line takes it ("2010/11-Q1") or as plans write it
    ("2010/11 Q1", "Q1 2010/11", "Quarter 1 (June 2010)").

    Raises:
        ParseError: text that names no quarter, quoting it.

    >>> parse_quarter("2010/11-Q1"), parse_quarter("2010/11 Q1"), parse_quarter(Quarter.parse("Q2 2010/11"))
    (Quarter('2010/11 Q1'), Quarter('2010/11 Q1'), Quarter('2010/11 Q2'))
    >>> parse_quarter("2010/11-Q5")
    Traceback (most recent call last):
    ...
    serviceplan.errors.ParseError: cannot read quarter '2010/11-Q5'
    """
    if isinstance(value, Quarter):
        return value
    if not isinstance(value, str):
        raise ParseError("quarter", repr(value), "expected a Quarter or text such as '2010/11-Q1'")
    try:
        return Quarter.parse(value)
    except ParseError:
        written = _QUARTER_TEXT.fullmatch(value)
        if written is not None:
            try:
                return Quarter.parse(f"{written.group(1)} {written.group(2).upper()}")
            except ParseError:
                pass
    raise ParseError("quarter", value)


# -- the parts -----------------------------------------------------------------------------


def _badge(rag: Rag, detail: str | None = None) -> str:
    label, fill, ink = RAG_STYLE[rag]
    text = label if detail is None else f"{label}: {detail}"
    return f'<span class="rag rag-{rag.value}" style="background:{fill};color:{ink}">{_e(text)}</span>'


def _state_badge(state: TrackingState, days: int | None) -> str:
    shown = words(state).capitalize()
    if state in (TrackingState.OVERDUE, TrackingState.BEHIND) and days is not None:
        shown += f" ({days} days)"
    rag = _STATE_RAG.get(state)
    if rag is None:
        return f'<span class="state state-{state.value}">{_e(shown)}</span>'
    label, fill, ink = RAG_STYLE[rag]
    return (
        f'<span class="rag rag-{rag.value} state-{state.value}" style="background:{fill};color:{ink}">'
        f"{_e(label)}: {_e(shown)}</span>"
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str, caption: str | None = None) -> str:
    """A table whose cells are already HTML (each escaped where it was made)."""
    out = [f'<table class="{cls}">']
    if caption:
        out.append(f"<caption>{_e(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in header) + "</tr></thead><tbody>")
    out += ["<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows]
    out.append("</tbody></table>")
    return "".join(out)


def _para(text: str) -> str:
    return f'<p class="note">{_e(text)}</p>'


def _summary(
    report: QuarterlyReport, plan: ServicePlan, bands: dict[str, int] | None, findings: Sequence[Finding]
) -> str:
    states = report.action_counts()
    rags = report.rag_counts()
    rows = []
    action_cells = ", ".join(f"{n} {words(s)}" for s, n in states.items()) or "none"
    rows.append(["Actions", str(sum(states.values())), _e(action_cells)])
    rag_cells = " ".join(f"{_badge(rag)}&nbsp;{rags[rag]}" for rag in RAG_STYLE if rag in rags) or "none"
    rows.append(["Indicators", str(len(report.indicators)), rag_cells])
    if bands is None:
        risk_cells = "cannot be banded on this matrix: see the register"
    else:
        scored = sum(bands.values())
        risk_cells = ", ".join(f"{n} {_e(name)}" for name, n in bands.items())
        risk_cells += f"; {len(plan.risks) - scored} not scored"
    rows.append(["Risks", str(len(plan.risks)), risk_cells])
    totals = savings_rollup(plan, by=[])
    if totals:
        total = totals[0]
        rows.append(
            [
                "Savings",
                str(len(plan.savings)),
                _e(f"target {total.target}, expected {total.expected}, delivered {total.delivered}, gap {total.gap}"),
            ]
        )
    else:
        rows.append(["Savings", "0", "no savings in this plan"])
    severities = Counter(f.severity for f in findings)
    rows.append(
        [
            "Findings",
            str(len(findings)),
            _e(f"{severities[Severity.ERROR]} error(s), {severities[Severity.WARNING]} warning(s); see the annex"),
        ]
    )
    return (
        '<section id="summary"><h2>Summary</h2>'
        + _table(["", "Count", "Breakdown"], rows, cls="summary")
        + "</section>"
    )


def _priorities(lines: Sequence[PriorityLine]) -> str:
    out = ['<section id="priorities"><h2>Priorities and actions</h2>']
    if not lines:
        out.append(_para("The plan has no priorities or actions."))
    for line in lines:
        name = f"{line.priority_id}. {line.title}" if line.priority_id is not None else line.title
        out.append(f'<div class="priority"><h3>{_e(name)}</h3>')
        rows = []
        for item in line.actions:
            action = item.action
            updates = "".join(
                f'<p class="update"><strong>{_e(u.by or "Update")}</strong> ({_e(u.period)}): {_e(u.text)}</p>'
                for u in item.updates
            )
            rows.append(
                [
                    _e(action.number or action.id),
                    _e(action.title),
                    _e(action.deadline.text if action.deadline else "none"),
                    _e(action.lead_officer or ""),
                    _state_badge(item.tracking.state, item.tracking.days),
                    updates or '<span class="none">no update</span>',
                ]
            )
        if rows:
            out.append(
                _table(["No.", "Action", "Deadline", "Lead officer", "Status", "Latest update"], rows, cls="actions")
            )
        else:
            out.append(_para("No actions are linked to this priority."))
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def _indicators(lines: Sequence[IndicatorLine]) -> str:
    out = ['<section id="indicators"><h2>Performance indicators</h2>']
    if not lines:
        out.append(_para("The plan has no indicators."))
    else:
        rows = []
        for line in lines:
            commentary = line.commentary_text()
            direction = line.direction
            rows.append(
                [
                    f'<span class="code">{_e(line.indicator.code)}</span>',
                    _e(line.indicator.title),
                    _e(line.period),
                    _e(line.target_text or "none"),
                    _e(line.actual_text or "none"),
                    _badge(line.status.rag, words(line.status.reason)),
                    _e(words(direction, arrow=True)),
                    _e(commentary or ""),
                ]
            )
        header = ["Code", "Indicator", "Period", "Target", "Actual", "RAG", "Direction", "Commentary"]
        out.append(_table(header, rows, cls="indicators"))
    out.append("</section>")
    return "".join(out)


def _score_text(assessment: Assessment | None, matrix: RiskMatrix) -> tuple[str, str]:
    """An assessment's score and band in words, or why there is none."""
    if assessment is None:
        return "not scored", ""
    try:
        score = matrix.score_assessment(assessment)
        band = matrix.band_assessment(assessment)
    except LevelError as err:
        return str(assessment.score or ""), f"cannot band: {err}"
    levels = f" (L{assessment.likelihood} × I{assessment.impact})" if assessment.likelihood is not None else ""
    return f"{score}{levels}", band.name if band is not None else "no band"


def _band_cell(name: str, matrix: RiskMatrix) -> str:
    found = next((b for b in matrix.bands if b.name == name), None)
    if found is None:
        return _e(name)
    fill = safe_colour(found.colour)
    return f'<span class="band" style="background:{fill};color:{text_colour(fill)}">{_e(name)}</span>'


def _heat(plan: ServicePlan, matrix: RiskMatrix) -> tuple[str, dict[str, int] | None]:
    out = ['<section id="risks"><h2>Risk register and heat map</h2>']
    bands: dict[str, int] | None = None
    try:
        heat = heat_map(plan, matrix)
    except LevelError as err:
        out.append(_para(f"The heat map cannot be drawn on the {matrix.name} matrix: {err}"))
    else:
        bands = heat.by_band()
        cells: dict[tuple[int, int], list[str]] = {}
        for risk in plan.risks:
            current = risk.current
            if current is not None and current.likelihood is not None and current.impact is not None:
                lk = matrix.likelihood.level(current.likelihood).number
                im = matrix.impact.level(current.impact).number
                cells.setdefault((lk, im), []).append(risk.id)
        title = f"Heat map of current risk scores on the {matrix.name} matrix"
        out.append(f'<figure class="heatmap">{heat_map_svg(matrix, cells, title=title)}')
        out.append(f"<figcaption>{_e(title)}: risk ids in their likelihood × impact cells.</figcaption></figure>")
        if heat.unplaced:
            by_band: dict[str, list[str]] = {}
            for risk_id, band in zip(heat.unplaced, heat.unplaced_bands, strict=True):
                by_band.setdefault(band, []).append(risk_id)
            rows = [[_band_cell(band, matrix), _e(", ".join(ids))] for band, ids in by_band.items()]
            out.append(
                _table(
                    ["Band", "Risks"],
                    rows,
                    cls="unplaced",
                    caption="Risks scored by a score alone (no likelihood and impact): not placed in a cell",
                )
            )
        if heat.not_scored:
            out.append(_para("Not scored: " + ", ".join(heat.not_scored) + "."))
    rows = []
    for risk in plan.risks:
        current_score, current_band = _score_text(risk.current, matrix)
        target_score, target_band = _score_text(risk.target, matrix)
        rows.append(
            [
                f'<span class="code">{_e(risk.id)}</span>',
                _e(risk.title),
                _e(risk.owner or ""),
                _e(current_score),
                _band_cell(current_band, matrix) if current_band else "",
                _e(target_score),
                _band_cell(target_band, matrix) if target_band else "",
                _e(risk.current.commentary or "") if risk.current is not None else "",
            ]
        )
    if rows:
        header = ["Id", "Risk", "Owner", "Current score", "Current band", "Target score", "Target band", "Commentary"]
        out.append(_table(header, rows, cls="register", caption=f"The register on the {matrix.name} matrix"))
    else:
        out.append(_para("The plan has no risk register."))
    out.append("</section>")
    return "".join(out), bands


def _dated_pair(history: Sequence[Assessment], quarter: Quarter) -> tuple[Assessment | None, Assessment | None]:
    """The current assessment in force at the end of the quarter before, and at the end of this one."""
    before_end = quarter.start - timedelta(days=1)
    now = [a for a in history if a.assessed is not None and a.assessed <= quarter.end]
    then = [a for a in history if a.assessed is not None and a.assessed <= before_end]
    return (then[-1] if then else None), (now[-1] if now else None)


def _moves(
    plan: ServicePlan, quarter: Quarter, matrix: RiskMatrix, previous: ServicePlan | None
) -> tuple[list[Movement], str | None]:
    """Risks whose current score moved since last quarter, and a note when the plan cannot say."""
    shown = (MovementDirection.UP, MovementDirection.DOWN, MovementDirection.NEW, MovementDirection.CLOSED)
    if previous is not None:
        moved = [m for m in movement(previous, plan, matrix) if m.direction in shown]
        note = None if moved else f"No risk moved between plan {previous.id!r} and this plan."
        return moved, note
    moves: list[Movement] = []
    compared = 0
    undated = False
    for risk in plan.risks:
        history = [a for a in risk.assessments if a.kind is AssessmentKind.CURRENT]
        if len(history) < 2:
            continue
        if all(a.assessed is not None for a in history):
            before, after = _dated_pair(history, quarter)
            if before is None or after is None or before is after:
                continue
        else:
            undated = True
            before, after = history[-2], history[-1]
        compared += 1
        move = assessment_change(risk, before, after, matrix, plan=plan.id)
        if move.direction in (MovementDirection.UP, MovementDirection.DOWN):
            moves.append(move)
    if not any(sum(a.kind is AssessmentKind.CURRENT for a in r.assessments) >= 2 for r in plan.risks):
        return moves, (
            "Each risk in this plan has one current assessment only, so no movement since last quarter can be shown. "
            "Record each quarter's assessment (with its date), or give last quarter's plan, to show movement."
        )
    if not compared:
        return moves, f"No risk has a current assessment both at the end of last quarter and at the end of {quarter}."
    note = None if moves else f"No risk's current score moved since last quarter ({compared} compared)."
    if undated:
        note = (note + " " if note else "") + "Undated assessments are compared in the order the plan lists them."
    return moves, note


def _movement_section(plan: ServicePlan, quarter: Quarter, matrix: RiskMatrix, previous: ServicePlan | None) -> str:
    out = ['<section id="movement"><h2>Risks that moved since last quarter</h2>']
    try:
        moves, note = _moves(plan, quarter, matrix, previous)
    except LevelError as err:
        moves, note = [], f"Movement cannot be worked out on the {matrix.name} matrix: {err}"
    if moves:
        arrows = {
            MovementDirection.UP: "\u2191 up",
            MovementDirection.DOWN: "\u2193 down",
            MovementDirection.NEW: "new",
            MovementDirection.CLOSED: "closed",
        }
        rows = [
            [
                f'<span class="code">{_e(m.risk_id)}</span>',
                _e(m.title),
                _e("" if m.before is None else f"{m.before} {m.before_band or ''}".strip()),
                _e("" if m.after is None else f"{m.after} {m.after_band or ''}".strip()),
                _e(arrows.get(m.direction, words(m.direction))),
                _e(m.commentary or ""),
            ]
            for m in moves
        ]
        out.append(_table(["Id", "Risk", "Before", "Now", "Movement", "Commentary"], rows, cls="movement"))
    if note:
        out.append(_para(note))
    out.append("</section>")
    return "".join(out)


def _money(value: Money | None) -> str:
    return "" if value is None else _e(value)


def _saving_totals(saving: Saving) -> tuple[Money | None, Money | None, Money | None]:
    def add(name: str) -> Money | None:
        found = [getattr(a, name) for a in saving.amounts if getattr(a, name) is not None]
        return sum(found, Money.zero()) if found else None

    return add("target"), add("forecast"), add("delivered")


def _savings(plan: ServicePlan) -> str:
    out = ['<section id="savings"><h2>Savings against target</h2>']
    if not plan.savings:
        out.append(_para("The plan records no savings."))
        out.append("</section>")
        return "".join(out)
    years = savings_rollup(plan, by=["year"])
    rows = [
        [
            _e(t.key[0] or "no year"),
            _money(t.target),
            _money(t.forecast),
            _money(t.delivered),
            _money(t.expected),
            _money(t.gap),
            _e("" if t.percent_delivered is None else f"{t.percent_delivered}%"),
        ]
        for t in years
    ]
    header = ["Year", "Target", "Forecast", "Delivered", "Expected", "Gap", "% delivered"]
    out.append(
        _table(
            header,
            rows,
            cls="savings",
            caption="Savings by financial year (a saving that contributes to a target is counted in that target)",
        )
    )
    if years:
        categories = [t.key[0] or "no year" for t in years]
        chart = bar_chart(
            categories,
            [
                ("Target", "#1f4e79", [t.target.amount for t in years]),
                ("Forecast", "#9dc3e6", [t.forecast.amount for t in years]),
                ("Delivered", "#00703c", [t.delivered.amount for t in years]),
            ],
            title="Savings target, forecast and delivered by financial year",
        )
        out.append(
            f'<figure class="chart">{chart}'
            "<figcaption>Savings target, forecast and delivered by year.</figcaption></figure>"
        )
    cover = target_coverage(plan)
    if cover:
        rows = [
            [
                _e(c.parent.id),
                _e(c.parent.title),
                _money(c.target),
                _money(c.identified),
                _money(c.gap),
                _e(", ".join(c.children)),
            ]
            for c in cover
        ]
        out.append(
            _table(
                ["Id", "Target", "Amount", "Identified", "Still to find", "Contributions"],
                rows,
                cls="coverage",
                caption="Targets and the savings identified to meet them",
            )
        )
    rows = []
    for saving in plan.savings:
        target, forecast, delivered = _saving_totals(saving)
        confidence = _badge(saving.confidence) if saving.confidence is not None else "not stated"
        rows.append(
            [
                f'<span class="code">{_e(saving.id)}</span>',
                _e(saving.title),
                _e(words(saving.status) if saving.status is not None else ""),
                confidence,
                _money(target),
                _money(forecast),
                _money(delivered),
            ]
        )
    header = ["Id", "Saving", "Status", "Confidence", "Target", "Forecast", "Delivered"]
    out.append(_table(header, rows, cls="saving-lines", caption="Each saving, all years"))
    out.append("</section>")
    return "".join(out)


def _annex(findings: Sequence[Finding]) -> str:
    out = ['<section id="annex" class="annex"><h2>Annex: what the checks found</h2>']
    if not findings:
        out.append(_para("serviceplan.check found nothing wrong with this plan."))
    else:
        rows = [
            [
                f'<span class="severity severity-{f.severity.value}">{_e(f.severity.value.capitalize())}</span>',
                _e(f.code),
                _e(f.path),
                _e(f.message),
            ]
            for f in findings
        ]
        out.append(_table(["Severity", "Code", "Where", "Finding"], rows, cls="findings"))
    out.append("</section>")
    return "".join(out)


_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
:root { --ink: #1a1a1a; --rule: #8c8c8c; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: var(--ink);
       margin: 0 auto; max-width: 190mm; line-height: 1.35; padding: 8mm; }
header.cover { border-bottom: 3px solid #1f4e79; margin-bottom: 6mm; }
h1 { font-size: 20pt; margin: 0 0 2mm 0; color: #1f4e79; }
h2 { font-size: 14pt; margin: 8mm 0 2mm 0; color: #1f4e79; border-bottom: 1px solid var(--rule); }
h3 { font-size: 11.5pt; margin: 5mm 0 1.5mm 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm 0; font-size: 9pt; }
caption { text-align: left; font-weight: bold; padding: 1mm 0; }
th, td { border: 1px solid var(--rule); padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
thead th { background: #deeaf6; }
.rag, .band, .state { display: inline-block; padding: 0.3mm 1.6mm; border-radius: 2mm; font-weight: bold;
                      border: 1px solid #404040; white-space: nowrap; }
.state { background: #ffffff; color: #000000; }
.code { font-weight: bold; overflow-wrap: anywhere; }
.update { margin: 0 0 1mm 0; }
.note { font-style: italic; }
.none { color: #595959; }
figure { margin: 2mm 0 4mm 0; }
figure svg { width: 100%; height: auto; max-height: 150mm; }
figcaption { font-size: 9pt; color: #404040; }
.meta { color: #404040; margin: 0 0 3mm 0; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  body { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure, .rag { break-inside: avoid; page-break-inside: avoid; }
  section#risks, section#annex { break-before: page; page-break-before: always; }
}
"""


def quarterly_pack(
    plan: ServicePlan,
    quarter: Quarter | str,
    *,
    previous: ServicePlan | None = None,
    matrix: RiskMatrix | None = None,
    due_within: int = 30,
) -> str:
    """The quarterly pack of ``plan`` at the end of ``quarter``: one self-contained HTML document.

    Args:
        plan: the plan reported.
        quarter: the quarter reported ("2010/11-Q1", "2010/11 Q1", "Quarter 1 (June 2010)" or a ``Quarter``).
        previous: last quarter's version of the plan; risks then move by comparing its register with this one.
            Without it, risks move between their current assessments dated at the end of the last quarter and
            of this one (undated assessments: the last two listed).
        matrix: the matrix risks are scored and banded on (default: the ``5x5`` preset).
        due_within: days ahead within which an action counts as due soon.

    Returns:
        The HTML text (UTF-8, no external resources, A4 print styles).

    Raises:
        ParseError: a quarter that cannot be read, quoting it.
    """
    when = parse_quarter(quarter)
    matrix = matrix or risk_matrix("5x5")
    # the report's actions and indicators; risks are the pack's own (dated movement, and a matrix that may refuse)
    report = quarterly_report(attrs.evolve(plan, risks=()), when, matrix=matrix, due_within=due_within)
    findings = check(plan, matrix=matrix)
    risks, bands = _heat(plan, matrix)
    title = f"{plan.title}: quarterly report, {when}"
    council = f"{plan.council} · " if plan.council else ""
    body = [
        '<header class="cover">',
        f"<h1>{_e(plan.title)}</h1>",
        f'<p class="meta">{_e(council)}Quarterly performance report for {_e(when)}, '
        f"position at {when.end:%d %B %Y}. Plan {_e(plan.id)}.</p>",
        "</header>",
        _summary(report, plan, bands, findings),
        _priorities(report.priorities),
        _indicators(report.indicators),
        risks,
        _movement_section(plan, when, matrix, previous),
        _savings(plan),
        _annex(findings),
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def write_pack(
    plan: ServicePlan,
    quarter: Quarter | str,
    path: str | Path,
    *,
    previous: ServicePlan | None = None,
    matrix: RiskMatrix | None = None,
    due_within: int = 30,
) -> Path:
    """Write :func:`quarterly_pack` to ``path`` (UTF-8, atomically) and return the path.

    Raises:
        ParseError: a quarter that cannot be read.
        DumpError: the file cannot be written, naming it.
    """
    text = quarterly_pack(plan, quarter, previous=previous, matrix=matrix, due_within=due_within)
    target = Path(path)
    write_atomic(target, text.encode("utf-8"))
    return target
