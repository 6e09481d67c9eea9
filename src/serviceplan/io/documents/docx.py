"""Read a Word document (``.docx``, via python-docx: the ``docx`` extra) into blocks.

Paragraphs keep their heading level (from the "Heading N" and "Title" styles);
tables keep one cell per grid column, so a header merged across two columns
("Risk Score" over "Current" and "Target") keeps the columns under it aligned:
a horizontally merged cell gives its text once and blanks for the columns it
spans, a vertically merged cell gives its text in its first row only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from serviceplan._optional import require
from serviceplan.errors import LoadError, Problem
from serviceplan.io.documents.blocks import Block, Cell, Paragraph, Row, Table, clean

__all__ = ["docx_blocks"]

_HEADING = re.compile(r"^heading\s*(\d)", re.IGNORECASE)


def _level(paragraph: Any) -> int:
    name = str(getattr(paragraph.style, "name", "") or "")
    found = _HEADING.match(name)
    if found:
        return int(found.group(1))
    return 1 if name.lower() == "title" else 0


def _cell_text(cell: Any) -> str:
    return "\n".join(x for x in (clean(p.text) for p in cell.paragraphs) if x)


def docx_blocks(path: str | Path) -> tuple[Block, ...]:
    """The paragraphs and tables of a ``.docx``, in document order.

    Raises:
        LoadError: the file is not a Word document python-docx can open.
        MissingDependencyError: python-docx is not installed.
    """
    docx = require("docx", extra="docx", purpose="reading Word documents")
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises zipfile, KeyError and lxml errors for bad files
        raise LoadError([Problem(path=str(path), message=f"not a Word document: {e}")], source=str(path)) from e
    blocks: list[Block] = []
    n_par = n_tab = 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            n_par += 1
            text = clean(item.text)
            if text:
                blocks.append(Paragraph(text=text, where=f"paragraph {n_par}", level=_level(item)))
        elif isinstance(item, DocxTable):
            n_tab += 1
            rows: list[Row] = []
            above: list[Any] = []
            for r, row in enumerate(item.rows, start=1):
                cells: list[Cell] = []
                seen: list[Any] = []
                tcs = [c._tc for c in row.cells]
                for c, (cell, tc) in enumerate(zip(row.cells, tcs, strict=True), start=1):
                    repeat = (seen and seen[-1] is tc) or (c - 1 < len(above) and above[c - 1] is tc)
                    text = "" if repeat else _cell_text(cell)
                    cells.append(Cell(text=text, where=f"table {n_tab} row {r} column {c}"))
                    seen.append(tc)
                above = tcs
                rows.append(Row(cells=tuple(cells), where=f"table {n_tab} row {r}"))
            blocks.append(Table(rows=tuple(rows), where=f"table {n_tab}", layout="rows"))
    return tuple(blocks)
