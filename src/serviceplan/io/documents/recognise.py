"""From blocks to a draft plan: recognise the proforma's parts by their headings and column headers.

Every value read keeps its printed text and goes through the library's own
parsers (:class:`~serviceplan.values.Deadline`, :class:`~serviceplan.values.Money`,
:class:`~serviceplan.values.IndicatorValue`, :func:`~serviceplan.values.classify_resourcing`, …).
A value a parser refuses stays as text in a notes field, with a finding; a
row or paragraph that fits nowhere is a finding naming where it was read.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from serviceplan.errors import ModelError, ParseError
from serviceplan.io.documents.blocks import Block, Cell, Paragraph, Row, Table, heading_level
from serviceplan.io.documents.vocabulary import column_meaning, fuzzy_contains, kind_of, normalise
from serviceplan.model import (
    Action,
    Assessment,
    BudgetLine,
    BudgetTable,
    CoverReport,
    EqualityImpact,
    FinancialImplications,
    FinancialLine,
    Indicator,
    Measurement,
    Milestone,
    ObjectiveImpact,
    Priority,
    ProgressUpdate,
    Resourcing,
    Risk,
    RiskAction,
    Saving,
    SavingAmount,
    ServicePlan,
    StaffingLine,
    StaffingTable,
    StrategicAim,
    StrategicLink,
    Target,
)
from serviceplan.values import (
    AssessmentKind,
    Deadline,
    DeadlineKind,
    FinancialYear,
    Impact,
    IndicatorKind,
    IndicatorValue,
    Money,
    Period,
    ResourcingStatus,
    ValueKind,
    classify_equality,
    classify_resourcing,
)
from serviceplan.values._text import find_dates

__all__ = ["DocumentFinding", "recognise"]


@attrs.frozen(kw_only=True)
class DocumentFinding:
    """Something the reader could not place, or read with low confidence, and where it came from."""

    code: str  #: "unplaced", "low-confidence", "unparsed"
    message: str
    where: str

    def __str__(self) -> str:
        return f"{self.where}: {self.code}: {self.message}"


def flat(text: str) -> str:
    """A cell's text on one line."""
    return " ".join(text.split())


_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*[a-z]?\.?)\s+(?=\S)")
_ONLY_NUMBER = re.compile(r"^\s*(\d{1,2}\.?)\s*$")
_RISK_ID = re.compile(r"^\s*([A-Z])(?:\.\s*|\s{1,3})(?=[A-Z])")
_RISK_REFS = re.compile(r"\(([A-Z](?:\s*(?:,|&|and)\s*[A-Z])*)\)")
_BULLET = re.compile(r"\s*[·•]\s*")
_YEAR = re.compile(r"\b(?:19|20)\d\d\s*[/-]\s*\d{1,5}\b")
_MONEY = re.compile(r"£\s?\d[\d,]*(?:\.\d+)?\s*(?:k|m|bn|million|billion)?\b", re.IGNORECASE)
_REPORT_LINE = re.compile(r"^([A-Z][A-Z /()-]{2,30}:)\s*(\S.*)$")
_REPORT_KEYS: dict[str, tuple[str, ...]] = {
    "report_to": ("report to",),
    "dates_text": ("date",),
    "subject": ("subject",),
    "wards_affected": ("wards affected",),
    "report_of": ("report of",),
    "contact_officers": ("contact officer",),
    "exempt": ("exempt confidential", "exempt"),
    "key_decision": ("key decision",),
    "forward_plan": ("forward plan",),
    "implementation_date": ("implementation date",),
    "alternative_options": ("alternative options",),
}


def _slug(text: str, taken: set[str]) -> str:
    base = "-".join(normalise(text).split()[:5]) or "item"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


@attrs.define
class _Context:
    kind: str
    columns: list[tuple[str | None, str | None]]
    where: str
    unit: str | None = None  #: the money unit the headers give: "£000"
    period: Period | None = None  #: the period of an "Update Position At Quarter 1 (June 2010)" column
    code_prefix: str | None = None  #: "LPI" from an "LPI No" header
    header: tuple[str, ...] = ()  #: the header cells as printed


_QUARTER = re.compile(r"quarter\s*\d\s*\(?\s*[a-z]+\s+\d{4}\s*\)?", re.IGNORECASE)


def _context(
    b: _Builder, kind: str, cols: list[tuple[str | None, str | None]], header: Sequence[str], where: str
) -> _Context:
    period = None
    for (meaning, _), text in zip(cols, header, strict=False):
        if meaning == "update":
            found = _QUARTER.search(flat(text))
            if found:
                try:
                    period = Period.parse(found.group(0))
                except ParseError as e:
                    b.find("unparsed", f"update period: {e}", where)
            else:
                b.find("low-confidence", f"update column {flat(text)!r} names no quarter: updates kept in notes", where)
    prefix = None
    for (meaning, _), text in zip(cols, header, strict=False):
        found = re.match(r"^\s*([A-Z]{2,5})\s+(no|number|ref)\b", flat(text), re.IGNORECASE)
        if meaning == "ind_code" and found:
            prefix = found.group(1).upper()
    return _Context(
        kind=kind,
        columns=cols,
        where=where,
        unit=_money_unit(header),
        period=period,
        code_prefix=prefix,
        header=tuple(header),
    )


@attrs.define
class _Builder:
    findings: list[DocumentFinding] = attrs.Factory(list)
    report: dict[str, object] = attrs.Factory(dict)
    aims: list[StrategicAim] = attrs.Factory(list)
    priorities: list[Priority] = attrs.Factory(list)
    actions: list[dict[str, object]] = attrs.Factory(list)
    indicators: list[Indicator] = attrs.Factory(list)
    risks: list[Risk] = attrs.Factory(list)
    budgets: list[BudgetTable] = attrs.Factory(list)
    staffing: list[StaffingTable] = attrs.Factory(list)
    impacts: list[ObjectiveImpact] = attrs.Factory(list)
    financial: FinancialImplications | None = None
    paragraphs: list[Paragraph] = attrs.Factory(list)
    ids: set[str] = attrs.Factory(set)
    used: set[str] = attrs.Factory(set)  #: where each paragraph placed in the plan was read
    links: dict[str, str] = attrs.Factory(dict)  #: printed priority number -> priority id
    objective: str | None = None  #: id of the priority the last objective cell named
    aim: str | None = None

    def find(self, code: str, message: str, where: str) -> None:
        self.findings.append(DocumentFinding(code=code, message=message, where=where))

    # -- values through the library's parsers ------------------------------------------
    def deadline(self, text: str, where: str) -> Deadline | None:
        text = flat(text)
        if not text:
            return None
        try:
            return Deadline.parse(text)
        except ParseError as e:
            self.find("unparsed", f"deadline kept as text: {e}", where)
            return None

    def money(self, text: str, where: str, unit: str | None) -> Money | None:
        text = flat(text).replace(" ", "")
        if not text:
            return None
        try:
            return Money.parse(text, unit=unit)
        except ParseError as e:
            self.find("unparsed", f"amount not read: {e}", where)
            return None


def _columns(cells: Sequence[str]) -> list[tuple[str | None, str | None]]:
    return [column_meaning(c) for c in cells]


def _header_kind(cells: Sequence[str]) -> tuple[str | None, list[tuple[str | None, str | None]]]:
    cols = _columns(cells)
    meanings = {m for m, _ in cols if m}
    mapped = sum(1 for m, _ in cols if m)
    if "capital" in meanings and sum(1 for c in cells if _YEAR.search(c)) >= 2:
        return "financial", cols  # "CAPITAL EXPENDITURE | 2009/ 20010 £ | 2010/ 2011 £ …"
    if mapped < 2 or any(len(flat(c)) > 200 for c in cells):
        return None, cols
    if any(_ONLY_NUMBER.match(c) or re.fullmatch(r"[\d,.£%-]+", flat(c)) for c in cells if flat(c)):
        return None, cols  # a header has no numbers of its own: this is a row of data
    filled = [flat(c) for c in cells if flat(c)]
    if sum(1 for c in filled if len(c) <= 60) * 5 < len(filled) * 3:
        return None, cols  # headers are mostly short; long cells are data
    return kind_of(meanings), cols


def _money_unit(cells: Iterable[str]) -> str | None:
    return "£000" if any("£000" in c.replace(" ", "") or "£'000" in c for c in cells) else None


def _unpacked(blocks: Sequence[Block]) -> Iterator[Block]:
    """The blocks, with a "table" of one-cell rows and no header read as the paragraphs it is.

    A text export prints short blank-separated lines ("REPORT TO: ...", "DATE: ...")
    like a table printed one cell a line; when no row has a second cell and none
    is a header, nothing tabular is left in it.
    """
    for block in blocks:
        if (
            isinstance(block, Table)
            and block.layout == "stream"
            and all(len(row.cells) == 1 for row in block.rows)
            and not any(_header_run(list(block.rows), i)[0] for i in range(len(block.rows)))
        ):
            for row in block.rows:
                cell = row.cells[0]
                yield Paragraph(text=cell.text, where=cell.where, level=heading_level(cell.text))
            continue
        yield block


def recognise(blocks: Sequence[Block], *, source: str) -> tuple[ServicePlan, tuple[DocumentFinding, ...]]:
    """Build a draft plan from blocks; return it with every finding."""
    b = _Builder()
    ctx: _Context | None = None
    for block in _unpacked(blocks):
        if isinstance(block, Paragraph):
            found = _REPORT_LINE.match(block.text)
            if found and _report_rows(
                b,
                [
                    Row(
                        cells=(
                            Cell(text=found.group(1), where=block.where),
                            Cell(text=found.group(2), where=block.where),
                        ),
                        where=block.where,
                    )
                ],
            ):
                continue  # "DATE: 4th August 2010" printed as a paragraph
            b.paragraphs.append(block)
            continue
        ctx = _stream(b, block, ctx) if block.layout == "stream" else _rows_table(b, block, ctx)
    if not b.actions:
        _prose_actions(b)
    if b.report.get("subject") and not b.priorities:
        _report_priority(b)
    plan = _assemble(b, source)
    for p in b.paragraphs:
        if p.where not in b.used and flat(p.text):
            b.find("unplaced", f"paragraph not placed: {flat(p.text)[:60]!r}", p.where)
    return plan, tuple(b.findings)


# -- tables printed one row a line (and Word tables) ---------------------------------------


def _rows_table(b: _Builder, table: Table, ctx: _Context | None) -> _Context | None:
    rows = list(table.rows)
    if _report_rows(b, rows):
        return ctx
    if _priority_table(b, table):
        return ctx
    i = 0
    header_above = False
    while i < len(rows):
        row = rows[i]
        kind, cols = _header_kind(row.texts)
        if kind is None and header_above and ctx is not None:
            # a second header row under a merged one ("Risk Score" over "Current" and "Target")
            below = _columns(row.texts) if all(len(flat(t)) <= 60 for t in row.texts) else []
            if sum(1 for m, _ in below if m) >= 2 and kind_of(
                {m for m, _ in below if m} | {m for m, _ in ctx.columns if m}
            ):
                kind, cols = ctx.kind, below
        if kind is not None:
            if header_above and ctx is not None and len(cols) == len(ctx.columns):
                merged = [c2 if c2[0] else c1 for c1, c2 in zip(ctx.columns, cols, strict=True)]
                texts = [f"{a} {c}".strip() for a, c in zip(ctx.header, row.texts, strict=True)]
                ctx = _context(b, kind if kind == ctx.kind else ctx.kind, merged, texts, ctx.where)
                i += 1
                continue
            header_above = True
            if ctx is not None and ctx.kind == kind and [m for m, _ in cols] == [m for m, _ in ctx.columns]:
                i += 1  # the header printed again on a new page
                continue
            ctx = _context(b, kind, cols, row.texts, row.where)
            if kind == "financial":
                _financial_header(b, row)
            i += 1
            continue
        header_above = False
        if ctx is None or not any(row.texts):
            if any(row.texts):
                b.find("unplaced", f"table row not placed: {flat(' | '.join(row.texts))[:120]!r}", row.where)
            i += 1
            continue
        _place_row(b, ctx, list(row.texts), row.where)
        i += 1
    return ctx


def _report_rows(b: _Builder, rows: list[Row]) -> bool:
    """Rows of the committee report's cover: "REPORT TO:", "DATE:", "KEY DECISION:" …"""
    placed = False
    for row in rows:
        texts = list(row.texts)
        one_line = _REPORT_LINE.match(texts[0]) if len(texts) == 1 else None
        if one_line:  # "SUBJECT: Review of ..." printed as a cell of its own
            texts = [one_line.group(1), one_line.group(2)]
        if len(texts) < 2 or not texts[0].rstrip().endswith(":"):
            continue
        key = normalise(texts[0])
        for field, phrases in _REPORT_KEYS.items():
            if any(normalise(p) == key for p in phrases):
                value = flat(" ".join(t for t in texts[1:] if t))
                b.report.setdefault(field, value)
                placed = True
                break
    if placed:
        # continuation rows of "REPORT OF:" (an empty first cell)
        for row in rows:
            if row.texts and not row.texts[0] and any(row.texts[1:]) and "report_of" in b.report:
                b.report["report_of_more"] = flat(" ".join(row.texts[1:]))
    return placed


def _priority_table(b: _Builder, table: Table) -> bool:
    """The "Priorities for the Service | Why are they priorities?" table, whatever its page layout."""
    rows = [list(r.texts) for r in table.rows]
    width = max(len(r) for r in rows)
    labels = [
        j
        for j in range(width)
        if any(
            j < len(r) and ("priorit" in normalise(r[j]) or fuzzy_contains(r[j], "why are they"))
            for r in rows
            if len(flat(r[j]) if j < len(r) else "") < 40
        )
    ]
    if not labels or not any(fuzzy_contains(" ".join(r), "why") for r in rows) or _header_kind(rows[0])[0]:
        return False
    where = table.where
    numbered = [j for j in range(width) if any(j < len(r) and _ONLY_NUMBER.match(r[j]) for r in rows)]
    titles: list[list[str]] = []
    whys: list[list[str]] = []
    numbers: list[str] = []
    if len(numbered) >= 2:
        tn, wn = numbered[0], numbered[1]
        for short in rows:
            r = short + [""] * (width - len(short))
            if _ONLY_NUMBER.match(r[tn]):
                numbers.append(r[tn].strip())
                titles.append([r[tn + 1]])
            elif r[tn + 1] and titles:
                titles[-1].append(r[tn + 1])
            if _ONLY_NUMBER.match(r[wn]):
                whys.append([r[wn + 1]])
            elif r[wn + 1] and whys:
                whys[-1].append(r[wn + 1])
    else:
        why_labels = [j for j in labels if any(j < len(r) and fuzzy_contains(r[j], "why are they") for r in rows)]
        if why_labels and why_labels[0] > 0 and all(j in why_labels for j in labels):
            # no "Priorities for the Service" label: the priority itself fills the cells before "Why are
            # they priorities?", its words broken across them by the export ("2. Developmen | t and ...")
            label_why = why_labels[0]
            title = [" ".join(flat(c) for c in r[:label_why] if flat(c)) for r in rows if len(r) > label_why]
            title = [t for t in title if t]
            b.find(
                "low-confidence", f"priority {flat(' '.join(title))[:50]!r} read from the cells before its why", where
            )
        else:
            label_title, label_why = labels[0], labels[-1] if len(labels) > 1 else labels[0] + 2
            title = [r[label_title + 1] for r in rows if label_title + 1 < len(r) and r[label_title + 1]]
        why = [r[label_why + 1] for r in rows if label_why + 1 < len(r) and r[label_why + 1]]
        if not title:
            return False
        found = _NUMBER.match(flat(title[0]))
        numbers.append(found.group(1) if found else "")
        if found:
            title[0] = flat(title[0])[found.end() :]
        titles.append(title)
        whys.append(why)
    for k, parts in enumerate(titles):
        text = flat(" ".join(parts))
        if not text:
            continue
        why_text = flat(" ".join(whys[k])) if k < len(whys) else None
        number = numbers[k] if k < len(numbers) else ""
        pid = _slug(number.rstrip(".") or text, b.ids)
        b.priorities.append(Priority(id=pid, title=text, number=number or None, why=why_text or None))
        b.links[number.rstrip(".")] = pid
        if not why_text:
            b.find("low-confidence", f"priority {text[:60]!r}: no 'why' found beside it", where)
    return True


def _financial_header(b: _Builder, row: Row) -> None:
    years: list[FinancialYear] = []
    for cell in row.texts[1:]:
        found = _YEAR.search(cell)
        if found:
            try:
                years.append(FinancialYear.parse(found.group(0)))
            except ParseError as e:
                b.find("unparsed", str(e), row.where)
    b.financial = FinancialImplications(years=tuple(years), lines=())


# -- tables printed one cell a line ---------------------------------------------------------


_UNITS = ("£", "£000", "(£000)", "£'000")


def _header_run(rows: list[Row], i: int) -> tuple[int, list[str]]:
    """Consecutive groups of header cells from ``i``: how many, and the cells of the last header row."""
    j = i
    groups: list[list[str]] = []
    while j < len(rows):
        texts = list(rows[j].texts)
        meaningful = [t for t in texts if flat(t) and flat(t) not in _UNITS]
        units_only = not meaningful and groups and all(flat(t) in _UNITS for t in texts)
        if not units_only and (not meaningful or not all(column_meaning(t)[0] for t in meaningful)):
            break
        if any(len(flat(t)) > 120 for t in texts):
            break
        groups.append(texts)
        j += 1
    # a row explaining the columns (long cells) is not a header row
    kept = [g for g in groups if sum(len(flat(t)) for t in g) <= 45 * max(1, len(g))] or groups
    groups = kept
    # several header rows printed one after another: keep the last run whose meanings are distinct
    while len(groups) > 1:
        ms = [column_meaning(t) for g in groups for t in g if column_meaning(t)[0]]
        if len(ms) == len(set(ms)):
            break
        groups.pop(0)
    cells = [t for g in groups for t in g]
    # a unit printed under its header ("Gross Budget" then "£") belongs to it
    merged: list[str] = []
    for t in cells:
        if flat(t) in _UNITS and merged:
            merged[-1] = f"{merged[-1]} {flat(t)}"
        else:
            merged.append(t)
    return j - i, merged


def _stream(b: _Builder, table: Table, ctx: _Context | None) -> _Context | None:
    rows = list(table.rows)
    i = 0
    after_header = False
    while i < len(rows):
        count, header = _header_run(rows, i)
        if count:
            kind, cols = _header_kind(header)
            if kind is not None:
                # a header-like row right under a header explains the columns; a header with the same
                # meanings again is the header repeated on a new page
                same = ctx is not None and ctx.kind == kind and [m for m, _ in cols] == [m for m, _ in ctx.columns]
                if not after_header and not same:
                    ctx = _context(b, kind, cols, header, rows[i].where)
                i += count
                after_header = True
                continue
        row = rows[i]
        if after_header:
            after_header = False
            texts = [t for t in row.texts if flat(t)]
            # explanations are long throughout; a row that starts with a code ("NI 14", "1.") is data
            long = len(texts) >= 2 and sum(len(flat(t)) for t in texts) > 45 * len(texts) and len(flat(texts[0])) > 15
            if long and sum(1 for t in texts if column_meaning(t[:160])[0]) * 5 >= len(texts) * 3:
                b.find("unplaced", f"row explaining the columns skipped: {flat(texts[0])[:60]!r}", row.where)
                i += 1
                continue
        if ctx is None:
            _unplaced_cells(b, row)
            i += 1
            continue
        width = len(ctx.columns)
        cells = list(row.texts)
        j = i + 1
        while len(cells) < width and j < len(rows) and len(cells) + len(rows[j].cells) <= width:
            if _header_run(rows, j)[0] and _header_kind(_header_run(rows, j)[1])[0]:
                break
            cells.extend(rows[j].texts)
            j += 1
        if len(cells) < width and ctx.kind in ("actions",) and len(cells) == 1:
            _section_row(b, flat(cells[0]))
            i = j
            continue
        if len(cells) < max(2, width - 1) or len(cells) > width:
            if ctx.kind in ("staffing", "budget") and len(cells) != width:
                ctx = None  # the table has ended
                _unplaced_cells(b, row)
                i += 1
                continue
            b.find("unplaced", f"{len(cells)} cells where the {ctx.kind} table has {width}", row.where)
        _place_row(b, ctx, cells, row.where)
        i = j
    return ctx


def _unplaced_cells(b: _Builder, row: Row) -> None:
    text = flat(" ".join(row.texts))
    if text:
        b.find("unplaced", f"not placed: {text[:120]!r}", row.where)


def _section_row(b: _Builder, text: str) -> None:
    """A one-cell row inside the actions table: a strategic aim ("Improving Front Line Services")."""
    if not text:
        return
    aim = StrategicAim(id=_slug(text, b.ids), title=text)
    b.aims.append(aim)
    b.aim = aim.id


# -- placing one row -------------------------------------------------------------------------


def _place_row(b: _Builder, ctx: _Context, cells: list[str], where: str) -> None:
    if (
        ctx.kind == "actions"
        and len(ctx.columns) > 2
        and ctx.columns[0][0] == "objective"
        and len(cells) == len(ctx.columns) - 1
        and flat(cells[0])
    ):
        # The export dropped the empty objective cell of an action under its objective's own row:
        # the cells start in the second column ("Think Efficiency" is a link, not an objective).
        b.find("low-confidence", "a row one cell short: read as starting after the objective column", where)
        cells = ["", *cells]
    values: dict[str, str] = {}
    years: list[tuple[str, str, str]] = []  # (meaning, year, text)
    for k, text in enumerate(cells):
        if k >= len(ctx.columns):
            if flat(text):
                b.find("unplaced", f"cell beyond the table's columns: {flat(text)[:80]!r}", where)
            continue
        meaning, year = ctx.columns[k]
        if meaning is None:
            if flat(text) and not (k == 0 and _ONLY_NUMBER.match(text)):
                values.setdefault("_first", text)
            continue
        if year is not None:
            years.append((meaning, year, text))
        elif meaning in values:
            values[meaning] = f"{values[meaning]}\n{text}"
        else:
            values[meaning] = text
    placer = {
        "priorities": _priority,
        "actions": _action,
        "indicators": _indicator,
        "risks": _risk,
        "budget": _budget,
        "staffing": _staff,
        "objective_impacts": _impact,
        "financial": _financial_line,
    }[ctx.kind]
    placer(b, ctx, values, years, where)


def _priority(b: _Builder, ctx: _Context, v: dict[str, str], years: list[tuple[str, str, str]], where: str) -> None:
    title = flat(v.get("priority_title", ""))
    number = flat(v.get("_first", "")) if _ONLY_NUMBER.match(v.get("_first", "")) else None
    if not title:
        if b.priorities and flat(v.get("why", "")):
            last = b.priorities[-1]
            b.priorities[-1] = attrs.evolve(last, why=flat(f"{last.why or ''} {v['why']}"))
        return
    found = _NUMBER.match(title)
    if found:
        number, title = found.group(1), title[found.end() :]
    pid = _slug((number or "").rstrip(".") or title, b.ids)
    b.priorities.append(Priority(id=pid, title=title, number=number, why=flat(v.get("why", "")) or None))
    if number:
        b.links[number.rstrip(".")] = pid


def _same_words(a: str, b: str) -> bool:
    """Two headings that differ only in case and spacing ("Collaborative Working", "Collaborative working")."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _deadline_in_title(b: _Builder, v: dict[str, str], title: str, where: str) -> tuple[dict[str, str], str]:
    """With no deadline column, a last line of the action cell that is a date is the deadline."""
    lines = [x for x in v.get("action", "").split("\n") if flat(x)]
    if len(lines) < 2 or not find_dates(flat(lines[-1])):
        return v, title
    try:
        Deadline.parse(flat(lines[-1]))
    except ParseError:
        return v, title
    b.find("low-confidence", f"deadline {flat(lines[-1])!r} read from the action's last line", where)
    if len(lines) > 2:
        # "Actions or milestones for future years": the lines between the action and its date are its milestones
        steps = [flat(x) for x in lines[1:-1]]
        b.find("low-confidence", f"{len(steps)} milestone(s) read from the lines under the action", where)
        return {**v, "deadline": flat(lines[-1]), "_milestones": "\n".join(steps)}, flat(lines[0])
    return {**v, "deadline": flat(lines[-1])}, flat(" ".join(lines[:-1]))


def _action(b: _Builder, ctx: _Context, v: dict[str, str], years: list[tuple[str, str, str]], where: str) -> None:
    filled = [flat(x) for x in v.values() if flat(x)]
    if 0 < len(filled) <= 2 and all(x.isupper() for x in filled):
        # "COMMITTEE ANI | D MEMBER SERVICES": a service's heading inside the action table
        b.find("unplaced", f"heading row inside the action table: {' '.join(filled)!r}", where)
        return
    title = flat(v.get("action", ""))
    link = flat(v.get("priority_link", ""))
    objective = flat(v.get("objective", ""))
    aim = next((a for a in b.aims if _same_words(a.title, objective)), None) if objective else None
    if aim is not None and not title:
        b.aim = aim.id  # the aim's heading again, in a later table: not a priority
        return
    if objective:
        named = next((p for p in b.priorities if _same_words(p.title, objective)), None)
        if named is None:
            if b.priorities:
                b.find(
                    "low-confidence",
                    f"priority {objective!r} is named by the action table only, not among the priorities above it",
                    where,
                )
            named = Priority(id=_slug(objective, b.ids), title=objective, aim=b.aim)
            b.priorities.append(named)
        b.objective = named.id
    if not title:
        if not b.actions:
            if any(flat(x) for x in v.values()):
                b.find("unplaced", "a row with no action before any action", where)
            return
        last = b.actions[-1]  # a continuation row: the cells carry on the action above
        for key, text in v.items():
            if flat(text) and key != "priority_link":
                last[key] = f"{last.get(key, '')}\n{text}".strip()
        return
    if _finishes_title(b, v, title, link, where):
        return
    if "deadline" not in v and not any(m == "deadline" for m, _ in ctx.columns):
        v, title = _deadline_in_title(b, v, title, where)
    number = None
    found = _NUMBER.match(title)
    if found:
        number = found.group(1)
        title = title[found.end() :].strip()
    elif link and _ONLY_NUMBER.match(link):
        number = link
    row: dict[str, object] = dict(v)
    row.update(title=title, number=number, where=where, link=link)
    if link:
        row["priority"] = b.links.get(link.rstrip("."))
        if row["priority"] is None and b.links:
            b.find("low-confidence", f"action {title[:50]!r} links to priority {link!r}, not found", where)
    elif b.actions and not objective and b.objective is None:
        row["priority"] = b.actions[-1].get("priority")
    else:
        row["priority"] = b.objective
    row["_period"] = ctx.period
    b.actions.append(row)


def _finishes_title(b: _Builder, v: dict[str, str], title: str, link: str, where: str) -> bool:
    """A row whose action cell finishes the title above ("standards are adhered to by all directorates.").

    It starts in lower case, carries no number, priority, deadline or resourcing of
    its own, and the action above stops mid-sentence; its other cells carry on
    that action's cells.
    """
    if not b.actions or link or not title[:1].islower() or _NUMBER.match(title):
        return False
    if any(flat(v.get(key, "")) for key in ("deadline", "resourced")):
        return False
    last = b.actions[-1]
    before = str(last.get("title", ""))
    if not before or before.rstrip().endswith((".", "!", "?", ":")):
        return False
    last["title"] = f"{before} {title}"
    for key, text in v.items():
        if flat(text) and key not in ("action", "priority_link"):
            last[key] = f"{last.get(key, '')}\n{text}".strip()
    b.find("low-confidence", f"row {title[:40]!r} read as the end of action {before[:40]!r}", where)
    return True


def _other_header(b: _Builder, texts: list[str]) -> bool:
    """Whether a row's cells (beyond its code) are all column headers of another kind of table."""
    filled = [flat(t) for t in texts if flat(t)]
    meanings = [column_meaning(t)[0] for t in filled]
    return len(filled) >= 2 and all(m is not None and not m.startswith("ind_") for m in meanings)


def _indicator(b: _Builder, ctx: _Context, v: dict[str, str], years: list[tuple[str, str, str]], where: str) -> None:
    code = flat(v.get("ind_code", ""))
    title = flat(v.get("ind_title", "") or v.get("_first", "")) or code
    if code and code[0].isdigit() and ctx.code_prefix:
        code = f"{ctx.code_prefix} {code}"  # "LPI No" over a column of "21a"
    if not code:
        if title:
            b.find("unplaced", f"indicator row without a code: {title[:80]!r}", where)
        return
    if _other_header(b, [title, *(text for _, _, text in years)]):
        # "Service Plan | Equality & Diversity | Risk": the next table's header, no indicator
        b.find("unplaced", f"a header row, not an indicator: {code[:40]!r} {title[:60]!r}", where)
        return
    targets: list[Target] = []
    actuals: list[Measurement] = []
    notes: list[str] = []
    for meaning, year, printed in years:
        text = flat(printed)
        if not text:
            continue
        try:
            value = IndicatorValue.parse(text)
        except ParseError as e:
            b.find("unparsed", f"{code} {meaning} {year}: {e}", where)
            notes.append(f"{meaning} {year}: {text}")
            continue
        period = Period.parse(year)
        if meaning == "target":
            targets.append(Target(period=period, value=value))
        elif value.kind is ValueKind.ABSOLUTE:
            actuals.append(Measurement(period=period, value=value))
        else:
            b.find("low-confidence", f"{code} actual {year} {text!r} is not a number: kept in notes", where)
            notes.append(f"actual {year}: {text}")
    kind = IndicatorKind.NATIONAL if normalise(code).startswith("ni ") else IndicatorKind.LOCAL
    if any(i.code == code for i in b.indicators):
        b.find("low-confidence", f"indicator {code} printed twice; the second kept apart", where)
        code = f"{code} ({len(b.indicators)})"
    b.indicators.append(
        Indicator(
            code=code,
            title=title,
            kind=kind,
            targets=tuple(targets),
            measurements=tuple(actuals),
            notes="; ".join(notes) or None,
        )
    )


def _score(b: _Builder, text: str, kind: AssessmentKind, where: str) -> Assessment | None:
    text = flat(text)
    if not text:
        return None
    if text.isdigit():
        try:
            return Assessment(kind=kind, score=int(text))
        except ModelError as e:
            b.find("unparsed", f"{kind.value} score {text!r}: {e}", where)
            return None
    b.find("unparsed", f"{kind.value} score {text!r} is not a number: left unscored", where)
    return None


def _bullets(text: str) -> list[str]:
    parts = (
        [flat(p) for p in _BULLET.split(text)] if "·" in text or "•" in text else [flat(p) for p in text.split("\n")]
    )
    return [p for p in parts if p]


_TITLE_DASH = re.compile(r"^(\S+(?:\s+\S+){0,4})\s+[–—-]\s+(\S+(?:\s+\S+){2,}.*)$")  # a short name – a phrase


def _risk(b: _Builder, ctx: _Context, v: dict[str, str], years: list[tuple[str, str, str]], where: str) -> None:
    area = v.get("risk_area", "").strip()
    if not flat(area):
        b.find("unplaced", "risk row with no risk named", where)
        return
    lines = [x for x in area.split("\n") if flat(x)]
    first = flat(lines[0])
    found = _RISK_ID.match(first)
    rid = found.group(1) if found else _slug(first, b.ids)
    title = first[found.end() :].strip() if found else first
    if not found:
        b.find("low-confidence", f"risk {first[:50]!r} has no letter or number: id {rid!r} made up", where)
    description = flat(" ".join(lines[1:])) or None
    dashed = _TITLE_DASH.match(title)
    if description is None and dashed:
        # "Business Continuity – Inability to meet legal and operational duties": a name, then what it means
        title, description = dashed.group(1), dashed.group(2)
        said = f"risk {rid}: the title split at its dash, {description[:40]!r} its description"
        b.find("low-confidence", said, where)
    assessments = [
        a
        for a in (
            _score(b, v.get("current_score", ""), AssessmentKind.CURRENT, where),
            _score(b, v.get("target_score", ""), AssessmentKind.TARGET, where),
        )
        if a is not None
    ]
    todo = _bullets(v.get("risk_actions", ""))
    milestones = [flat(x) for x in v.get("milestones", "").split("\n") if flat(x)]
    actions = [RiskAction(what=t, milestone=milestones[k] if k < len(milestones) else None) for k, t in enumerate(todo)]
    if len(milestones) > len(todo) and todo:
        b.find("low-confidence", f"risk {rid}: {len(milestones)} milestones for {len(todo)} actions", where)
    b.risks.append(
        Risk(
            id=rid,
            title=title,
            description=description,
            owner=flat(v.get("owner", "")) or None,
            assessments=tuple(assessments),
            controls=tuple(_bullets(v.get("controls", ""))),
            actions=tuple(actions),
            deadline=b.deadline(v.get("timescale", v.get("deadline", "")), where),
            monitoring=flat(v.get("monitoring", "")) or None,
        )
    )


_TOTAL = re.compile(r"^\s*(grand\s+)?total\b", re.IGNORECASE)
_NOTE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def _budget(b: _Builder, ctx: _Context, v: dict[str, str], years: list[tuple[str, str, str]], where: str) -> None:
    label = flat(v.get("division", "") or v.get("_first", ""))
    if not label:
        if any(flat(x) for x in v.values()):
            b.find("unplaced", "budget row without a label", where)
        return
    amounts = {
        k: b.money(v.get(k, ""), where, ctx.unit or _money_unit([v.get(k, "")]))
        for k in ("gross", "net", "staffing_budget")
    }
    line = BudgetLine(label=label, gross=amounts["gross"], net=amounts["net"], staffing=amounts["staffing_budget"])
    if not b.budgets or b.budgets[-1].id != f"budget-{ctx.where}":
        b.budgets.append(BudgetTable(id=f"budget-{ctx.where}", title="Budget"))
    table = b.budgets[-1]
    if _TOTAL.match(label):
        b.budgets[-1] = attrs.evolve(table, total=line)
    elif all(a is None for a in amounts.values()):
        found = _NOTE.match(label)
        other = BudgetLine(label=found.group(1), note=found.group(2)) if found else line
        b.budgets[-1] = attrs.evolve(table, other_rows=(*table.other_rows, other))
    elif table.total is not None:
        b.budgets[-1] = attrs.evolve(table, other_rows=(*table.other_rows, line))
    else:
        b.budgets[-1] = attrs.evolve(table, lines=(*table.lines, line))


def _staff(b: _Builder, ctx: _Context, v: dict[str, str], years: list[tuple[str, str, str]], where: str) -> None:
    label = flat(v.get("division", ""))
    text = flat(v.get("posts", "")).replace(",", "")
    if not label:
        return
    posts: int | None = None
    fte: Decimal | None = None
    if text.isdigit():
        posts = int(text)
    elif text:
        try:
            fte = Decimal(text)
        except ArithmeticError:
            b.find("unparsed", f"staff number {text!r} of {label!r} not read", where)
    line = StaffingLine(label=label, posts=posts, fte=fte)
    tid = f"staffing-{ctx.where}"
    if not b.staffing or b.staffing[-1].id != tid:
        b.staffing.append(StaffingTable(id=tid, title="Staffing"))
    table = b.staffing[-1]
    if _TOTAL.match(label):
        b.staffing[-1] = attrs.evolve(table, total=line)
    else:
        b.staffing[-1] = attrs.evolve(table, lines=(*table.lines, line))


def _impact(b: _Builder, ctx: _Context, v: dict[str, str], years: list[tuple[str, str, str]], where: str) -> None:
    objective = flat(v.get("corporate_objective", "") or v.get("_first", ""))
    number = None
    if re.fullmatch(r"\d+\.?", objective) and flat(v.get("_first", "")):
        number, objective = objective, flat(v["_first"])  # the number has a column of its own
    found = re.match(r"^(\d+)\s+(.*)$", objective)
    if found:
        number, objective = found.group(1), found.group(2)
    if not objective:
        return
    marks = [(Impact(k), flat(v.get(k, ""))) for k in ("positive", "neutral", "negative") if flat(v.get(k, ""))]
    impact, mark = marks[0] if marks else (None, None)
    if len(marks) > 1:
        b.find("low-confidence", f"objective {objective[:40]!r} marked in {len(marks)} columns", where)
    b.impacts.append(ObjectiveImpact(objective=objective, number=number, impact=impact, mark=mark))


def _financial_line(
    b: _Builder, ctx: _Context, v: dict[str, str], years: list[tuple[str, str, str]], where: str
) -> None:
    label = flat(v.get("_first", "") or v.get("capital", ""))
    if b.financial is None or not label:
        return
    b.financial = attrs.evolve(b.financial, lines=(*b.financial.lines, FinancialLine(label=label)))


# -- plans written as prose: a heading per priority, its bullets the actions ----------------------

_BULLETED = re.compile(r"^\s*[·•]\s*")
_NUMBERED = re.compile(r"^\s*(\d{1,2}\.)\s+(?=[A-Z])")
_LEAD_IN = re.compile(
    r"(?:\b(?:initially|commencing|starting)\s+)?\b(?:by|from|before|until|during)(?:\s+(?:the\s+)?end(?:\s+of)?)?\s*$",
    re.IGNORECASE,
)


def _deadline_phrase(text: str) -> str | None:
    """The dated phrase of a list item: "by 31st March, 2003", "by end of August 2010"."""
    found = find_dates(text)
    if len(found) != 1:
        return None
    m = found[0]
    lead = _LEAD_IN.search(text[: m.start].rstrip())
    start = lead.start() if lead else m.start
    return text[start : m.end].strip()


def _is_heading(p: Paragraph) -> bool:
    text = p.text
    if _NUMBERED.match(text) and not text.isupper():
        return False  # an item of a numbered list, not a numbered heading ("1. BACKGROUND")
    if p.level >= 1:
        return True
    return len(text) <= 60 and not text.endswith((".", ":", ";", ",", "-")) and not _BULLETED.match(text)


_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_RECURRING = re.compile(
    rf"\b(?:\d{{1,2}}\s*(?:st|nd|rd|th)?\s+{_MONTHS}|{_MONTHS}(?:\s+\d{{1,2}}\s*(?:st|nd|rd|th)?)?)\s+(?:each|every)\s+year\b",
    re.IGNORECASE,
)
_STATUS_AT_END = re.compile(r"\(([^()]{3,40})\)\s*\.?\s*$")


def _undated_phrase(text: str) -> str | None:
    """A deadline an item gives without a dated year: "31st March each year", "(Already commenced)".

    A recurring date is the phrase itself, once however often it is repeated; a
    closing parenthesis counts only when it reads as an ongoing deadline.
    """
    if find_dates(text):
        return None
    recurring = {flat(m.group(0)).lower(): flat(m.group(0)) for m in _RECURRING.finditer(text)}
    if len(recurring) == 1:
        return next(iter(recurring.values()))
    found = _STATUS_AT_END.search(text)
    if found and not recurring:
        with contextlib.suppress(ParseError):
            if Deadline.parse(found.group(1)).kind is DeadlineKind.ONGOING:
                return found.group(1).strip()
    return None


def _sub_items(texts: list[str]) -> list[int]:
    """For each item, the index of the item it is a sub-item of, or -1.

    An item ending with a colon ("... in the following areas by 31st March, 2003:")
    introduces the short undated items after it ("Customer Contact Centre"), up to
    the first item that is long or dated.
    """
    parents = [-1] * len(texts)
    parent = -1
    for i, t in enumerate(texts):
        if parent >= 0 and len(t) <= 60 and not find_dates(t) and not _NUMBERED.match(t):
            parents[i] = parent
            continue
        parent = i if t.rstrip().endswith(":") else -1
    return parents


_Section = tuple[Paragraph, list[Paragraph], list[Paragraph], Paragraph | None]  # heading, body, items, lead-in


def _chosen_sections(sections: list[_Section]) -> tuple[list[int], set[int]]:
    """The sections whose items are dated actions, and the prose-only priorities in their run."""
    chosen: list[int] = []
    for n, (_heading, _body, items, _lead) in enumerate(sections):
        texts = [_BULLETED.sub("", x.text).strip() for x in items]
        dated = sum(1 for t in texts if find_dates(t))
        numbered = sum(1 for t in texts if _NUMBERED.match(t))
        if dated and not (numbered and dated * 2 < len(texts)):
            chosen.append(n)
    headed = [n for n in chosen if sections[n][0].level >= 1]
    prose_only: set[int] = set()
    if headed:
        first, last = headed[0], headed[-1]
        for n in range(max(first - 1, 0), last):
            heading, body, items, lead = sections[n]
            if n in chosen or items or not body or heading.level < 1:
                continue
            announced = lead is not None and lead.text.rstrip().endswith((":", ":-"))
            if n > first or (n == first - 1 and announced):
                prose_only.add(n)
    return chosen, prose_only


def _prose_actions(b: _Builder) -> None:
    """With no action table, read "heading / why paragraph / list" sections whose items carry dates.

    Under a capitalised heading the heading is a priority and its first paragraph the why; under a
    plain short heading ("Draft timeline for Next Steps") the items are actions of no priority.
    A capitalised section of prose alone is a priority too (with no actions) when it lies inside
    the run of such priorities, or opens it straight after a lead-in that announces it
    ("... summarise targets to be achieved during 2002/03:-").
    """
    sections: list[_Section] = []
    before: Paragraph | None = None
    for p in b.paragraphs:
        if _is_heading(p) and len(p.text) <= 80:
            sections.append((p, [], [], before))
        elif sections:
            listed = _BULLETED.match(p.text) or _NUMBERED.match(p.text)
            (sections[-1][2] if listed else sections[-1][1]).append(p)
        before = p
    chosen, prose_only = _chosen_sections(sections)
    for n, (heading, body, items, _lead) in enumerate(sections):
        if n not in chosen and n not in prose_only:
            continue
        texts = [_BULLETED.sub("", x.text).strip() for x in items]
        pid = None
        b.used.add(heading.where)
        b.used.update(x.where for x in items)
        if heading.level >= 1:
            pid = _slug(heading.text, b.ids)
            why = body[0].text if body else None
            if body:
                b.used.add(body[0].where)
            b.priorities.append(Priority(id=pid, title=heading.text, why=why))
            how = "its listed actions" if n in chosen else "its prose, inside a run of such headings"
            b.find("low-confidence", f"priority {heading.text!r} read from a heading and {how}", heading.where)
        parents = _sub_items(texts)
        rows: dict[int, dict[str, object]] = {}
        for i, (x, item) in enumerate(zip(items, texts, strict=True)):
            if parents[i] >= 0:
                subs = rows[parents[i]].setdefault("sub_items", [])
                if isinstance(subs, list):
                    subs.append(item)
                continue
            found = _NUMBERED.match(item)
            number = found.group(1) if found else None
            text = item[found.end() :] if found else item
            phrase = _deadline_phrase(text) or _undated_phrase(text)
            row: dict[str, object] = {"title": text, "number": number, "where": x.where, "priority": pid}
            if phrase:
                row["deadline"] = phrase
            elif find_dates(text):
                b.find("low-confidence", f"action {text[:50]!r} names several dates: no deadline set", x.where)
            if pid is None:
                b.find("low-confidence", f"action {text[:50]!r} read from a dated list", x.where)
            rows[i] = row
            b.actions.append(row)


_PARAGRAPH_REFS = re.compile(
    r"\b(?:in|at|under)\s+paragraphs?\s+(\d{1,2}\.\d{1,2}(?:\s*(?:,|&|and|to)\s*\d{1,2}\.\d{1,2})*)", re.IGNORECASE
)
_SUBNUMBERED = re.compile(r"^\s*(?:[-–•·]\s*)?(\d{1,2}\.\d{1,2})\.?\s+(?=\S)")
_BACKGROUND = re.compile(r"^\s*(?:\d{1,2}\.?\s+)?background\s*:?\s*$", re.IGNORECASE)


def _recommended_paragraphs(b: _Builder) -> list[str]:
    """The paragraph numbers ("2.4") the cover asks the committee to act on, in order.

    A cover refers to them "as outlined in paragraph 2.4", "set out in paragraphs
    3.2 and 3.4"; only the cover counts (the text before the report's first
    numbered paragraph), since the body refers to its own paragraphs for context.
    """
    refs: list[str] = []
    for p in b.paragraphs:
        if _SUBNUMBERED.match(p.text):
            break
        for group in _PARAGRAPH_REFS.findall(p.text):
            refs.extend(re.findall(r"\d{1,2}\.\d{1,2}", group))
    return list(dict.fromkeys(refs))


def _report_priority(b: _Builder) -> None:
    """A committee report with no priorities table: its subject is its one priority.

    The why is the first paragraph under its "Background" heading. The numbered
    paragraphs its recommendations point at ("as outlined in paragraph 2.4") are
    what the committee is asked to act on, so each becomes an action; every
    action of the report delivers the one priority. All of it is reported as
    read with low confidence.
    """
    subject = flat(str(b.report["subject"]))
    why = None
    for i, p in enumerate(b.paragraphs):
        if _BACKGROUND.match(p.text):
            following = next((q for q in b.paragraphs[i + 1 :] if q.text.strip()), None)
            if following is not None and not _is_heading(following):
                found = _SUBNUMBERED.match(following.text)
                why = following.text[found.end() :] if found else following.text
                b.used.add(following.where)
            break
    pid = _slug("1", b.ids) if "1" in b.ids else "1"
    b.ids.add(pid)
    b.priorities.append(Priority(id=pid, title=subject, why=why))
    b.find("low-confidence", f"priority {subject[:50]!r} read from the report's subject", "SUBJECT")
    wanted = _recommended_paragraphs(b)
    numbered = {}
    for p in b.paragraphs:
        found = _SUBNUMBERED.match(p.text)
        if found and found.group(1) not in numbered:
            numbered[found.group(1)] = (p, p.text[found.end() :])
    present = {str(row.get("number", "")).rstrip(".") for row in b.actions}
    for number in wanted:
        if number not in numbered:
            b.find("unplaced", f"the cover refers to paragraph {number}, which was not found", "cover")
            continue
        if number in present:
            continue
        p, text = numbered[number]
        row: dict[str, object] = {"title": text.strip(), "number": number, "where": p.where, "priority": pid}
        phrase = _deadline_phrase(text)
        if phrase:
            row["deadline"] = phrase
        b.find("low-confidence", f"action {text[:50]!r} read from paragraph {number}, named by the cover", p.where)
        b.used.add(p.where)
        b.actions.append(row)
    for row in b.actions:
        if not row.get("priority"):
            row["priority"] = pid


# -- the plan ------------------------------------------------------------------------------------


def _assemble(b: _Builder, source: str) -> ServicePlan:
    actions: list[Action] = []
    ids: set[str] = set()
    for row in b.actions:
        where = str(row["where"])
        title = str(row["title"])
        resourced = flat(str(row.get("resourced", "")))
        resourcing = None
        if resourced:
            status = classify_resourcing(resourced)
            if status is ResourcingStatus.NOT_STATED:
                b.find("low-confidence", f"'Is it resourced?' answer {resourced!r} not classified", where)
            resourcing = Resourcing(status=status, text=resourced)
        equality_text = flat(str(row.get("equality", "")))
        equality = (
            EqualityImpact(status=classify_equality(equality_text), text=equality_text) if equality_text else None
        )
        risk_text = flat(str(row.get("risk_refs", "")))
        refs: list[str] = []
        for group in _RISK_REFS.findall(risk_text):
            refs.extend(re.findall(r"[A-Z]", group))
        links = [StrategicLink(name=flat(x)) for x in str(row.get("links", "")).split("\n") if flat(x)]
        deadline_text = flat(str(row.get("deadline", "")))
        deadline = b.deadline(deadline_text, where)
        notes_list = [f"Deadline as printed: {deadline_text}"] if deadline_text and deadline is None else []
        sub_items = row.get("sub_items")
        if isinstance(sub_items, list) and sub_items:
            notes_list.append("Printed as sub-items: " + "; ".join(str(x) for x in sub_items))
            b.find("low-confidence", f"{len(sub_items)} sub-items kept in the notes of action {title[:40]!r}", where)
        lead: str | None = flat(str(row.get("lead", ""))) or None
        delegate = None
        found_delegate = re.match(r"^(.*\S)\s*\(([A-Z]{1,3}(?:\s*[/,&]\s*[A-Z]{1,3})*)\)$", lead or "")
        if found_delegate:
            lead, delegate = found_delegate.group(1), found_delegate.group(2)
        number = row.get("number")
        aid = _slug(str(number).rstrip(".") if number else title, ids)
        priority = row.get("priority")
        updates: tuple[ProgressUpdate, ...] = ()
        update_text = flat(str(row.get("update", "")))
        period = row.get("_period")
        if update_text and isinstance(period, Period):
            updates = (ProgressUpdate(period=period, text=update_text),)
        elif update_text:
            notes_list.append(f"Update as printed: {update_text}")
        actions.append(
            Action(
                id=aid,
                title=title,
                number=str(number) if number else None,
                priorities=(str(priority),) if priority else (),
                deadline=deadline,
                lead_officer=lead,
                delegate=delegate,
                resourcing=resourcing,
                outcome=flat(str(row.get("outcome", ""))) or None,
                measures=flat(str(row.get("measures", ""))) or None,
                risks=tuple(dict.fromkeys(refs)),
                risk_text=risk_text or None,
                equality=equality,
                links=tuple(links),
                updates=updates,
                milestones=tuple(Milestone(what=m) for m in str(row.get("_milestones", "")).split("\n") if m),
                notes="; ".join(notes_list) or None,
            )
        )
    title = str(b.report.get("subject") or _first_heading(b.paragraphs) or "Imported plan")
    years: list[FinancialYear] = []
    found = _YEAR.search(title)
    if found:
        with contextlib.suppress(ParseError):
            years.append(FinancialYear.parse(found.group(0)))
    report = _report(b)
    savings = _savings(b, actions, years)
    return ServicePlan(
        id="-".join(normalise(title).split()[:6]) or "imported-plan",
        title=title,
        years=tuple(years),
        report=report,
        aims=tuple(b.aims),
        priorities=tuple(b.priorities),
        actions=tuple(actions),
        indicators=tuple(b.indicators),
        risks=tuple(b.risks),
        savings=tuple(savings),
        budgets=tuple(b.budgets),
        staffing=tuple(b.staffing),
        objective_impacts=tuple(b.impacts),
        source=source,
    )


def _first_heading(paragraphs: list[Paragraph]) -> str | None:
    return next((p.text for p in paragraphs if p.level), None)


def _report(b: _Builder) -> CoverReport | None:
    r = b.report
    if not r:
        return None
    dates_text = str(r.get("dates_text", "")) or None
    dates = tuple(m.day for m in find_dates(dates_text)) if dates_text else ()
    key = str(r.get("key_decision", "")).strip().lower()
    return CoverReport(
        report_to=(str(r["report_to"]),) if r.get("report_to") else (),
        dates=dates,
        dates_text=dates_text,
        subject=str(r.get("subject", "")) or None,
        wards_affected=str(r.get("wards_affected", "")) or None,
        report_of=tuple(str(r[k]) for k in ("report_of", "report_of_more") if r.get(k)),
        contact_officers=(str(r["contact_officers"]),) if r.get("contact_officers") else (),
        exempt=str(r.get("exempt", "")) or None,
        key_decision=True if key.startswith("yes") else False if key.startswith("no") else None,
        forward_plan=str(r.get("forward_plan", "")) or None,
        implementation_date=str(r.get("implementation_date", "")) or None,
        alternative_options=str(r.get("alternative_options", "")) or None,
        financial=b.financial,
    )


_SAVING = re.compile(r"\bsaving", re.IGNORECASE)
_CURRENT_YEAR = re.compile(r"\bcurrent financial year\b|\bin[- ]year\b|\bthis financial year\b", re.IGNORECASE)


def _savings(b: _Builder, actions: list[Action], years: list[FinancialYear]) -> list[Saving]:
    """Savings named in the text ("target budget savings of £100K"): each is a low-confidence finding."""
    texts: list[tuple[str, str]] = [(p.text, p.where) for p in b.paragraphs]
    for a in actions:
        texts.extend((t, f"action {a.id}") for t in (a.outcome, *(u.text for u in a.updates)) if t)
    dates = find_dates(str(b.report.get("dates_text", "")))
    report_year = FinancialYear.containing(dates[0].day) if dates else None
    seen: set[Decimal] = set()
    out: list[Saving] = []
    ids: set[str] = set()
    for text, where in texts:
        for sentence in re.split(r"(?<=[.;])\s+", text):
            if not _SAVING.search(sentence):
                continue
            for m in _MONEY.finditer(sentence):
                try:
                    money = Money.parse(m.group(0))
                except ParseError:
                    continue
                found = _YEAR.search(sentence)
                year = None
                if found:
                    try:
                        year = FinancialYear.parse(found.group(0))
                    except ParseError:
                        year = None
                if year is None and _CURRENT_YEAR.search(sentence) and report_year is not None:
                    year = report_year  # "in the current financial year", "in year": the year of the report
                year = year or (years[0] if years else None)
                if year is None or money.amount in seen:
                    continue  # the same amount named again is the same saving
                seen.add(money.amount)
                out.append(
                    Saving(
                        id=_slug(f"saving {m.group(0)}", ids),
                        title=flat(sentence)[:120],
                        amounts=(SavingAmount(year=year, target=money),),
                        notes=f"Read from: {flat(sentence)}",
                    )
                )
                b.find("low-confidence", f"saving {money} in {year} read from prose: {flat(sentence)[:80]!r}", where)
                b.used.add(where)
    return out
