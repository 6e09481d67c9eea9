"""Read a council's own register, indicator table, action tracker or savings tracker.

:func:`read_sheet` reads an ``.xlsx`` workbook or a CSV file, finds the header
row, maps the columns (by a :class:`~serviceplan.io.sheets.mapping.ColumnMapping`
given, or one guessed from the headers) and reads each row through the library's
parsers. Every cell that does not read is a ``bad-row`` finding naming the sheet,
row, column and text, and its row is left out; the good rows are kept. Columns it
did not map are ``ignored-column`` findings. The result is a
:class:`~serviceplan.io.findings.ReadResult`: a draft plan holding the rows read,
and the findings.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs

from serviceplan.errors import LimitError, LoadError, ModelError, ParseError, Problem
from serviceplan.io._progress import Progress
from serviceplan.io.findings import ReadFinding, ReadResult
from serviceplan.io.formats._cells import decode_spreadsheet_text
from serviceplan.io.limits import check_size, current_limits
from serviceplan.io.sheets.cells import read_level, read_pair, read_rag, read_score
from serviceplan.io.sheets.guess import find_header_row, guess_mapping
from serviceplan.io.sheets.mapping import ASSESSMENT_KINDS, Column, ColumnMapping, SheetKind
from serviceplan.model import (
    Action,
    Assessment,
    Indicator,
    Measurement,
    ProgressUpdate,
    Risk,
    RiskAction,
    Saving,
    SavingAmount,
    ServicePlan,
    Target,
)
from serviceplan.values.deadlines import Deadline
from serviceplan.values.indicator_values import IndicatorValue
from serviceplan.values.money import Money
from serviceplan.values.periods import FinancialYear, Period
from serviceplan.values.vocab import ActionStatus, AssessmentKind, Polarity, SavingKind, SavingStatus

__all__ = ["Table", "guess_sheet_mapping", "read_rows", "read_sheet", "read_table", "unique_headers"]


@attrs.frozen(kw_only=True)
class Table:
    """A sheet as text cells: its name, rows (each cell its text, ``""`` when empty) and what reading noticed."""

    source: str  #: the file's name, as findings show it
    sheet: str | None  #: the sheet of a workbook; ``None`` for CSV
    rows: tuple[tuple[str, ...], ...]
    findings: tuple[ReadFinding, ...] = ()

    def where(self, row: int, header: str | None = None) -> str:
        """Where a cell is: ``"risks.xlsx!Register row 12 column 'Likelihood'"``."""
        place = f"{self.source}!{self.sheet}" if self.sheet is not None else self.source
        return f"{place} row {row}" + (f" column {header!r}" if header is not None else "")


# -- reading the file -------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bounded(rows: list[list[Any]], where: str) -> None:
    limits = current_limits()
    if len(rows) > limits.max_rows:
        raise LimitError(
            [Problem("", f"{len(rows):,} rows; the limit is {limits.max_rows:,} (Limits.max_rows)")], where
        )
    widest = max((len(r) for r in rows), default=0)
    if widest > limits.max_columns:
        raise LimitError(
            [Problem("", f"{widest:,} columns; the limit is {limits.max_columns:,} (Limits.max_columns)")], where
        )


def _csv_rows(data: bytes, name: str) -> tuple[list[list[str]], list[ReadFinding]]:
    check_size(data, name)
    text, finding = decode_spreadsheet_text(data, "", name)
    findings = [attrs.evolve(finding, where=name)] if finding is not None else []
    lines = text.count("\n") + 1
    if lines > current_limits().max_rows + 1:
        raise LimitError(
            [Problem("", f"{lines:,} lines; the limit is {current_limits().max_rows:,} rows (Limits.max_rows)")], name
        )
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as err:
        raise LoadError([Problem("", f"not valid CSV: {err}")], name) from None
    return rows, findings


def read_table(
    path: str | os.PathLike[str] | None = None,
    *,
    data: bytes | None = None,
    name: str | None = None,
    sheet: str | None = None,
    kind: SheetKind | str | None = None,
) -> Table:
    """A sheet of a workbook (``.xlsx``, ``.xlsm``) or a CSV file, as text cells.

    Give a ``path``, or ``data`` with a ``name`` (its suffix tells the format). For
    a workbook, ``sheet`` names the sheet; without it, the first sheet whose rows
    hold headers of ``kind`` (else the first sheet).

    Raises:
        LoadError: a file that cannot be read, or no such sheet.
        LimitError: a file over a loading limit (:mod:`serviceplan.io.limits`).
    """
    if data is None:
        if path is None:
            raise TypeError("read_table needs a path or data")
        where = str(path)
        try:
            size = Path(path).stat().st_size
            if size > current_limits().max_bytes:
                raise LimitError(
                    [
                        Problem(
                            "",
                            f"file is {size:,} bytes; the limit is {current_limits().max_bytes:,} (Limits.max_bytes)",
                        )
                    ],
                    where,
                )
            data = Path(path).read_bytes()
        except OSError as err:
            raise LoadError([Problem("", f"cannot read the file: {err.strerror or err}")], where) from None
        name = Path(path).name
    name = name or "sheet"
    check_size(data, name)
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from serviceplan.io.formats.excel import _read_sheets  # bounded: zip directory, sheet sizes, cells

        sheets = _read_sheets(data, name)
        if sheet is not None:
            if sheet not in sheets:
                raise LoadError([Problem("", f"no sheet {sheet!r} (sheets: {', '.join(map(repr, sheets))})")], name)
            chosen: str | None = sheet
        else:
            chosen = next(iter(sheets), None) if sheets else None
            if kind is not None:
                for candidate, raw in sheets.items():
                    texts = [[_cell(v) for v in row] for row in raw[:20]]
                    index = find_header_row(texts, kind)
                    if len(guess_mapping(texts[index] if texts else [], [], kind).columns) >= 2:
                        chosen = candidate
                        break
        if chosen is None:
            raise LoadError([Problem("", "the workbook has no sheet")], name)
        raw_rows = sheets[chosen]
        _bounded(raw_rows, name)
        rows = tuple(tuple(_cell(v) for v in row) for row in raw_rows)
        return Table(source=name, sheet=chosen, rows=rows)
    csv_rows, findings = _csv_rows(data, name)
    _bounded(csv_rows, name)
    return Table(source=name, sheet=None, rows=tuple(tuple(r) for r in csv_rows), findings=tuple(findings))


# -- reading the rows -------------------------------------------------------------------------


class _Bad(Exception):
    """A cell that does not read: its column, text and why."""

    def __init__(self, header: str, text: str, reason: str) -> None:
        super().__init__(reason)
        self.header = header
        self.text = text
        self.reason = reason


class _Row:
    """One row's cells by field, and the reading of each."""

    def __init__(self, mapping: ColumnMapping, columns: Sequence[tuple[Column, int]], row: Sequence[str]) -> None:
        self.mapping = mapping
        self.bad: list[_Bad] = []
        self.ignored: list[_Bad] = []  #: cells read but not used; the row is kept
        self.cells: dict[str, tuple[str, str]] = {}
        self.periodic: list[tuple[Column, str]] = []
        for column, index in columns:
            text = row[index].strip() if index < len(row) else ""
            if column.period is not None:
                self.periodic.append((column, text))
            else:
                self.cells[column.field] = (column.header, text)

    def text(self, field: str) -> str | None:
        found = self.cells.get(field)
        return found[1] if found and found[1] else None

    def read(self, field: str, reader: Callable[[str], Any]) -> Any:
        found = self.cells.get(field)
        if not found or not found[1]:
            return None
        return self.read_cell(found[0], found[1], reader)

    def read_cell(self, header: str, text: str, reader: Callable[[str], Any]) -> Any:
        try:
            return reader(text)
        except (ParseError, ModelError, ValueError) as err:
            self.bad.append(_Bad(header, text, str(err)))
            return None

    def header(self, field: str) -> str | None:
        found = self.cells.get(field)
        return found[0] if found else None


def _words(table: dict[str, Any], what: str) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        key = " ".join(re.sub(r"[^\w/]+", " ", text.lower()).split())
        if key in table:
            return table[key]
        raise ParseError(what, text, f"expected one of: {', '.join(sorted(table))}")

    return read


_ACTION_STATUS = {
    "complete": ActionStatus.COMPLETE,
    "completed": ActionStatus.COMPLETE,
    "done": ActionStatus.COMPLETE,
    "achieved": ActionStatus.COMPLETE,
    "closed": ActionStatus.COMPLETE,
    "on target": ActionStatus.ON_TARGET,
    "on track": ActionStatus.ON_TARGET,
    "on schedule": ActionStatus.ON_TARGET,
    "in progress": ActionStatus.IN_PROGRESS,
    "ongoing": ActionStatus.IN_PROGRESS,
    "started": ActionStatus.IN_PROGRESS,
    "open": ActionStatus.IN_PROGRESS,
    "delayed": ActionStatus.DELAYED,
    "behind": ActionStatus.DELAYED,
    "behind schedule": ActionStatus.DELAYED,
    "slipped": ActionStatus.DELAYED,
    "overdue": ActionStatus.DELAYED,
    "not started": ActionStatus.NOT_STARTED,
    "not yet started": ActionStatus.NOT_STARTED,
    "cancelled": ActionStatus.CANCELLED,
    "withdrawn": ActionStatus.CANCELLED,
    "deleted": ActionStatus.CANCELLED,
}
_POLARITY = {
    "higher is better": Polarity.HIGHER_IS_BETTER,
    "high": Polarity.HIGHER_IS_BETTER,
    "higher": Polarity.HIGHER_IS_BETTER,
    "up": Polarity.HIGHER_IS_BETTER,
    "bigger is better": Polarity.HIGHER_IS_BETTER,
    "lower is better": Polarity.LOWER_IS_BETTER,
    "low": Polarity.LOWER_IS_BETTER,
    "lower": Polarity.LOWER_IS_BETTER,
    "down": Polarity.LOWER_IS_BETTER,
    "smaller is better": Polarity.LOWER_IS_BETTER,
    "range": Polarity.RANGE,
    "n/a": Polarity.NOT_APPLICABLE,
}
_SAVING_KIND = {
    "recurrent": SavingKind.RECURRENT,
    "recurring": SavingKind.RECURRENT,
    "ongoing": SavingKind.RECURRENT,
    "r": SavingKind.RECURRENT,
    "one off": SavingKind.ONE_OFF,
    "oneoff": SavingKind.ONE_OFF,
    "one time": SavingKind.ONE_OFF,
    "o": SavingKind.ONE_OFF,
}
_SAVING_STATUS = {
    "to be identified": SavingStatus.TO_BE_IDENTIFIED,
    "tbi": SavingStatus.TO_BE_IDENTIFIED,
    "proposed": SavingStatus.PROPOSED,
    "proposal": SavingStatus.PROPOSED,
    "agreed": SavingStatus.AGREED,
    "approved": SavingStatus.AGREED,
    "delivered": SavingStatus.DELIVERED,
    "achieved": SavingStatus.DELIVERED,
    "unachievable": SavingStatus.UNACHIEVABLE,
    "not achievable": SavingStatus.UNACHIEVABLE,
    "undeliverable": SavingStatus.UNACHIEVABLE,
}


def _list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"\s*(?:[,;/&]|\band\b)\s*", text) if p.strip())


def _lines(text: str) -> tuple[str, ...]:
    parts = [p.strip(" \t-•*") for p in re.split(r"[\r\n]+|\s*[•]\s*", text)]
    return tuple(p for p in parts if p)


def _assessment(row: _Row, which: str) -> Assessment | None:
    m = row.mapping
    before = len(row.bad)
    likelihood = row.read(f"{which}_likelihood", lambda t: read_level(t, letters=m.letters, what="likelihood"))
    impact = row.read(f"{which}_impact", lambda t: read_level(t, what="impact"))
    score = row.read(f"{which}_score", read_score)
    rating = row.text(f"{which}_rating")
    if rating is not None:
        header = row.header(f"{which}_rating") or ""
        if re.fullmatch(r"\s*\d{1,3}(\.0+)?\s*", rating):
            score = score if score is not None else read_score(rating)
        else:
            pair = row.read_cell(header, rating, lambda t: read_pair(t, letters=m.letters, order=m.combined))
            if pair is not None:
                likelihood, impact = likelihood or pair[0], impact or pair[1]
                product = re.search(r"=\s*(\d{1,3})\s*$", rating)
                if product and score is None:
                    score = int(product.group(1))
    rag = row.read(f"{which}_rag", read_rag)
    note = f"RAG {rag.value} as printed" if rag is not None else None
    if len(row.bad) > before:  # a cell did not read: that is the row's finding
        return None
    if likelihood is None and impact is None and score is None:
        if rag is not None:
            header = row.header(f"{which}_rag") or ""
            row.ignored.append(
                _Bad(
                    header,
                    row.text(f"{which}_rag") or "",
                    f"a colour alone is no {which} assessment: risk kept unscored",
                )
            )
        return None
    if (likelihood is None) != (impact is None):
        field = f"{which}_impact" if impact is None else f"{which}_likelihood"
        header = row.header(field) or row.header(f"{which}_likelihood") or row.header(f"{which}_rating") or ""
        row.bad.append(_Bad(header, "", f"{which} likelihood and impact go together: one is missing"))
        return None
    try:
        return Assessment(kind=AssessmentKind(which), likelihood=likelihood, impact=impact, score=score, note=note)
    except ModelError as err:
        header = next((h for f in ("likelihood", "impact", "rating", "score") if (h := row.header(f"{which}_{f}"))), "")
        texts = " / ".join(row.text(f"{which}_{f}") or "" for f in ("likelihood", "impact", "rating", "score"))
        row.bad.append(_Bad(header, texts.strip(" /"), str(err)))
        return None


def _deadline(text: str) -> Deadline:
    return Deadline.parse(text)


def _with_commentary(row: _Row, assessments: list[Assessment]) -> list[Assessment]:
    """The register's commentary on the current assessment (else the latest given); kept unscored, a finding."""
    commentary = row.text("commentary")
    if commentary is None:
        return assessments
    if not assessments:
        row.ignored.append(_Bad(row.header("commentary") or "", commentary, "commentary on an unscored risk: left out"))
        return assessments
    at = next((n for n, a in enumerate(assessments) if a.kind is AssessmentKind.CURRENT), len(assessments) - 1)
    return [attrs.evolve(a, commentary=commentary) if n == at else a for n, a in enumerate(assessments)]


def _risk(row: _Row, number: int) -> Risk | None:
    assessments = [a for which in ASSESSMENT_KINDS if (a := _assessment(row, which)) is not None]
    assessments = _with_commentary(row, assessments)
    actions = tuple(RiskAction(what=line) for line in _lines(row.text("actions") or ""))
    deadline = row.read("deadline", _deadline)
    risk_id = row.text("id") or str(number)
    if row.bad:
        return None
    return Risk(
        id=risk_id,
        title=row.text("title") or "",
        description=row.text("description"),
        owner=row.text("owner"),
        category=row.text("category"),
        unit=row.text("unit"),
        assessments=assessments,
        controls=_lines(row.text("controls") or ""),
        actions=actions,
        deadline=deadline,
        monitoring=row.text("monitoring"),
    )


def _indicator(row: _Row, number: int) -> Indicator | None:
    polarity = row.read("polarity", _words(_POLARITY, "polarity"))
    targets, actuals, rags, notes = [], {}, {}, {}
    for column, text in row.periodic:
        if not text:
            continue
        period = row.read_cell(column.header, column.period or "", Period.parse)
        if period is None:
            continue
        if column.field == "target":
            value = row.read_cell(column.header, text, IndicatorValue.parse)
            if value is not None:
                targets.append(Target(period=period, value=value))
        elif column.field == "actual":
            value = row.read_cell(column.header, text, IndicatorValue.parse)
            if value is not None:
                actuals[period] = (column.header, text, value)
        elif column.field == "rag":
            rag = row.read_cell(column.header, text, read_rag)
            if rag is not None:
                rags[period] = (column.header, text, rag)
        else:
            notes[period] = text
    measurements = []
    for period, (header, text, value) in actuals.items():
        try:
            measurements.append(
                Measurement(
                    period=period,
                    value=value,
                    published_rag=rags.pop(period, (None, None, None))[2],
                    commentary=notes.get(period),
                )
            )
        except ModelError as err:
            row.bad.append(_Bad(header, text, str(err)))
    for period, (header, text, _) in rags.items():
        row.bad.append(_Bad(header, text, f"a RAG for {period} with no actual for {period}"))
    if row.bad:
        return None
    return Indicator(
        code=row.text("code") or str(number),
        title=row.text("title") or "",
        polarity=polarity,
        frequency=row.text("frequency"),
        targets=targets,
        measurements=measurements,
        notes=row.text("notes"),
    )


def _action(row: _Row, number: int) -> Action | None:
    deadline = row.read("deadline", _deadline)
    status = row.read("status", _words(_ACTION_STATUS, "action status"))
    updates: dict[Period, dict[str, Any]] = {}
    for column, text in row.periodic:
        if not text:
            continue
        period = row.read_cell(column.header, column.period or "", Period.parse)
        if period is None:
            continue
        entry = updates.setdefault(period, {"text": ""})
        if column.field == "update":
            entry["text"] = text
        else:
            rag = row.read_cell(column.header, text, read_rag)
            if rag is not None:
                entry["rag"] = rag
    if row.bad:
        return None
    ident = row.text("id") or row.text("number") or str(number)
    return Action(
        id=ident.rstrip("."),
        number=row.text("number") or row.text("id"),  # as printed: "1."
        title=row.text("title") or "",
        priorities=_list(row.text("priorities") or ""),
        unit=row.text("unit"),
        deadline=deadline,
        lead_officer=row.text("lead_officer"),
        status=status,
        outcome=row.text("outcome"),
        notes=row.text("notes"),
        updates=[ProgressUpdate(period=p, **e) for p, e in updates.items()],
    )


def _saving(row: _Row, number: int) -> Saving | None:
    kind = row.read("kind", _words(_SAVING_KIND, "recurrent or one-off"))
    status = row.read("status", _words(_SAVING_STATUS, "saving status"))
    confidence = row.read("confidence", read_rag)
    amounts: dict[FinancialYear, dict[str, Money]] = {}
    for column, text in row.periodic:
        if not text or text in ("-", "–", "—"):
            continue
        year = row.read_cell(column.header, column.period or "", FinancialYear.parse)
        unit = "£000" if column.thousands else None
        money = row.read_cell(column.header, text, lambda t, u=unit: Money.parse(t, unit=u))  # type: ignore[misc]
        if year is not None and money is not None:
            amounts.setdefault(year, {})[column.field] = money
    if row.bad:
        return None
    return Saving(
        id=row.text("id") or str(number),
        title=row.text("title") or "",
        unit=row.text("unit"),
        workstream=row.text("workstream"),
        category=row.text("category"),
        kind=kind,
        status=status,
        confidence=confidence,
        contributes_to=row.text("contributes_to"),
        amounts=[SavingAmount(year=y, **a) for y, a in sorted(amounts.items())],
        notes=row.text("notes"),
    )


_BUILDERS: dict[SheetKind, Callable[[_Row, int], Any]] = {
    SheetKind.RISKS: _risk,
    SheetKind.INDICATORS: _indicator,
    SheetKind.ACTIONS: _action,
    SheetKind.SAVINGS: _saving,
}


def unique_headers(header: Sequence[str]) -> tuple[str, ...]:
    """Headers made unique: a repeated "L" becomes "L (2)", "L (3)" (the guesser reads those as the same header)."""
    seen: dict[str, int] = {}
    out = []
    for text in header:
        name = " ".join(text.split())
        if name:
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = f"{name} ({seen[name]})"
        out.append(name)
    return tuple(out)


def read_rows(
    table: Table,
    kind: SheetKind | str,
    mapping: ColumnMapping | None = None,
    *,
    progress: Progress | None = None,
) -> ReadResult:
    """The rows of a :class:`Table` as a draft plan, with the findings.

    Raises:
        LoadError: a mapping whose headers the sheet does not have (the whole mapping is wrong,
            not a row), or a sheet with no header row.
    """
    kind = SheetKind(kind)
    if mapping is not None and mapping.kind is not kind:
        raise LoadError([Problem("", f"the mapping is for {mapping.kind.value}, not {kind.value}")], table.source)
    rows = table.rows
    if not rows:
        raise LoadError([Problem("", "the sheet is empty: it needs a header row")], table.source)
    if mapping is not None and mapping.header_row is not None:
        header_index = mapping.header_row - 1
        if header_index >= len(rows):
            raise LoadError([Problem("", f"no row {mapping.header_row}: the sheet has {len(rows)}")], table.source)
    else:
        header_index = find_header_row(rows, kind)
    header = unique_headers(rows[header_index])
    body = rows[header_index + 1 :]
    if mapping is None:
        mapping = guess_mapping(header, body, kind, sheet=table.sheet, header_row=header_index + 1)
    positions = {name: i for i, name in enumerate(header) if name}
    missing = [c.header for c in mapping.columns if c.header not in positions]
    if missing:
        raise LoadError(
            [
                Problem(
                    f"row {header_index + 1}",
                    f"no column {', '.join(map(repr, missing))} (headers: {', '.join(map(repr, positions))})",
                )
            ],
            table.source,
        )
    columns = [(c, positions[c.header]) for c in mapping.columns]
    findings = list(table.findings)
    mapped = {c.header for c in mapping.columns}
    for name in positions:
        if name not in mapped:
            findings.append(
                ReadFinding(
                    code="ignored-column",
                    message="no field of the mapping reads this column",
                    where=table.where(header_index + 1, name),
                    text=name,
                )
            )
    if not any(c.field in ("title", "id", "code") for c in mapping.columns):
        findings.append(
            ReadFinding(code="no-title", message="no column holds ids or titles", where=table.where(header_index + 1))
        )
    build = _BUILDERS[kind]
    entities = []
    for offset, cells in enumerate(body):
        number = header_index + 2 + offset
        if progress is not None:
            progress.advance()
        if not any(c.strip() for c in cells):
            continue
        row = _Row(mapping, columns, cells)
        try:
            entity = build(row, number)
        except (ParseError, ModelError) as err:  # a whole-row problem: an id that is not one
            row.bad.append(_Bad(columns[0][0].header if columns else "", "", str(err)))
            entity = None
        if entity is None:
            for bad in row.bad or [_Bad("", "", "the row does not read")]:
                findings.append(
                    ReadFinding(
                        code="bad-row",
                        message=f"row left out: {bad.reason}",
                        where=table.where(number, bad.header or None),
                        text=bad.text,
                    )
                )
            continue
        entities.append(entity)
        findings.extend(
            ReadFinding(
                code="ignored-cell",
                message=cell.reason,
                where=table.where(number, cell.header or None),
                text=cell.text,
            )
            for cell in row.ignored
        )
    stem = Path(table.source).stem or "imported"
    plan = ServicePlan(
        id=re.sub(r"\W+", "-", stem).strip("-") or "imported",
        title=f"Imported {kind.value} from {table.source}" + (f" ({table.sheet})" if table.sheet else ""),
        source=table.source,
    )
    changes: dict[str, Any] = {kind.value: tuple(entities)}
    plan = attrs.evolve(plan, **changes)
    return ReadResult(plan=plan, findings=tuple(findings))


def guess_sheet_mapping(
    path: str | os.PathLike[str], kind: SheetKind | str, *, sheet: str | None = None
) -> ColumnMapping:
    """The mapping :func:`read_sheet` would guess for a file, to show, confirm and save."""
    table = read_table(path, sheet=sheet, kind=kind)
    index = find_header_row(table.rows, kind)
    header = unique_headers(table.rows[index]) if table.rows else ()
    return guess_mapping(header, table.rows[index + 1 :], kind, sheet=table.sheet, header_row=index + 1)


def read_sheet(
    path: str | os.PathLike[str],
    kind: SheetKind | str,
    mapping: ColumnMapping | None = None,
    *,
    sheet: str | None = None,
    progress: bool = False,
) -> ReadResult:
    """Read a council's own sheet (``.xlsx``, ``.xlsm`` or ``.csv``) of ``kind`` into a draft plan.

    Args:
        path: the file.
        kind: ``"risks"``, ``"indicators"``, ``"actions"`` or ``"savings"``.
        mapping: which column fills which field; guessed from the headers when ``None``.
        sheet: the workbook's sheet (default: the mapping's, else the first with headers of ``kind``).
        progress: draw a progress bar on stderr when it is a terminal and the rows take over a second.

    Returns:
        The plan (its ``risks``, ``indicators``, ``actions`` or ``savings``: the good rows) and the
        findings: each bad row (sheet, row, column, text), each ignored column, each coerced file.

    Raises:
        LoadError: a file that cannot be read, a missing sheet, or headers the mapping names but
            the sheet lacks.
        LimitError: a file over a loading limit.
    """
    kind = SheetKind(kind)
    table = read_table(path, sheet=sheet or (mapping.sheet if mapping else None), kind=kind)
    if not progress:
        return read_rows(table, kind, mapping)
    with Progress(len(table.rows), f"reading {kind.value}") as bar:
        return read_rows(table, kind, mapping, progress=bar)
