"""Checks a table bundle or workbook passes before anything expensive reads it (private).

Every check here works from what the file declares or from a scan at C speed
(the zip's directory, a manifest, a Parquet footer, a sheet's XML), and acts
before pandas, pyarrow, python-calamine or openpyxl builds anything. The
limits are read from ``serviceplan.io.limits`` at call time, so an
application that raises one (``current_limits().max_rows = 5_000_000``) is obeyed.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from serviceplan.errors import LimitError, LoadError, Problem
from serviceplan.io.limits import current_limits

_SMALL = 1024 * 1024  # entries up to 1 MiB may pack as tightly as they like


def open_zip(data: bytes, source: str | None, what: str) -> zipfile.ZipFile:
    """A zip within the limits on entries, sizes and packing ratios, or our error saying which.

    The sizes are the ones the zip's directory declares; :mod:`zipfile`
    stops unpacking an entry at its declared size (and refuses one whose
    content disagrees), so a lying directory cannot unpack more.
    """
    if len(data) > current_limits().max_bytes:
        raise LimitError(
            [Problem("", f"input is {len(data):,} bytes; the limit is {current_limits().max_bytes:,}")], source
        )
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
        entries = bundle.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise LoadError([Problem("", f"not {what}: {err}")], source) from None
    noun = what.rsplit(maxsplit=1)[-1]
    if len(entries) > current_limits().max_entries:
        many = f"the {noun} holds {len(entries):,} files; the limit is {current_limits().max_entries}"
        raise LimitError([Problem("", many)], source)
    seen: set[str] = set()
    total = 0
    for entry in entries:
        if entry.filename in seen:
            raise LoadError([Problem(entry.filename, f"appears twice in the {noun}")], source)
        seen.add(entry.filename)
        size = entry.file_size
        if size > current_limits().max_entry_bytes:
            raise LimitError(
                [
                    Problem(
                        entry.filename, f"unpacks to {size:,} bytes; the limit is {current_limits().max_entry_bytes:,}"
                    )
                ],
                source,
            )
        if size > _SMALL and size > current_limits().max_ratio * max(entry.compress_size, 1):
            ratio = size / max(entry.compress_size, 1)
            raise LimitError(
                [
                    Problem(
                        entry.filename,
                        f"unpacks {ratio:,.0f} times its packed size ({entry.compress_size:,} to {size:,} bytes);"
                        f" the limit is {current_limits().max_ratio}",
                    )
                ],
                source,
            )
        total += size
    if total > current_limits().max_unpacked_bytes:
        big = f"the {noun} unpacks to {total:,} bytes; the limit is {current_limits().max_unpacked_bytes:,}"
        raise LimitError([Problem("", big)], source)
    return bundle


def read_entry(bundle: zipfile.ZipFile, name: str, source: str | None) -> bytes:
    """One file of a checked zip, or our error naming it."""
    try:
        return bundle.read(name)
    except KeyError:
        raise LoadError([Problem(name, "listed in the manifest but missing from the bundle")], source) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as err:
        raise LoadError([Problem(name, f"cannot be read: {err}")], source) from None


def unique_pairs(where: str, source: str | None) -> Any:
    """A ``json.loads`` ``object_pairs_hook`` that refuses a key given twice (instead of keeping the last)."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in pairs:
            if key in found:
                raise LoadError([Problem(where, f"the key {key!r} is given twice")], source)
            found[key] = value
        return found

    return hook


def parse_manifest(raw: bytes, source: str | None) -> Any:
    """The manifest's JSON, refusing a key given twice; our error for anything unreadable."""
    try:
        return json.loads(raw.decode("utf-8-sig"), object_pairs_hook=unique_pairs("manifest.json", source))
    except LoadError:
        raise
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise LoadError([Problem("manifest.json", f"cannot be read: {err}")], source) from None


_MANIFEST_KEYS = {"format_version", "kind", "name", "tables"}
_ENTRY_KEYS = {"file", "columns"}


def check_manifest_tables(manifest: dict[str, Any], source: str | None) -> None:
    """Before any table is read: known keys, known table names, each file listed once."""
    from serviceplan.io.tables import table_specs

    problems = [Problem(f"manifest.json:{k}", "unknown key") for k in sorted(set(manifest) - _MANIFEST_KEYS)]
    name = manifest.get("name")
    if name is not None and not isinstance(name, str):
        problems.append(Problem("manifest.json:name", f"expected text, not {name!r}"))
    specs = table_specs()
    files: dict[str, str] = {}
    for table, entry in manifest["tables"].items():
        where = f"manifest.json:tables.{table}"
        if table not in specs:
            problems.append(Problem(where, f"unknown table {table!r}"))
        problems += [Problem(f"{where}.{k}", "unknown key") for k in sorted(set(entry) - _ENTRY_KEYS)]
        file = entry["file"]
        if file in files:
            problems.append(Problem(where, f"names the file {file!r}, which the table {files[file]} names too"))
        files.setdefault(file, table)
        if len(problems) >= 20:
            break
    if problems:
        raise LoadError(problems, source)


class CellCounter:
    """Cells read so far across one bundle or workbook, refused past ``MAX_CELLS``."""

    def __init__(self, source: str | None) -> None:
        self.cells = 0
        self.source = source

    def add(self, cells: int, where: str) -> None:
        self.cells += cells
        if self.cells > current_limits().max_cells:
            raise LimitError(
                [Problem(where, f"the tables hold more than {current_limits().max_cells:,} cells (the limit)")],
                self.source,
            )


def check_shape(rows: int, columns: int, where: str, source: str | None) -> None:
    """Refuse a table of more rows or columns than the limits."""
    if rows > current_limits().max_rows:
        raise LimitError([Problem(where, f"has {rows:,} rows; the limit is {current_limits().max_rows:,}")], source)
    if columns > current_limits().max_columns:
        raise LimitError(
            [Problem(where, f"has {columns:,} columns; the limit is {current_limits().max_columns:,}")], source
        )


def too_many_rows(where: str, source: str | None) -> LimitError:
    """The error for a table found, while counting, to have more rows than the limit."""
    return LimitError([Problem(where, f"has more than {current_limits().max_rows:,} rows (the limit)")], source)


def bounded_lines(text: str, where: str, source: str | None, delimiter: str = ",") -> Iterator[str]:
    """The physical lines of a CSV text for :func:`csv.reader`, refusing one with more separators than any row."""
    most = 4 * current_limits().max_columns
    words = "commas" if delimiter == "," else f"{delimiter!r} separators"
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > most and line.count(delimiter) > most:
            raise LimitError(
                [
                    Problem(
                        f"{where}:{number}",
                        f"the line holds more than {most:,} {words};"
                        f" a row has at most {current_limits().max_columns:,} columns",
                    )
                ],
                source,
            )
        yield line


# --- Excel: a sheet's XML, scanned before a reader allocates its grid ----------------------

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?\"")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?>")
_ATTR = re.compile(rb"([\w:]+)=\"([^\"]*)\"")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?>")
_NO_VALUE = re.compile(  # a formula cell with no value, or an empty one: <c><f>A1</f></c>, <c><f>A1</f><v/></c>
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_ERROR = re.compile(rb"<(?:\w+:)?c\b([^>]*?\bt=\"e\"[^>]*)>")
_REF = re.compile(rb"\br=\"([A-Za-z]+)(\d+)\"")


def _reference_at(xml: bytes, start: int) -> bool:
    """Whether the ``r="`` at ``start`` begins a word (``\\b``): the attribute ``r``, not a longer name's end."""
    before = xml[start - 1 : start]
    return not before or not (before.isalnum() or before == b"_")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _sheet_names(book: zipfile.ZipFile, source: str | None) -> dict[str, str]:
    """Each worksheet's zip entry and its sheet name (from the workbook and its relationships)."""
    try:
        workbook = book.read("xl/workbook.xml")
        rels = book.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        return {}
    targets = {}
    for tag in _RELATION.findall(rels):
        found = dict(_ATTR.findall(tag))
        target = found.get(b"Target", b"").decode("utf-8", "replace")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[found.get(b"Id", b"").decode("utf-8", "replace")] = target
    names = {}
    for tag in _SHEET.findall(workbook):
        attributes = _ATTR.findall(tag)
        rid = next((v for k, v in attributes if k.endswith(b":id")), b"").decode("utf-8", "replace")
        name = next((v for k, v in attributes if k == b"name"), b"?").decode("utf-8", "replace")
        if rid in targets:
            names[targets[rid]] = name
    return names


def check_workbook(book: zipfile.ZipFile, source: str | None) -> None:
    """Before a reader opens the workbook: no DTDs, and every sheet's declared and actual extent within the limits.

    A sheet's ``<dimension ref>``, its highest row and column references and
    its number of cells must fit ``MAX_ROWS``,
    ``MAX_COLUMNS`` and
    ``MAX_CELLS`` (a reader allocates the whole grid
    up to the farthest cell). A formula whose value was never saved, and a cell
    holding an Excel error (``#N/A``), are refused naming sheet and cell:
    either would read as an empty cell.
    """
    names = _sheet_names(book, source)
    row_digits = len(str(current_limits().max_rows + 1))
    # A pattern that starts with its literal ('r="') is scanned for that literal at C speed; the
    # word boundary a reference needs before it (not 'operator="..."') is checked on the few matches.
    far_row = re.compile(rb"r=\"[A-Za-z]*(\d{%d,})\"" % row_digits)
    letters, wide_from = 0, current_limits().max_columns + 1
    while wide_from > 0:  # how many letters the first column past the limit takes
        letters, wide_from = letters + 1, (wide_from - 1) // 26
    far_column = re.compile(rb"r=\"([A-Za-z]{%d,})\d*\"" % letters)
    cells = 0
    for entry in book.infolist():
        xml = read_entry(book, entry.filename, source)
        head = xml[:4096]
        if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
            dtd = "declares a DTD or entities, which a workbook never needs"
            raise LoadError([Problem(entry.filename, dtd)], source)
        if b"sheetData" not in xml:
            continue
        sheet = f"sheet {names.get(entry.filename, entry.filename)}"
        dimension = _DIMENSION.search(head)
        if dimension:
            first_col, first_row, last_col, last_row = dimension.groups()
            col = _column_number(last_col or first_col or b"A")
            row = int(last_row or first_row or b"1")
            if (
                row > current_limits().max_rows + 1
                or col > current_limits().max_columns
                or row * col > current_limits().max_cells
            ):
                ref = dimension.group(0).split(b'ref="')[-1].strip(b'"').decode("ascii", "replace")
                raise LimitError(
                    [Problem(sheet, f"declares its extent as {ref}: {row:,} rows by {col:,} columns, over the limits")],
                    source,
                )
        far = [int(m.group(1)) for m in far_row.finditer(xml) if _reference_at(xml, m.start())]
        if far and max(far) > current_limits().max_rows + 1:
            raise LimitError(
                [Problem(sheet, f"has a cell in row {max(far):,}; the limit is {current_limits().max_rows:,} rows")],
                source,
            )
        wide = [_column_number(m.group(1)) for m in far_column.finditer(xml) if _reference_at(xml, m.start())]
        if wide and max(wide) > current_limits().max_columns:
            raise LimitError(
                [
                    Problem(
                        sheet,
                        f"has a cell in column {max(wide):,}; the limit is {current_limits().max_columns:,} columns",
                    )
                ],
                source,
            )
        count = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b":c ") + xml.count(b":c>")
        rows = xml.count(b"<row") + xml.count(b":row")
        if rows > current_limits().max_rows + 1:
            raise LimitError([Problem(sheet, f"has {rows:,} rows; the limit is {current_limits().max_rows:,}")], source)
        cells += count
        if cells > current_limits().max_cells:
            raise LimitError(
                [Problem(sheet, f"the workbook has more than {current_limits().max_cells:,} cells")], source
            )
        formulas = b"<f" in xml or b":f>" in xml or b":f " in xml or b":f/" in xml  # else no formula to look at
        for found in _NO_VALUE.finditer(xml) if formulas else ():
            at = _REF.search(found.group(1))
            cell = (at.group(1) + at.group(2)).decode("ascii") if at else "?"
            formula = html.unescape((found.group(2) or b"").decode("utf-8", "replace"))
            raise LoadError(
                [
                    Problem(
                        f"{sheet}, cell {cell}",
                        f"a formula (={formula}) whose value was never saved: open and save the workbook in Excel,"
                        " or type the value itself",
                    )
                ],
                source,
            )
        error = _ERROR.search(xml) if b't="e"' in xml else None  # an error cell has the type e
        if error:
            at = _REF.search(error.group(1))
            cell = (at.group(1) + at.group(2)).decode("ascii") if at else "?"
            value = re.search(rb"<(?:\w+:)?v>([^<]{0,40})<", xml[error.end() : error.end() + 200])
            shown = value.group(1).decode("utf-8", "replace") if value else "an error"
            raise LoadError([Problem(f"{sheet}, cell {cell}", f"holds the Excel error {shown}, not a value")], source)
