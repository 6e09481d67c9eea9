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
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from serviceplan.io.fields import Kind
from serviceplan.io.findings import ReadFinding
from serviceplan.values import Deadline

__all__ = ["CellReader", "cell_ref"]

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
