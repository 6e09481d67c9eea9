"""Which column of a council's sheet holds which field: a :class:`ColumnMapping`, in code or YAML.

A mapping names the kind of sheet (risks, indicators, actions, savings), the
sheet and header row where the table is, how letter and combined cells read,
and for each column the field it fills::

    kind: risks
    sheet: Risk Register
    letters: a_highest        # "D4": D is likelihood 2 (A = 5 … E = 1); a_lowest: A = 1
    combined: likelihood_first  # "4x3": likelihood 4, impact 3
    columns:
      - {field: id, header: Ref}
      - {field: title, header: Risk}
      - {field: inherent_likelihood, header: L}
      - {field: current_rating, header: Residual (L x I)}
      - {field: target_score, header: Target score}

Fields by kind (an assessment field is ``inherent_``, ``current_`` or
``target_`` followed by ``likelihood``, ``impact``, ``score``, ``rating`` (a
combined cell, "4x3" or "D4", or a score) or ``rag``):

* ``risks``: ``id``, ``title``, ``description``, ``owner``, ``category``, ``unit``,
  ``controls``, ``actions``, ``deadline``, ``monitoring``, ``commentary`` (on the current assessment) and the
  assessment fields;
* ``indicators``: ``code``, ``title``, ``polarity``, ``frequency``, ``notes``, and per
  period (``period: 2009/10``) ``target``, ``actual``, ``rag`` and ``commentary``;
* ``actions``: ``id``, ``number``, ``title``, ``priorities``, ``unit``, ``deadline``,
  ``lead_officer``, ``status``, ``outcome``, ``notes``, and per period ``update`` and ``rag``;
* ``savings``: ``id``, ``title``, ``unit``, ``workstream``, ``category``, ``kind``,
  ``status``, ``confidence``, ``contributes_to``, ``notes``, and per financial year
  ``target``, ``forecast`` and ``delivered`` (``thousands: true`` for a "£000" or "£K" column).
"""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Any

import attrs

from serviceplan._optional import require
from serviceplan._strict import problems_of, strict_converter
from serviceplan.errors import LoadError, ModelError, ParseError, Problem
from serviceplan.io.sheets.cells import CombinedOrder, LetterOrder
from serviceplan.values.periods import FinancialYear, Period

__all__ = ["FIELDS", "PERIOD_FIELDS", "Column", "ColumnMapping", "SheetKind", "load_mapping"]


class SheetKind(enum.StrEnum):
    """What a council's sheet lists."""

    RISKS = "risks"
    INDICATORS = "indicators"
    ACTIONS = "actions"
    SAVINGS = "savings"


ASSESSMENT_KINDS = ("inherent", "current", "target")
ASSESSMENT_PARTS = ("likelihood", "impact", "score", "rating", "rag")

FIELDS: dict[SheetKind, frozenset[str]] = {
    SheetKind.RISKS: frozenset(
        (
            "id",
            "title",
            "description",
            "owner",
            "category",
            "unit",
            "controls",
            "actions",
            "deadline",
            "monitoring",
            "commentary",
            *tuple(f"{k}_{p}" for k in ASSESSMENT_KINDS for p in ASSESSMENT_PARTS),
        )
    ),
    SheetKind.INDICATORS: frozenset(
        ("code", "title", "polarity", "frequency", "notes", "target", "actual", "rag", "commentary")
    ),
    SheetKind.ACTIONS: frozenset(
        (
            "id",
            "number",
            "title",
            "priorities",
            "unit",
            "deadline",
            "lead_officer",
            "status",
            "outcome",
            "notes",
            "update",
            "rag",
        )
    ),
    SheetKind.SAVINGS: frozenset(
        (
            "id",
            "title",
            "unit",
            "workstream",
            "category",
            "kind",
            "status",
            "confidence",
            "contributes_to",
            "notes",
            "target",
            "forecast",
            "delivered",
        )
    ),
}
"""The fields a column may fill, for each kind of sheet."""

PERIOD_FIELDS: dict[SheetKind, frozenset[str]] = {
    SheetKind.RISKS: frozenset(),
    SheetKind.INDICATORS: frozenset(("target", "actual", "rag", "commentary")),
    SheetKind.ACTIONS: frozenset(("update", "rag")),
    SheetKind.SAVINGS: frozenset(("target", "forecast", "delivered")),
}
"""The fields that need a ``period`` (one column per year or quarter)."""


@attrs.frozen(kw_only=True)
class Column:
    """One column of the sheet: its header as printed and the field it fills.

    ``period`` is the year or quarter of a per-period field ("2009/10", "2010/11 Q1");
    ``thousands`` says a money column counts in £000 ("£K", "(£000)").
    """

    field: str
    header: str
    period: str | None = None
    thousands: bool = False


def _columns(value: Any) -> tuple[Column, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ColumnMapping:
    """How to read one council's sheet: which column fills which field, and how its cells read.

    Raises:
        ModelError: a field the kind does not have, a per-period field without its
            period (or a period on a field that takes none), or a header mapped twice.
    """

    kind: SheetKind
    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    sheet: str | None = None  #: the sheet of a workbook (default: the first with a header this mapping finds)
    header_row: int | None = None  #: 1-based row of the headers (default: the first row naming mapped headers)
    letters: LetterOrder = LetterOrder.A_HIGHEST
    combined: CombinedOrder = CombinedOrder.LIKELIHOOD_FIRST

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.kind, SheetKind):
            raise ModelError(f"ColumnMapping.kind must be a SheetKind, not {self.kind!r}")
        known = FIELDS[self.kind]
        periodic = PERIOD_FIELDS[self.kind]
        seen: set[str] = set()
        for column in self.columns:
            if column.field not in known:
                raise ModelError(
                    f"column {column.header!r}: {self.kind.value} have no field {column.field!r} "
                    f"(fields: {', '.join(sorted(known))})"
                )
            if column.field in periodic and not column.period:
                raise ModelError(f"column {column.header!r}: the field {column.field!r} needs a period")
            if column.field not in periodic and column.period:
                raise ModelError(f"column {column.header!r}: the field {column.field!r} takes no period")
            if column.period:
                _check_period(self.kind, column)
            if column.header in seen:
                raise ModelError(f"the header {column.header!r} is mapped twice")
            seen.add(column.header)
        if self.header_row is not None and self.header_row < 1:
            raise ModelError(f"header_row counts from 1, not {self.header_row}")

    def to_plain(self) -> dict[str, Any]:
        """The mapping as plain data (what its YAML holds)."""
        plain: dict[str, Any] = _CONVERTER.unstructure(self)
        return plain

    def to_yaml(self) -> str:
        """The mapping as YAML, to confirm, edit and save."""
        yaml = require("yaml", purpose="writing a mapping as YAML")
        text: str = yaml.safe_dump(self.to_plain(), sort_keys=False, allow_unicode=True, width=120)
        return text

    @classmethod
    def from_plain(cls, plain: Any, *, source: str | None = None) -> ColumnMapping:
        """A mapping from plain data (a YAML file's content).

        Raises:
            LoadError: every problem in it, each with its path.
        """
        try:
            mapping: ColumnMapping = _CONVERTER.structure(plain, cls)
        except ModelError as err:
            raise LoadError([Problem("", str(err))], source) from None
        except Exception as err:  # cattrs gathers every problem into one group
            problems = problems_of(err)
            if not problems:
                raise
            raise LoadError(problems, source) from None
        return mapping


_CONVERTER = strict_converter()


def _check_period(kind: SheetKind, column: Column) -> None:
    """A column's period reads as one: a financial year for savings, a year, quarter or month otherwise."""
    read: Any = FinancialYear.parse if kind is SheetKind.SAVINGS else Period.parse
    try:
        read(column.period)
    except ParseError as err:
        raise ModelError(f"column {column.header!r}: {err}") from None


def load_mapping(path: str | os.PathLike[str]) -> ColumnMapping:
    """A mapping from its YAML file.

    Raises:
        LoadError: a file that is missing, not YAML, or not a mapping of this shape.
    """
    from serviceplan.io.formats.yaml_ import read_plain

    where = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise LoadError([Problem("", f"cannot read the mapping: {err.strerror or err}")], where) from None
    return ColumnMapping.from_plain(read_plain(data, source=where), source=where)
