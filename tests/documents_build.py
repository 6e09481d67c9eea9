"""Build Word documents of a plan's tables with python-docx, in the proforma's layout and in variants.

Real Word tables with heading styles; variants put columns in another order,
reword headings, merge the risk register's "Risk Score" header across two
columns (and the priority link down the rows of one priority), and split the
action table across a page break with no header on the second part.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from serviceplan.model import ServicePlan

HEADERS = {
    "priority": "Priorities for the Service",
    "why": "Why are they priorities?",
    "link": "Which Priority does it link to?",
    "action": "What are the main actions which will impact on this priority",
    "resourced": "Is it resourced?",
    "deadline": "Deadline",
    "lead": "Lead Officer",
    "outcome": "What are the outcomes of doing the action?",
    "code": "National Indicator No",
    "definition": "Indicator Definition",
    "target": "Target {year}",
    "risk": "Area of risk identified for the service",
    "score": "Risk Score",
    "current": "Current Score",
    "target_score": "Target Score",
    "controls": "What do we do now?",
    "todo": "What are we going to do?",
    "owner": "Officer responsible for risk",
    "division": "Division",
    "gross": "Gross Budget £",
    "net": "Net Budget £",
    "staffing_budget": "Staffing Budget £",
    "posts": "Number of Posts",
    "h_priorities": "Priorities",
    "h_actions": "Action Plan",
    "h_indicators": "Performance Indicators",
    "h_risks": "Risk Register",
    "h_resources": "Resources",
    "h_savings": "Savings",
}

REWORDED = {
    "priority": "Key priorities",
    "why": "Rationale",
    "link": "Linked priority",
    "action": "Planned activity (action)",
    "resourced": "Resources in place?",
    "deadline": "Target date",
    "lead": "Responsible officer",
    "outcome": "Expected outcome",
    "code": "PI ref",
    "definition": "Indicator description",
    "target": "{year} target",
    "risk": "Risk description",
    "score": "Scoring",
    "current": "Current rating",
    "target_score": "Residual score",
    "controls": "Existing controls",
    "todo": "Further actions",
    "owner": "Risk owner",
    "division": "Service area",
    "gross": "Gross expenditure (£)",
    "net": "Net expenditure (£)",
    "staffing_budget": "Employee costs (£)",
    "posts": "Headcount",
    "h_priorities": "What matters most this year",
    "h_actions": "How we will deliver",
    "h_indicators": "How we measure performance",
    "h_risks": "Risks to delivery",
    "h_resources": "Money and people",
    "h_savings": "Efficiencies",
}


def _money(m: Any) -> str:
    return "" if m is None else (m.text or str(m))


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]], order: Sequence[int]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for j, k in enumerate(order):
        table.rows[0].cells[j].text = header[k]
    for row in rows:
        _fill(table.add_row().cells, [row[k] for k in order])
    return table


def _fill(cells: Any, texts: Sequence[str]) -> None:
    """One paragraph a line, as Word keeps them."""
    for cell, text in zip(cells, texts, strict=True):
        lines = text.split("\n")
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def build_docx(
    plan: ServicePlan,
    path: Path,
    *,
    reworded: bool = False,
    shuffle: int | None = None,
    merged: bool = False,
    split: bool = False,
) -> Path:
    """Write ``plan``'s priorities, actions, indicators, risks, budgets, staffing and savings as a .docx."""
    import docx
    from docx.enum.text import WD_BREAK

    h = REWORDED if reworded else HEADERS
    rng = random.Random(shuffle)  # noqa: S311 - a column order, not a secret

    def order(n: int) -> list[int]:
        idx = list(range(n))
        if shuffle is not None:
            rng.shuffle(idx)
        return idx

    document = docx.Document()
    document.add_heading(plan.title, level=0)
    numbers = {p.id: (p.number or p.id) for p in plan.priorities}
    if plan.priorities:
        document.add_heading(h["h_priorities"], level=1)
        rows = [[f"{p.number} {p.title}" if p.number else p.title, p.why or ""] for p in plan.priorities]
        _table(document, [h["priority"], h["why"]], rows, order(2))
    if plan.actions:
        document.add_heading(h["h_actions"], level=1)
        header = [h["link"], h["action"], h["resourced"], h["deadline"], h["lead"], h["outcome"]]
        rows = [
            [
                numbers.get(a.priorities[0], "") if a.priorities else "",
                f"{a.number} {a.title}" if a.number else a.title,
                (a.resourcing.text or a.resourcing.status.value) if a.resourcing else "",
                a.deadline.text if a.deadline else "",
                a.lead_officer or "",
                a.outcome or "",
            ]
            for a in plan.actions
        ]
        cols = order(len(header))
        if split and len(rows) > 2:
            half = len(rows) // 2
            first = _table(document, header, rows[:half], cols)
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            second = document.add_table(rows=0, cols=len(header))
            for row in rows[half:]:
                _fill(second.add_row().cells, [row[k] for k in cols])
            tables = [first, second]
        else:
            tables = [_table(document, header, rows, cols)]
        if merged:  # one priority's link cell merged down its rows
            link_col = cols.index(0)
            for table in tables:
                body = table.rows[1:] if table is tables[0] else table.rows
                start = 0
                while start < len(body):
                    end = start
                    text = body[start].cells[link_col].text
                    while end + 1 < len(body) and body[end + 1].cells[link_col].text == text and text:
                        end += 1
                    if end > start:
                        top, bottom = body[start].cells[link_col], body[end].cells[link_col]
                        for r in body[start + 1 : end + 1]:
                            r.cells[link_col].text = ""
                        top.merge(bottom).text = text
                    start = end + 1
    if plan.indicators:
        document.add_heading(h["h_indicators"], level=1)
        periods = sorted({str(t.period) for i in plan.indicators for t in i.targets})
        header = [h["code"], h["definition"], *(h["target"].format(year=y) for y in periods)]
        rows = []
        for i in plan.indicators:
            by = {str(t.period): t.value.text for t in i.targets}
            rows.append([i.code, i.title, *(by.get(y, "") for y in periods)])
        _table(document, header, rows, order(len(header)))
    if plan.risks:
        document.add_heading(h["h_risks"], level=1)
        header = [h["risk"], h["current"], h["target_score"], h["controls"], h["todo"], h["owner"]]
        rows = []
        for r in plan.risks:
            cur, tgt = r.current, r.target
            rows.append(
                [
                    f"{r.id}. {r.title}" + (f"\n{r.description}" if r.description else ""),
                    str(cur.score) if cur and cur.score is not None else "",
                    str(tgt.score) if tgt and tgt.score is not None else "",
                    "\n".join(f"· {c}" for c in r.controls),
                    "\n".join(f"· {a.what}" for a in r.actions),
                    r.owner or "",
                ]
            )
        if merged:
            table = document.add_table(rows=2, cols=len(header))
            table.style = "Table Grid"
            top = [h["risk"], h["score"], "", h["controls"], h["todo"], h["owner"]]
            for j, text in enumerate(top):
                table.rows[0].cells[j].text = text
            table.rows[0].cells[1].merge(table.rows[0].cells[2]).text = h["score"]
            table.rows[1].cells[1].text = h["current"]
            table.rows[1].cells[2].text = h["target_score"]
            for row in rows:
                _fill(table.add_row().cells, row)
        else:
            table = _table(document, header, rows, order(len(header)))
    if plan.budgets or plan.staffing:
        document.add_heading(h["h_resources"], level=1)
    for budget in plan.budgets:
        header = [h["division"], h["gross"], h["net"], h["staffing_budget"]]
        lines = [*budget.lines, *([budget.total] if budget.total else [])]
        rows = [[x.label, _money(x.gross), _money(x.net), _money(x.staffing)] for x in lines]
        _table(document, header, rows, order(len(header)))
    for staff in plan.staffing:
        slines = [*staff.lines, *([staff.total] if staff.total else [])]
        rows = [[x.label, str(x.posts) if x.posts is not None else str(x.fte or "")] for x in slines]
        _table(document, [h["division"], h["posts"]], rows, order(2))
    if plan.savings:
        document.add_heading(h["h_savings"], level=1)
        for s in plan.savings:
            for a in s.amounts:
                if a.target is not None:
                    document.add_paragraph(f"{s.title}: a saving of {_money(a.target)} in {a.year}.")
    document.save(str(path))
    return path
