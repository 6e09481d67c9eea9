"""What an officer typed into a spreadsheet cell, read as meant, and said (private).

A workbook an officer edits holds cells the way a spreadsheet stores them,
not the way the plan writes them: a deadline typed as a date is a date cell
(or, in a sheet saved without its formats, the date's serial number, 40451);
an id typed as 12 is a number; "Yes" chosen from a yes/no column may be the
value TRUE; 85% in a percentage is the number 0.85 formatted as a percent.
Each is read as meant, and each reading is a :class:`~serviceplan.io.findings.ReadFinding`
naming the sheet and cell, the value found and what it was read as; nothing
is changed without one.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from serviceplan.errors import LoadError, Problem
from serviceplan.io.fields import Kind
from serviceplan.io.findings import ReadFinding
from serviceplan.values import Deadline

__all__ = ["CellReader", "TextCellReader", "cell_ref", "decode_spreadsheet_text", "delimiter_of"]

_EPOCH = date(1899, 12, 30)  # Excel's day 0 in the 1900 date system (the 1900 leap-year bug included)
_SERIALS = (1, 2958465)  # 1900-01-01 .. 9999-12-31


def cell_ref(column: int, row: int) -> str:
    """A cell's A1 reference from 0-based column and 1-based row numbers: ``cell_ref(4, 7) == "E7"``."""
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _serial_date(value: float) -> date | None:
    if not float(value).is_integer() or not _SERIALS[0] <= value <= _SERIALS[1]:
        return None
    return _EPOCH + timedelta(days=int(value))


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)


class CellReader:
    """Reads one text column's cells of one sheet, recording each interpretation it makes."""

    def __init__(self, sheet: str, header: list[str], column: Any, findings: list[ReadFinding] | None) -> None:
        self.sheet = sheet
        self.findings = findings
        self.header = header
        shape = column.shape.inner if column is not None else None
        self.dates = shape is not None and (
            shape.kind is Kind.DATE or (shape.kind is Kind.TEXT_VALUE and shape.type is Deadline)
        )
        self.vocabulary: dict[bool, str] = {}
        if shape is not None and shape.kind is Kind.ENUM and issubclass(shape.type, enum.Enum):
            values = {str(m.value).lower(): str(m.value) for m in shape.type}
            if "yes" in values and "no" in values:
                self.vocabulary = {True: values["yes"], False: values["no"]}

    def note(self, where: str, message: str, value: object) -> None:
        if self.findings is not None:
            self.findings.append(
                ReadFinding(code="coerced", message=message, where=f"{self.sheet}!{where}", text=str(value))
            )

    def read(self, value: Any, column: int, row: int, percent: bool = False) -> Any:
        """The cell as the text the tables hold (``None`` when empty), or ``value`` unchanged if it is text."""
        if type(value) is str or value is None:
            return value
        where = cell_ref(column, row)
        name = self.header[column] if column < len(self.header) else ""
        if isinstance(value, bool):
            if value in self.vocabulary:
                self.note(where, f"{name}: the value {str(value).upper()} read as {self.vocabulary[value]!r}", value)
                return self.vocabulary[value]
            return value  # the caller refuses it: text stays text
        if isinstance(value, datetime):
            text = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
            self.note(where, f"{name}: a date cell read as the date {text}", value)
            return text
        if isinstance(value, date):
            self.note(where, f"{name}: a date cell read as the date {value.isoformat()}", value)
            return value.isoformat()
        if isinstance(value, (int, float)):
            if self.dates:
                day = _serial_date(value)
                if day is not None:
                    self.note(where, f"{name}: the date serial {_number_text(value)} read as {day.isoformat()}", value)
                    return day.isoformat()
            if percent:
                shown = format((Decimal(repr(float(value))) * 100).normalize(), "f") + "%"
                self.note(where, f"{name}: a percentage cell ({value!r}) read as {shown}", value)
                return shown
            text = _number_text(value)
            self.note(where, f"{name}: a number cell read as the text {text!r}", value)
            return text
        return str(value)


# --- CSV a spreadsheet saved ---------------------------------------------------------------


def decode_spreadsheet_text(data: bytes, where: str, source: str | None) -> tuple[str, ReadFinding | None]:
    """The text of a CSV file: UTF-8 (with or without Excel's byte-order mark), else Windows-1252.

    Excel's "CSV (Comma delimited)" saves in Windows-1252 (``£`` is the byte 0xA3); such
    a file is read, with a finding saying so. Bytes that are neither (0x81 is no
    Windows-1252 character) are a :class:`~serviceplan.errors.LoadError` naming the first.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            bad = data[err.start : err.start + 1]
            raise LoadError(
                [Problem(where, f"not UTF-8 nor Windows-1252 text (byte {err.start}: {bad!r}); save it as UTF-8")],
                source,
            ) from None
        return text, ReadFinding(
            code="coerced",
            message="not UTF-8: read as Windows-1252, as Excel saves CSV (save as UTF-8 to be sure of £ and accents)",
            where=where,
            text=data[err.start : err.start + 1].decode("cp1252"),
        )


def delimiter_of(header_line: str) -> str:
    """The separator of a CSV file of the library's tables, from its header: a comma, or ``;`` or a tab.

    A spreadsheet in a locale whose decimal mark is a comma saves CSV with ``;``; the
    library's column names hold neither, so a header with no comma and a ``;`` (or a tab)
    is separated by it.
    """
    if "," in header_line:
        return ","
    if ";" in header_line:
        return ";"
    if "\t" in header_line:
        return "\t"
    return ","


_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_SPREADSHEET_FLAGS = {"TRUE": "True", "FALSE": "False"}


class TextCellReader:
    """Reads one column of a CSV table a spreadsheet saved, recording each interpretation it makes.

    * TRUE or FALSE (a spreadsheet's own words) in a flag column as True or False, and in a
      yes/no column as yes or no;
    * a date a UK spreadsheet shows as ``30/09/2010`` (or ``30/09/10``) in a date column as
      ``2010-09-30``;
    * ``12,5`` in a decimal column of a file separated by ``;`` (a decimal-comma locale) as ``12.5``.

    A deadline written as a date in digits (``04/01/09``) is kept as written, with a ``suspect``
    finding: a spreadsheet that opens a CSV file rewrites "April 09" so. Nothing else changes:
    text stays text, and what still does not read is refused by the strict converter, naming
    its place.
    """

    def __init__(
        self,
        where: str,
        column: Any,
        *,
        flag: bool,
        decimal_comma: bool,
        findings: list[ReadFinding] | None,
    ) -> None:
        self.where = where
        self.findings = findings
        self.flag = flag
        shape = column.shape.inner if column is not None else None
        self.dates = shape is not None and shape.kind is Kind.DATE
        self.deadlines = shape is not None and shape.kind is Kind.TEXT_VALUE and shape.type is Deadline
        self.decimals = decimal_comma and shape is not None and shape.kind is Kind.DECIMAL
        self.vocabulary: dict[str, str] = {}
        if shape is not None and shape.kind is Kind.ENUM and issubclass(shape.type, enum.Enum):
            values = {str(m.value).lower(): str(m.value) for m in shape.type}
            if "yes" in values and "no" in values:
                self.vocabulary = {"TRUE": values["yes"], "FALSE": values["no"]}

    @property
    def needed(self) -> bool:
        """Whether this column can hold anything to interpret."""
        return self.flag or self.dates or self.decimals or bool(self.vocabulary) or self.deadlines

    def _note(self, row: int, message: str, text: str, code: str = "coerced") -> None:
        if self.findings is not None:
            self.findings.append(ReadFinding(code=code, message=message, where=f"{self.where}, row {row}", text=text))

    def read(self, cells: list[str | None]) -> list[str | None]:
        """The column's cells as the tables hold them; row numbers count the header as row 1."""
        out = list(cells)
        for n, text in enumerate(cells):
            if text is None:
                continue
            row = n + 2
            if self.flag and text in _SPREADSHEET_FLAGS:
                out[n] = _SPREADSHEET_FLAGS[text]
                self._note(row, f"the spreadsheet's {text} read as {out[n]}", text)
            elif text in self.vocabulary:
                out[n] = self.vocabulary[text]
                self._note(row, f"the spreadsheet's {text} read as {out[n]!r}", text)
            elif self.dates and (found := _UK_DATE.fullmatch(text)):
                day, month, year = (int(g) for g in found.groups())
                try:
                    meant = date(year + 2000 if len(found.group(3)) == 2 else year, month, day)
                except ValueError:
                    continue  # not a date: the converter refuses it, naming the text
                out[n] = meant.isoformat()
                self._note(row, f"the date {text} (day/month/year) read as {out[n]}", text)
            elif self.deadlines and _UK_DATE.fullmatch(text):
                # kept as written; but a spreadsheet opening a CSV turns "April 09" into 04/01/09 (or 01/04/2009)
                self._note(
                    row,
                    "a deadline written as a date in digits: if a spreadsheet saved this file it may have"
                    " rewritten a month ('April 09') as a day; check it against the plan",
                    text,
                    code="suspect",
                )
            elif self.decimals and _DECIMAL_COMMA.fullmatch(text):
                out[n] = text.replace(",", ".")
                self._note(row, f"the decimal comma of {text} read as {out[n]}", text)
        return out
