"""Excel workbooks (.xlsx): a sheet per table, for officers to read, fill in and load back.

The first sheet, ``about``, says what the workbook holds and how to fill it in; a
``manifest`` sheet carries ``format_version``, ``kind`` and the set's name; then each
table of :mod:`serviceplan.io.tables` is a sheet with a bold, shaded header row frozen
in place, the columns an officer reads first and the keys last (in grey), widths that
fit the text, and a drop-down list on every column of a closed vocabulary (RAG,
assessment kind, status …) and on likelihood and impact (the levels of the risk matrix).
Reading takes columns by name and ignores ``about``.

Text cells are neutralised against formula injection the same reversible way
as CSV (:func:`~serviceplan.io.formats.tabular.escape_cell`); text with
characters a workbook cannot hold (control characters), or of white space
alone, is written escaped,
behind a ``'\\`` marker, and read back exactly. On loading, a date an officer
typed into a text column (Excel stores it as a serial number) reads as
``YYYY-MM-DD``, and a whole number typed as a number reads as its digits;
TRUE or FALSE in a text column is an error (text stays text). Text that looks
like an Excel error (``#N/A``) is written escaped, as text, and text longer
than a cell holds is a :class:`~serviceplan.errors.DumpError`. Before a
reader opens a workbook its XML is checked against the limits of
``serviceplan.io.limits`` (declared dimension, farthest cell, rows, cells),
and a formula without a saved value or an error cell is refused naming sheet
and cell.
Needs the ``excel`` extra: openpyxl writes, and python-calamine reads
(openpyxl reads when python-calamine is not installed, several times slower).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any

import attrs

from serviceplan._optional import require
from serviceplan.errors import DumpError, LimitError, LoadError, Problem
from serviceplan.io.converter import FORMAT_VERSION, header_problems
from serviceplan.io.findings import ReadFinding, ReadResult
from serviceplan.io.formats._cells import CellReader
from serviceplan.io.formats._guard import check_workbook, open_zip
from serviceplan.io.formats.tabular import _finish, column_kinds, escape_cell, typed_column, unescape_cell
from serviceplan.io.limits import current_limits
from serviceplan.typing import PlanLike

__all__ = ["ABOUT", "EXCEL", "ExcelSerialiser"]

# Control characters a workbook cannot hold, CR (XML turns it into LF) and XML's non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_MARK = "'\\"
# Text a writer would store as an Excel error value (and a reader give back as an empty cell).
_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})


def _openpyxl() -> Any:
    return require("openpyxl", purpose="Excel")


def _write_text(text: str) -> str:
    # Escaped too: text of spaces or newlines alone, which XML readers (calamine) take for an empty cell.
    if _ILLEGAL.search(text) or text.isspace():
        return _MARK + text.encode("unicode_escape").decode("ascii")
    if text.upper() in _ERRORS:
        return "'" + text  # text, not an error value: read back without the "'"
    return escape_cell(text)


def _read_text(value: str) -> str:
    if value.startswith(_MARK):
        return value[len(_MARK) :].encode("ascii").decode("unicode_escape")
    return unescape_cell(value)


def _cell_text(value: Any) -> str | None:
    """A cell as the text the tables hold (``None`` for an empty cell)."""
    if type(value) is str:
        if not value:
            return None  # calamine gives "" for an empty cell; the writer escapes empty text as "'"
        return _read_text(value) if value[0] == "'" else value
    if value is None:
        return None
    if isinstance(value, bool):
        raise _NotText(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return _read_text(value)
    return str(value)


class _NotText(Exception):
    pass


class _Formats:
    """Number formats of the cells that need one to be read as meant (a percentage), read only when asked."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.book: Any = None

    def percent(self, sheet: str, row: int, column: int) -> bool:
        if self.book is None:
            self.book = _openpyxl().load_workbook(io.BytesIO(self.data), read_only=False, data_only=True)
        fmt = self.book[sheet].cell(row=row, column=column + 1).number_format
        return isinstance(fmt, str) and "%" in fmt


def _sheet_frame(
    header: list[str],
    body: list[list[Any]],
    spec: Any,
    where: str,
    source: str | None,
    *,
    sheet: str = "",
    rows: list[int] | None = None,
    findings: list[ReadFinding] | None = None,
    formats: _Formats | None = None,
) -> Any:
    """A sheet's rows as a table: key and whole-number columns ``Int64``, flags ``boolean``, the rest text.

    Cells an officer typed are read as meant (:mod:`~serviceplan.io.formats._cells`): a date
    cell or a date serial in a date or deadline column as its date, a number in a text column
    as its digits, a percent-formatted number as a percentage, TRUE or FALSE in a yes/no
    column as yes or no; each reading is added to ``findings``. Any other TRUE or FALSE in a
    text column is an error naming its cell: text stays text.
    """
    pd = require("pandas")

    by_name = {c.name: c for c in spec.columns} if spec is not None else {}
    numbers = rows if rows is not None else list(range(2, len(body) + 2))

    if len(set(header)) != len(header):
        twice = next(h for h in header if header.count(h) > 1)
        raise LoadError([Problem(where, f"the column {twice!r} is given twice")], source)
    _, kinds = column_kinds(spec)
    width = len(header)
    padded = [row if len(row) >= width else [*row, *([None] * (width - len(row)))] for row in body]
    columns = list(zip(*padded, strict=False)) if padded else [() for _ in header]
    data = {}
    for position, (name, stored) in enumerate(zip(header, columns, strict=False)):
        cells: Any = stored
        typed = typed_column(cells, kinds.get(name), f"{where}:{name}", source)
        if typed is None:
            if any(type(v) is not str and v is not None for v in cells):
                reader = CellReader(sheet, header, by_name.get(name), findings)
                cells = [
                    reader.read(
                        v,
                        position,
                        numbers[n],
                        percent=formats is not None
                        and isinstance(v, float)
                        and not v.is_integer()
                        and formats.percent(sheet, numbers[n], position),
                    )
                    for n, v in enumerate(stored)
                ]
            try:
                typed = pd.array(
                    [v if type(v) is str and v and v[0] != "'" else _cell_text(v) for v in cells], dtype=object
                )
            except _NotText as err:
                row = next(n for n, v in enumerate(cells, start=2) if isinstance(v, bool))
                raise LoadError(
                    [Problem(f"{where}:{name}, row {row}", f"expected text, not the value {str(err.args[0]).upper()}")],
                    source,
                ) from None
        data[name] = typed
    return pd.DataFrame(data, columns=header)


def _sheets_calamine(data: bytes) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheets = {}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            if sheet.total_height * sheet.total_width > current_limits().max_cells:
                raise _TooBig
            sheets[name] = sheet.to_python(skip_empty_area=False)
        return sheets
    finally:
        book.close()


def _sheets_openpyxl(data: bytes) -> dict[str, list[list[Any]]]:
    book = _openpyxl().load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = {}
        cells = 0
        limit = current_limits().max_cells
        for name in book.sheetnames:
            rows = []
            for row in book[name].iter_rows(values_only=True):
                rows.append(list(row))
                cells += len(row)
                if cells > limit:
                    raise _TooBig
            sheets[name] = rows
        return sheets
    finally:
        book.close()


class _TooBig(Exception):
    pass


def _read_sheets(data: bytes, source: str | None) -> dict[str, list[list[Any]]]:
    """Every sheet's rows of raw cell values: through python-calamine when installed, else openpyxl."""
    with open_zip(data, source, "an Excel workbook") as book:
        check_workbook(book, source)
    try:
        import python_calamine  # noqa: F401 - only asking whether it is installed
    except ImportError:
        read = _sheets_openpyxl
    else:
        read = _sheets_calamine
    try:
        return read(data)
    except _TooBig:
        raise LimitError(
            [
                Problem(
                    "",
                    f"the workbook has more than {current_limits().max_cells:,} cells (Limits.max_cells)",
                )
            ],
            source,
        ) from None
    except Exception as err:  # the readers raise many kinds for a file that is not a workbook
        raise LoadError([Problem("", f"not an Excel workbook: {type(err).__name__}: {err}")], source) from None


def _check_lengths(frames: dict[str, Any]) -> None:
    """Refuse text longer than a cell holds (``MAX_TEXT``) rather than let Excel cut it."""
    most = current_limits().max_text
    for table, frame in frames.items():
        for name in frame.columns:
            column = frame[name]
            if column.dtype != "string":
                continue
            lengths = column.str.len()
            # escaping adds at most a marker and four characters for one: only long texts need a closer look
            for row in lengths.index[lengths.fillna(0) > most // 4 - 2]:
                value = _write_text(column[row])
                if len(value) > most:
                    raise DumpError(
                        f"{table}[{row}].{name}: the text is {len(value):,} characters in a cell"
                        f" ({column[row][:30]!r}...); an Excel cell holds at most {most:,}:"
                        " write the plan as JSON, YAML, CSV or Parquet instead"
                    )


ABOUT = "about"
"""The name of the first sheet, which explains the workbook to the person who opens it; reading ignores it."""

_WIDEST = 60  # characters: a column of long text is this wide, and the text is read in the cell or formula bar
_SAMPLE = 500  # rows looked at to size a column


def _is_key(name: str) -> bool:
    """Whether a column is one of the keys that tie rows together, rather than something an officer reads."""
    return name in ("plan_index", "plan_id", "position") or name.endswith("_index")


def _readable_order(names: list[str]) -> list[str]:
    """The columns an officer reads first, in the model's order; the keys last."""
    return [n for n in names if not _is_key(n)] + [n for n in names if _is_key(n)]


def _widths(sheet: Any, columns: list[tuple[str, list[Any]]], openpyxl: Any) -> None:
    """Each column as wide as its header and its longest line of text (of the first rows), within limits."""
    for position, (name, values) in enumerate(columns, start=1):
        longest = len(name)
        for value in values[:_SAMPLE]:
            if value is None:
                continue
            text = value if type(value) is str else str(value)
            longest = max(longest, *map(len, text.splitlines() or [""]))
            if longest >= _WIDEST:
                break
        letter = openpyxl.utils.get_column_letter(position)
        sheet.column_dimensions[letter].width = min(longest, _WIDEST) + 2


def _matrix_levels(assessments: Any) -> dict[str, tuple[str, ...]]:
    """The levels a likelihood and an impact cell may take: those of the matrices the assessments are scored on.

    Where every assessment is scored on one matrix (a preset, or the default 5 × 5), its
    levels, each with its label for the drop-down's prompt; where they differ, the levels of the
    largest. A matrix the library does not know (a council's own, named only) gives none.
    """
    from serviceplan.checks.risks import DEFAULT_MATRIX
    from serviceplan.errors import NotFoundError
    from serviceplan.risk import risk_matrix

    if assessments is None:
        return {}
    given = assessments["matrix"].to_numpy(dtype=object, na_value=None)
    names = {str(v) if v is not None else DEFAULT_MATRIX for v in given}
    names = names or {DEFAULT_MATRIX}
    scales: dict[str, list[Any]] = {"likelihood": [], "impact": []}
    for name in sorted(names):
        try:
            matrix = risk_matrix(name)
        except NotFoundError:
            return {}
        scales["likelihood"].append(matrix.likelihood)
        scales["impact"].append(matrix.impact)
    levels = {}
    for axis, found in scales.items():
        widest = max(found, key=len)
        if len({tuple(level.label for level in s.levels) for s in found}) == 1:
            levels[axis] = tuple(f"{level.number} {level.label}" for level in widest.levels)
        else:
            levels[axis] = tuple(str(level.number) for level in widest.levels)
    return levels


def _drop_downs(sheet: Any, frame: Any, names: list[str], last: int, levels: dict[str, tuple[str, ...]]) -> None:
    """A drop-down of its words on every column of a closed vocabulary, of its levels on likelihood and impact."""
    pd = require("pandas")
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for position, column in enumerate(names, start=1):
        dtype = frame[column].dtype
        letter = get_column_letter(position)
        if isinstance(dtype, pd.CategoricalDtype):
            words = ",".join(map(str, dtype.categories))
            check = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
        elif column in levels:
            numbers = [level.split(" ", 1)[0] for level in levels[column]]
            check = DataValidation(type="list", formula1=f'"{",".join(numbers)}"', allow_blank=True)
            check.promptTitle = f"{column} level"[:32]
            check.prompt = "; ".join(levels[column])[:255]
            check.showInputMessage = True
            check.error = f"{column} is a level of the risk matrix: {numbers[0]} to {numbers[-1]}"[:255]
            check.showErrorMessage = True
        else:
            continue
        check.add(f"{letter}2:{letter}{last}")
        sheet.data_validations.append(check)


def _about_sheet(book: Any, plan: PlanLike, frames: dict[str, Any], specs: dict[str, Any], header: Any) -> None:
    """The first sheet: what the workbook is, how to fill it in, and what each sheet holds."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from serviceplan.model import PlanSet

    sheet = book.create_sheet(ABOUT)
    sheet.freeze_panes = "A2"
    title = plan.name if isinstance(plan, PlanSet) else plan.title
    what = f"{len(plan.plans)} service plans" if isinstance(plan, PlanSet) else "a service plan"
    lines = [
        f"This workbook holds {what}, written by serviceplan: a sheet per table, a row per item.",
        'Correct or fill in cells, add rows, then load it back: serviceplan.load("this.xlsx").',
        "Grey columns at the right of a sheet (plan_index, position, actions_index …) tie rows together:"
        " keep them, and give a new row the numbers of the row it belongs to.",
        "A cell with a drop-down takes one of its words; likelihood and impact take a level of the risk matrix.",
        "Dates may be typed as dates and percentages as 85%: serviceplan.io.read_workbook lists every cell it"
        " read as meant. The manifest sheet says what the file is: leave it as it is.",
    ]
    heading = WriteOnlyCell(sheet, value=_write_text(title))
    heading.font = Font(bold=True, size=14)
    described = [(name, _describe(specs.get(name)), len(frame)) for name, frame in frames.items()]
    sheet.column_dimensions["A"].width = max(len(n) for n, _, _ in described) + 2
    sheet.column_dimensions["B"].width = min(max(len(d) for _, d, _ in described) + 2, 90)
    sheet.column_dimensions["C"].width = 8
    sheet.append([heading])
    for line in lines:
        sheet.append([None, line])
    sheet.append([])
    sheet.append(header(sheet, ["sheet", "what a row is", "rows"]))
    for name, description, count in described:
        sheet.append([name, description, count])


def _describe(spec: Any) -> str:
    """What a row of a table is, in words: the first line of its class's docstring, or the list it is an item of."""
    if spec is None:
        return ""
    by = "plan_index" if spec.parent == "plans" else f"{spec.parent}_index"
    if spec.cls is not None:
        doc = (spec.cls.__doc__ or spec.cls.__name__).strip().splitlines()[0].rstrip(".").replace("``", "")
        what = doc[:1].lower() + doc[1:] if doc[1:2].islower() or doc[1:2] == " " else doc
        return what if spec.parent is None else f"{what} (a row of {spec.parent}, by {by})"
    return f"an item of the {'.'.join(spec.path)} list (a row of {spec.parent}, by {by})"


@attrs.frozen(kw_only=True)
class ExcelSerialiser:
    """Excel workbook serialiser (``.xlsx``)."""

    name: str = "excel"
    suffixes: tuple[str, ...] = (".xlsx",)
    binary: bool = True

    def dumps(self, plan: PlanLike) -> bytes:
        """Write the plan's tables as a workbook an officer can read.

        The first sheet, ``about``, says what the workbook is and what each sheet holds;
        ``manifest`` follows, then a sheet per table. On every sheet the header is bold
        and frozen, columns are as wide as their text (up to a limit), the columns an
        officer reads come first and the key columns that tie rows together
        (``plan_index``, ``position``, ``actions_index`` …) come last, in grey; every
        column of a closed vocabulary has a drop-down of its words, and likelihood and
        impact a drop-down of the levels of the plan's risk matrix. Reading ignores the
        ``about`` sheet and takes columns by name, so the layout loses nothing.

        >>> import io, openpyxl, serviceplan
        >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
        >>> book = openpyxl.load_workbook(io.BytesIO(EXCEL.dumps(plan)))
        >>> book.sheetnames[:3]
        ['about', 'manifest', 'plans']
        >>> [cell.value for cell in book["actions"][1]][:4], [cell.value for cell in book["actions"][1]][-3:]
        (['id', 'title', 'number', 'unit'], ['plan_index', 'plan_id', 'position'])
        """
        from serviceplan.io.tables import table_specs, to_frames
        from serviceplan.model import PlanSet

        openpyxl = _openpyxl()
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font, PatternFill

        frames = to_frames(plan)
        _check_lengths(frames)  # before the workbook streams out: nothing half written
        book = openpyxl.Workbook(write_only=True)  # streams rows out: a fraction of the time and memory
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        grey, grey_fill = Font(color="808080"), PatternFill("solid", fgColor="EDEDED")
        grey_bold = Font(bold=True, color="808080")

        def header(sheet: Any, names: list[str], keys: frozenset[str] = frozenset()) -> list[Any]:
            cells = []
            for text in names:
                cell = WriteOnlyCell(sheet, value=text)
                cell.font, cell.fill = (grey_bold, grey_fill) if text in keys else (bold, fill)
                cells.append(cell)
            return cells

        ordered = {name: _readable_order(list(map(str, frame.columns))) for name, frame in frames.items()}
        _about_sheet(book, plan, frames, table_specs(), header)
        manifest = book.create_sheet("manifest")
        manifest.freeze_panes = "A2"
        _widths(manifest, [("key", ["format_version", "kind"]), ("value", [])], openpyxl)
        manifest.append(header(manifest, ["key", "value"]))
        manifest.append(["format_version", FORMAT_VERSION])
        manifest.append(["kind", "plan_set" if isinstance(plan, PlanSet) else "service_plan"])
        manifest.append(["name", _write_text(plan.name) if isinstance(plan, PlanSet) else None])
        levels = _matrix_levels(frames.get("risks_assessments"))
        for name, frame in frames.items():
            sheet = book.create_sheet(name)
            sheet.freeze_panes = "A2"
            names = ordered[name]
            keys = frozenset(n for n in names if _is_key(n))
            columns = [
                [v if type(v) is not str else _write_text(v) for v in frame[c].to_numpy(dtype=object, na_value=None)]
                for c in names
            ]
            _widths(sheet, list(zip(names, columns, strict=True)), openpyxl)
            for position, column in enumerate(names, start=1):
                if column in keys:  # grey headers, and grey for what is typed below them
                    sheet.column_dimensions[openpyxl.utils.get_column_letter(position)].font = grey
            scale = levels if name == "risks_assessments" else {}
            _drop_downs(sheet, frame, names, max(len(frame) + 1, 2) + 500, scale)
            sheet.append(header(sheet, names, keys))
            for row in zip(*columns, strict=True):
                sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def loads(self, data: bytes, *, source: str | None = None) -> PlanLike:
        """Read a workbook written by :meth:`dumps` (and perhaps filled in by hand).

        Cells an officer typed are read as meant; :meth:`read` gives the plan with a
        finding for each such reading.
        """
        return self._loads(data, source, None)

    def read(self, data: bytes, *, source: str | None = None) -> ReadResult:
        """The plan of a workbook, and a finding for every cell read as meant rather than as stored.

        >>> import serviceplan
        >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
        >>> EXCEL.read(EXCEL.dumps(plan)).findings  # a workbook the library wrote needs no reading-in
        ()
        """
        findings: list[ReadFinding] = []
        plan = self._loads(data, source, findings)
        return ReadResult(plan=plan, findings=tuple(findings))

    def _loads(self, data: bytes, source: str | None, findings: list[ReadFinding] | None) -> PlanLike:
        from serviceplan.io.tables import table_specs

        formats = _Formats(data)
        sheets = _read_sheets(data, source)
        if "manifest" not in sheets:
            raise LoadError([Problem("manifest", "sheet missing")], source)
        facts: dict[Any, Any] = {}
        for number, row in enumerate(sheets["manifest"][1:], start=2):
            if not row or row[0] in (None, ""):
                continue
            if row[0] in facts:
                raise LoadError([Problem(f"manifest, row {number}", f"the key {row[0]!r} is given twice")], source)
            if row[0] not in ("format_version", "kind", "name"):
                raise LoadError([Problem(f"manifest, row {number}", f"unknown key {row[0]!r}")], source)
            facts[row[0]] = row[1] if len(row) >= 2 else None
        version = facts.get("format_version")
        if type(version) is float and version.is_integer():
            version = int(version)
        problems = header_problems(version, facts.get("kind"), "manifest:")
        if problems:
            raise LoadError(problems, source)
        name = facts.get("name")
        manifest = {"kind": facts.get("kind"), "name": _read_text(name) if isinstance(name, str) and name else None}
        specs = table_specs()
        frames = {}
        for sheet_name, rows in sheets.items():
            if sheet_name in ("manifest", ABOUT):
                continue
            if not rows:
                raise LoadError([Problem(f"sheet {sheet_name}", "has no header row")], source)
            header = [str(h) if h not in (None, "") else "" for h in rows[0]]
            while header and header[-1] == "":
                header.pop()
            kept = [
                (number, row)
                for number, row in enumerate(rows[1:], start=2)
                if any(v not in (None, "") for v in row[: len(header)])
            ]
            frames[sheet_name] = _sheet_frame(
                header,
                [row for _, row in kept],
                specs.get(sheet_name),
                f"sheet {sheet_name}",
                source,
                sheet=sheet_name,
                rows=[number for number, _ in kept],
                findings=findings,
                formats=formats,
            )
        return _finish(frames, manifest, source)


EXCEL = ExcelSerialiser()
