"""The intermediate form every document reader produces: paragraphs and tables, with where each came from.

A Word document and a text export of one read into the same blocks, so one
recogniser (:mod:`serviceplan.io.documents.recognise`) serves both. Text
exports print tables in two ways: one row per line with tab-separated cells
(``layout="rows"``), or one cell per line, rows apart by blank lines
(``layout="stream"``: the recogniser regroups the cells by the header's width).
"""

from __future__ import annotations

import re

import attrs

__all__ = ["Block", "Cell", "Paragraph", "Row", "Table", "heading_level", "text_blocks"]


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph: its text, its heading level (0 for body text) and where it was read."""

    text: str
    where: str  #: "line 12", "paragraph 4"
    level: int = 0


@attrs.frozen(kw_only=True)
class Cell:
    """A table cell as printed, and where it was read."""

    text: str
    where: str


@attrs.frozen(kw_only=True)
class Row:
    """A row of a table (or, in a stream table, a blank-separated group of cells)."""

    cells: tuple[Cell, ...]
    where: str

    @property
    def texts(self) -> tuple[str, ...]:
        """The cells' texts."""
        return tuple(c.text for c in self.cells)


@attrs.frozen(kw_only=True)
class Table:
    """A table: rows of cells, and whether rows are real rows or groups of a cell stream."""

    rows: tuple[Row, ...]
    where: str
    layout: str = "rows"  #: "rows" or "stream"


Block = Paragraph | Table

_SPACE = re.compile(r"[ \t\u00a0\u2002\u2003\u2009]+")
_MARKUP = re.compile(r"</?u>|\*\*")


_RULE = re.compile(r"^[-=_]{2,}$")


def clean(text: str) -> str:
    """Text without export markup (``<u>``, ``**``, a ``-----`` rule), with spacing normalised."""
    text = _SPACE.sub(" ", _MARKUP.sub("", text)).strip()
    return "" if _RULE.match(text) else text


_LIST_ITEM = re.compile(r"^\s*(?:[·•]|-(?!\d))")  # a bullet, not a negative number ("-340000")


def _short_group(lines: list[str]) -> bool:
    return 1 <= len(lines) <= 3 and all(len(x) <= 60 and not _LIST_ITEM.match(x) for x in lines)


def _is_cell_line(line: str) -> bool:
    """A line of a stream table: one tab, at its start."""
    return line.startswith("\t") and line.count("\t") == 1


def _rows_run(lines: list[str], i: int) -> tuple[Table, int]:
    """Rows of tab-separated cells, one row a line."""
    start = i
    rows: list[Row] = []
    while i < len(lines) and "\t" in lines[i] and not _is_cell_line(lines[i]):
        cells = tuple(Cell(text=clean(c), where=f"line {i + 1}") for c in lines[i].split("\t"))
        rows.append(Row(cells=cells, where=f"line {i + 1}"))
        i += 1
    return Table(rows=tuple(rows), where=f"lines {start + 1}-{i}", layout="rows"), i


def _stream_run(lines: list[str], i: int) -> tuple[Table, int]:
    """A stream of cells: a tab starts a cell, an untabbed line continues it, a blank line may end a row."""
    start = i
    groups: list[list[tuple[list[str], int]]] = [[]]
    blank = False
    while i < len(lines):
        cur = lines[i]
        if _is_cell_line(cur):
            if blank and groups[-1]:
                groups.append([])
            groups[-1].append(([cur[1:]], i + 1))
            blank = False
        elif not cur.strip() and "\t" not in cur:
            blank = True
        elif "\t" not in cur and groups[-1] and not _SECTION.match(cur) and _continues(lines, i):
            groups[-1][-1][0].append(cur)
            blank = False
        else:
            break
        i += 1
    rows = [
        Row(
            cells=tuple(Cell(text="\n".join(x for x in map(clean, t) if x), where=f"line {ln}") for t, ln in g),
            where=f"line {g[0][1]}",
        )
        for g in groups
        if g
    ]
    return Table(rows=tuple(rows), where=f"lines {start + 1}-{i}", layout="stream"), i


def _untabbed_run(lines: list[str], i: int) -> tuple[Table, int] | None:
    """A run of short blank-separated groups of untabbed lines: a table printed one cell a line, or ``None``."""
    j = i
    groups: list[list[tuple[str, int]]] = []
    while j < len(lines) and "\t" not in lines[j]:
        if not lines[j].strip():
            j += 1
            continue
        g: list[tuple[str, int]] = []
        while j < len(lines) and lines[j].strip() and "\t" not in lines[j]:
            g.append((lines[j], j + 1))
            j += 1
        if not _short_group([t for t, _ in g]):
            if not groups:
                groups.append(g)
            break
        groups.append(g)
    if len(groups) < 4 or not all(_short_group([t for t, _ in g]) for g in groups):
        return None
    rows = [
        Row(cells=tuple(Cell(text=clean(t), where=f"line {ln}") for t, ln in g), where=f"line {g[0][1]}")
        for g in groups
    ]
    last = groups[-1][-1][1]
    return Table(rows=tuple(rows), where=f"lines {i + 1}-{last}", layout="stream"), last


def text_blocks(text: str) -> tuple[Block, ...]:
    """Split a Word/PDF text export into blocks.

    >>> [type(b).__name__ for b in text_blocks("Title\\n\\nA\\tB\\n1\\t2\\n\\n\\tx\\n\\ty\\n")]
    ['Paragraph', 'Table', 'Table']
    """
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() and "\t" not in line:
            i += 1
            continue
        if "\t" in line:
            table, i = _stream_run(lines, i) if _is_cell_line(line) else _rows_run(lines, i)
            blocks.append(table)
            continue
        found = _untabbed_run(lines, i)
        if found is not None:
            blocks.append(found[0])
            i = found[1]
            continue
        blocks.append(Paragraph(text=clean(line), where=f"line {i + 1}", level=heading_level(line)))
        i += 1
    return tuple(blocks)


def _continues(lines: list[str], i: int) -> bool:
    """An untabbed line continues the cell above when a tabbed cell follows within a few lines."""
    if lines[i].lstrip().startswith(("·", "•")):
        return True
    for k in range(i + 1, min(i + 8, len(lines))):
        if lines[k].startswith("\t"):
            return lines[k].count("\t") == 1
        if "\t" in lines[k]:
            return False
    return False


_NUMBERED_HEADING = re.compile(r"^\s*(\d+(\.\d+)*\.?|section \d+[a-z]?\b\W*)\s*[A-Z]", re.IGNORECASE)
_SECTION = re.compile(r"^\s*(section|part)\s+\d+[a-z]?\b", re.IGNORECASE)


def heading_level(line: str) -> int:
    """The heading level of a line of a text export: 1 capitalised or bold, 2 numbered, 0 body text."""
    text = clean(line)
    if len(text) > 90 or not text:
        return 0
    if line.strip().startswith("**") or (text.isupper() and len(text) > 3):
        return 1
    if _NUMBERED_HEADING.match(text) and len(text) < 70 and not text.rstrip().endswith("."):
        return 2
    return 0
