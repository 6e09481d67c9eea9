"""Excel workbooks (.xlsx): a sheet per table, for officers to read, fill in and load back.

Each table of :mod:`serviceplan.tables` is a sheet with a bold, shaded header
row, frozen below the header, and a drop-down list on every column of a closed
vocabulary (RAG, assessment kind, status …), so an officer can fill a sheet in
and load it back. A ``manifest`` sheet carries ``format_version``, ``kind``
and the set's name.

Text cells are neutralised against formula injection the same reversible way
as CSV (:func:`~serviceplan.serialisers.tabular.escape_cell`); text with
characters a workbook cannot hold (control characters) is written escaped,
behind a ``'\\`` marker, and read back exactly. On loading, a date an officer
typed into a text column (Excel stores it as a serial number) reads as
``YYYY-MM-DD``, and a whole number typed as a number reads as its digits.
Needs the ``excel`` extra (openpyxl).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any

import attrs

from serviceplan.errors import LimitError, LoadError, MissingDependencyError, Problem
from serviceplan.serialisers._limits import MAX_BYTES
from serviceplan.serialisers.converter import FORMAT_VERSION
from serviceplan.serialisers.tabular import _finish, _typed, escape_cell, unescape_cell
from serviceplan.typing import PlanLike

__all__ = ["EXCEL", "ExcelSerialiser"]

# Control characters a workbook cannot hold, CR (XML turns it into LF) and XML's non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_MARK = "'\\"
MAX_CELLS = 20_000_000
"""Largest number of cells a workbook may have (a 100,000-action plan is about 6 million)."""


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - exercised without the extra
        raise MissingDependencyError("Excel needs openpyxl: pip install 'serviceplan[excel]'") from None
    return openpyxl


def _write_text(text: str) -> str:
    if _ILLEGAL.search(text):
        return _MARK + text.encode("unicode_escape").decode("ascii")
    return escape_cell(text)


def _read_text(value: str) -> str:
    if value.startswith(_MARK):
        return value[len(_MARK) :].encode("ascii").decode("unicode_escape")
    return unescape_cell(value)


def _cell_text(value: Any) -> str | None:
    """A cell as the text the tables hold (``None`` for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return _read_text(value)
    return str(value)


@attrs.frozen(kw_only=True)
class ExcelSerialiser:
    """Excel workbook serialiser (``.xlsx``)."""

    name: str = "excel"
    suffixes: tuple[str, ...] = (".xlsx",)
    binary: bool = True

    def dumps(self, plan: PlanLike) -> bytes:
        """Write the plan's tables as a workbook."""
        import pandas as pd

        from serviceplan.model import PlanSet
        from serviceplan.tables import to_frames

        openpyxl = _openpyxl()
        from openpyxl.styles import Font, PatternFill
        from openpyxl.worksheet.datavalidation import DataValidation

        frames = to_frames(plan)
        book = openpyxl.Workbook()
        manifest = book.active
        manifest.title = "manifest"
        manifest.append(["key", "value"])
        manifest.append(["format_version", FORMAT_VERSION])
        manifest.append(["kind", "plan_set" if isinstance(plan, PlanSet) else "service_plan"])
        manifest.append(["name", _write_text(plan.name) if isinstance(plan, PlanSet) else None])
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        for name, frame in frames.items():
            sheet = book.create_sheet(name)
            sheet.append(list(frame.columns))
            for cell in sheet[1]:
                cell.font, cell.fill = bold, fill
            sheet.freeze_panes = "A2"
            for row in frame.astype(object).itertuples(index=False, name=None):
                sheet.append([None if pd.isna(v) else (_write_text(v) if isinstance(v, str) else v) for v in row])
            last = max(len(frame) + 1, 2)
            for position, column in enumerate(frame.columns, start=1):
                dtype = frame[column].dtype
                if isinstance(dtype, pd.CategoricalDtype):
                    words = ",".join(map(str, dtype.categories))
                    check = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
                    letter = openpyxl.utils.get_column_letter(position)
                    check.add(f"{letter}2:{letter}{last + 500}")
                    sheet.add_data_validation(check)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def loads(self, data: bytes, *, source: str | None = None) -> PlanLike:
        """Read a workbook written by :meth:`dumps` (and perhaps filled in by hand)."""
        import pandas as pd

        from serviceplan.tables import table_specs

        openpyxl = _openpyxl()
        if len(data) > MAX_BYTES:
            raise LimitError([Problem("", f"input is {len(data):,} bytes; the limit is {MAX_BYTES:,}")], source)
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as err:  # openpyxl and zipfile raise many kinds for a file that is not a workbook
            raise LoadError([Problem("", f"not an Excel workbook: {type(err).__name__}: {err}")], source) from None
        try:
            if "manifest" not in book.sheetnames:
                raise LoadError([Problem("manifest", "sheet missing")], source)
            facts = {
                row[0]: row[1]
                for row in book["manifest"].iter_rows(min_row=2, max_col=2, values_only=True)
                if row and row[0] is not None
            }
            if facts.get("format_version") != FORMAT_VERSION:
                version = facts.get("format_version")
                raise LoadError(
                    [
                        Problem(
                            "manifest:format_version",
                            f"this serviceplan reads version {FORMAT_VERSION}, not {version!r}",
                        )
                    ],
                    source,
                )
            name = facts.get("name")
            manifest = {"kind": facts.get("kind"), "name": _read_text(name) if isinstance(name, str) else name}
            specs = table_specs()
            frames = {}
            cells = 0
            for sheet_name in book.sheetnames:
                if sheet_name == "manifest":
                    continue
                rows = book[sheet_name].iter_rows(values_only=True)
                header = next(rows, None)
                if header is None:
                    raise LoadError([Problem(f"sheet {sheet_name}", "has no header row")], source)
                header = [str(h) if h is not None else "" for h in header]
                while header and header[-1] == "":
                    header.pop()
                body = []
                for row in rows:
                    values = [_cell_text(v) for v in row[: len(header)]]
                    if any(v is not None for v in values):
                        body.append(values + [None] * (len(header) - len(values)))
                    cells += len(header)
                    if cells > MAX_CELLS:
                        raise LimitError([Problem("", f"the workbook has more than {MAX_CELLS:,} cells")], source)
                frame = pd.DataFrame(
                    {h: pd.array([r[n] for r in body], dtype=object) for n, h in enumerate(header)}, columns=header
                )
                frames[sheet_name] = _typed(frame, specs.get(sheet_name), f"sheet {sheet_name}", source)
        finally:
            book.close()
        return _finish(frames, manifest, source)


EXCEL = ExcelSerialiser()
