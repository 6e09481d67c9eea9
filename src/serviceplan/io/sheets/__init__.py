"""Read a council's own sheets: risk registers, indicator tables, action and savings trackers.

Councils keep these in their own layouts, not the library's table bundle. This
package reads them from ``.xlsx`` or CSV with a column mapping, given in code or
in a YAML file, or guessed from the headers and shown for confirmation::

    from serviceplan.io.sheets import read_sheet, guess_sheet_mapping
    mapping = guess_sheet_mapping("register.xlsx", "risks")
    print(mapping.to_yaml())          # check it, save it, edit it
    result = read_sheet("register.xlsx", "risks", mapping)
    result.plan.risks, result.findings

Each cell that does not read is a ``bad-row`` finding (sheet, row, column, text)
and its row is left out; the good rows are kept. See docs/importing.md.
"""

from __future__ import annotations

from serviceplan.io.sheets.cells import (
    CellError,
    CombinedOrder,
    LetterOrder,
    read_level,
    read_pair,
    read_rag,
    read_score,
)
from serviceplan.io.sheets.guess import find_header_row, guess_field, guess_mapping, header_key
from serviceplan.io.sheets.mapping import FIELDS, PERIOD_FIELDS, Column, ColumnMapping, SheetKind, load_mapping
from serviceplan.io.sheets.reader import (
    Table,
    guess_sheet_mapping,
    read_rows,
    read_sheet,
    read_table,
    unique_headers,
)

__all__ = [
    "FIELDS",
    "PERIOD_FIELDS",
    "CellError",
    "Column",
    "ColumnMapping",
    "CombinedOrder",
    "LetterOrder",
    "SheetKind",
    "Table",
    "find_header_row",
    "guess_field",
    "guess_mapping",
    "guess_sheet_mapping",
    "header_key",
    "load_mapping",
    "read_level",
    "read_pair",
    "read_rag",
    "read_rows",
    "read_score",
    "read_sheet",
    "read_table",
    "unique_headers",
]
