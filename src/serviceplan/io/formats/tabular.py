"""CSV and Parquet bundles: the normalised tables of :mod:`serviceplan.io.tables` in a zip file.

A bundle holds ``manifest.json`` (``format_version``, ``kind``, the set's
name, and each table's file and columns) and one file per table. Reading
checks the manifest (each key once, known tables only), caps sizes, packing
ratios, rows, columns and cells before reading each table (no zip bombs; see
``serviceplan.io.limits``), checks Parquet column types from the footer,
and rebuilds the plan through the strict converter.

CSV cells are neutralised against spreadsheet formula injection: a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written
with a leading ``'``, so a spreadsheet shows it as text. So is a cell that
starts with ``'`` and an empty text (an empty cell is a missing value), which
makes the escape reversible: loading removes one leading ``'`` and gives the
original text back.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
import zlib
from typing import Any

import attrs

from serviceplan._optional import require
from serviceplan._strict import read_whole
from serviceplan.errors import LimitError, LoadError, Problem
from serviceplan.io.converter import FORMAT_VERSION, header_problems
from serviceplan.io.findings import ReadFinding, ReadResult
from serviceplan.io.formats._cells import TextCellReader, decode_spreadsheet_text, delimiter_of
from serviceplan.io.formats._guard import (
    CellCounter,
    bounded_lines,
    check_manifest_tables,
    check_shape,
    open_zip,
    parse_manifest,
    read_entry,
    too_many_rows,
)
from serviceplan.io.limits import current_limits
from serviceplan.typing import PlanLike

__all__ = ["CSV", "PARQUET", "CsvSerialiser", "ParquetSerialiser", "escape_cell", "unescape_cell"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(text: str) -> str:
    """A CSV cell safe to open in a spreadsheet, and reversible by :func:`unescape_cell`.

    >>> escape_cell("=HYPERLINK(\\"http://x\\")"), escape_cell("-340000"), escape_cell("Finance")
    ('\\'=HYPERLINK("http://x")', "'-340000", 'Finance')
    """
    return "'" + text if text == "" or text.startswith(_TRIGGERS) else text


def unescape_cell(text: str) -> str:
    """The original text of an escaped cell."""
    return text[1:] if text.startswith("'") else text


def _pandas() -> Any:
    return require("pandas", purpose="a table bundle")


def _manifest(plan: PlanLike, frames: dict[str, Any], suffix: str) -> dict[str, Any]:
    from serviceplan.model import PlanSet

    return {
        "format_version": FORMAT_VERSION,
        "kind": "plan_set" if isinstance(plan, PlanSet) else "service_plan",
        "name": plan.name if isinstance(plan, PlanSet) else None,
        "tables": {
            name: {"file": f"tables/{name}{suffix}", "columns": list(map(str, f.columns))} for name, f in frames.items()
        },
    }


def _open(data: bytes, source: str | None) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    bundle = open_zip(data, source, "a zip bundle")
    try:
        raw = bundle.read("manifest.json")
    except KeyError:
        raise LoadError([Problem("manifest.json", "missing from the bundle")], source) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as err:
        raise LoadError([Problem("manifest.json", f"cannot be read: {err}")], source) from None
    manifest = parse_manifest(raw, source)
    if not isinstance(manifest, dict):
        raise LoadError([Problem("manifest.json", "expected a mapping")], source)
    problems = header_problems(manifest.get("format_version"), manifest.get("kind"), "manifest.json:")
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(t, dict) and isinstance(t.get("file"), str) for t in tables.values()
    ):
        problems.append(Problem("manifest.json:tables", "expected a mapping of table names to files"))
    if problems:
        raise LoadError(problems, source)
    check_manifest_tables(manifest, source)
    return bundle, manifest


def _read_entry(bundle: zipfile.ZipFile, name: str, source: str | None) -> bytes:
    return read_entry(bundle, name, source)


def _finish(frames: dict[str, Any], manifest: dict[str, Any], source: str | None) -> PlanLike:
    from serviceplan.io.tables import from_frames

    return from_frames(frames, source=source, plan_set=manifest.get("name"), kind=manifest.get("kind"), strict=True)


def _zip(manifest: dict[str, Any], files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for name, content in files.items():
            bundle.writestr(name, content)
    return out.getvalue()


@attrs.frozen(kw_only=True)
class CsvSerialiser:
    """A zip of CSV files, one per table, with a manifest (``.csv.zip``)."""

    name: str = "csv"
    suffixes: tuple[str, ...] = (".csv.zip",)
    binary: bool = True
    folder: bool = True  #: also written and read unpacked, as a folder (see :func:`serviceplan.dump`)

    def dumps(self, plan: PlanLike) -> bytes:
        """Write the tables as CSV (UTF-8, formula-safe) in a zip."""
        from serviceplan.io.tables import to_frames

        pd = _pandas()
        frames = to_frames(plan)
        files = {}
        for name, frame in frames.items():
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(frame.columns)
            for row in frame.astype(object).itertuples(index=False, name=None):
                writer.writerow(["" if pd.isna(value) else escape_cell(str(value)) for value in row])
            files[f"tables/{name}.csv"] = text.getvalue().encode("utf-8")
        return _zip(_manifest(plan, frames, ".csv"), files)

    def loads(self, data: bytes, *, source: str | None = None) -> PlanLike:
        """Read a CSV bundle; a bad cell is reported with its table, column or plan path.

        A table a spreadsheet re-saved is read as meant (see :meth:`read`), as it is here.
        """
        return self._loads(data, source, None)

    def read(self, data: bytes, *, source: str | None = None) -> ReadResult:
        """The plan of a CSV bundle, and a finding for every cell read as meant rather than as stored.

        A table an officer opened in Excel and saved again is read as meant: Windows-1252
        text (how Excel saves "CSV (Comma delimited)"), ``;`` separators (a locale whose
        decimal mark is a comma, whose ``12,5`` in a decimal column reads as ``12.5``),
        TRUE and FALSE in flag and yes/no columns, and dates shown as ``30/09/2010`` in
        date columns. Each reading is a :class:`~serviceplan.io.findings.ReadFinding`.

        >>> import serviceplan
        >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
        >>> CSV.read(CSV.dumps(plan)).findings  # a bundle the library wrote needs no reading-in
        ()
        """
        findings: list[ReadFinding] = []
        plan = self._loads(data, source, findings)
        return ReadResult(plan=plan, findings=tuple(findings))

    def _loads(self, data: bytes, source: str | None, findings: list[ReadFinding] | None) -> PlanLike:
        from serviceplan.io.tables import table_specs

        pd = _pandas()
        bundle, manifest = _open(data, source)
        frames = {}
        specs = table_specs()
        counter = CellCounter(source)
        for name, entry in manifest["tables"].items():
            file = entry["file"]
            raw = _read_entry(bundle, file, source)
            text, finding = decode_spreadsheet_text(raw, file, source)
            if finding is not None and findings is not None:
                findings.append(finding)
            del raw
            delimiter = delimiter_of(text[: text.find("\n") if "\n" in text else len(text)])
            if delimiter != "," and findings is not None:
                findings.append(
                    ReadFinding(code="coerced", message=f"cells separated by {delimiter!r}", where=file, text=delimiter)
                )
            header, body = _csv_rows(text, file, counter, source, delimiter)
            del text
            if len(set(header)) != len(header):
                twice = next(h for h in header if header.count(h) > 1)
                raise LoadError([Problem(f"{file}:1", f"the column {twice!r} is given twice")], source)
            spec = specs.get(name)
            by_name = {c.name: c for c in spec.columns} if spec is not None else {}
            flags = {k for k, v in column_kinds(spec)[1].items() if v == "boolean"}
            columns = {}
            for h, column in zip(header, zip(*body, strict=True) if body else [[]] * len(header), strict=True):
                cells = [None if cell == "" else unescape_cell(cell) for cell in column]
                reader = TextCellReader(
                    f"{file}:{h}", by_name.get(h), flag=h in flags, decimal_comma=delimiter == ";", findings=findings
                )
                columns[h] = reader.read(cells) if reader.needed else cells
            frame = pd.DataFrame({h: pd.array(v, dtype=object) for h, v in columns.items()}, columns=header)
            frames[name] = _typed(frame, spec, file, source)
        return _finish(frames, manifest, source)


def _csv_rows(
    text: str, file: str, counter: CellCounter, source: str | None, delimiter: str = ","
) -> tuple[list[str], list[list[str]]]:
    """A CSV file's header and rows, its row count and width checked before the rows are kept."""
    try:
        if max(text.count("\n"), text.count("\r")) > current_limits().max_rows:  # a bomb? count the rows, keeping none
            lines = bounded_lines(text, file, source, delimiter)
            for rows, _ in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
                if rows > current_limits().max_rows + 1:
                    raise too_many_rows(file, source)
        reader = csv.reader(bounded_lines(text, file, source, delimiter), delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            raise LoadError([Problem(file, "no header row")], source)
        check_shape(0, len(header), file, source)
        most = min(current_limits().max_rows, (current_limits().max_cells - counter.cells) // max(len(header), 1))
        body = []
        for number, row in enumerate(reader, start=2):
            if len(row) != len(header):
                raise LoadError([Problem(f"{file}:{number}", "row has a different number of cells")], source)
            body.append(row)
            if number > most + 1:
                if number > current_limits().max_rows + 1:
                    raise too_many_rows(file, source)
                counter.add((number - 1) * len(header), file)
    except csv.Error as err:
        raise LoadError([Problem(file, f"not valid CSV: {err}")], source) from None
    check_shape(len(body), len(header), file, source)
    counter.add(len(body) * len(header), file)
    return header, body


def _objects(values: Any) -> list[Any]:
    """A column's cells as Python objects, ``None`` for any kind of missing."""
    cells: list[Any] = values.to_numpy(dtype=object, na_value=None).tolist()
    return cells


_FLAGS = {True: True, False: False, "True": True, "False": False, "true": True, "false": False}


def _whole(value: Any) -> int:
    """A whole number from a cell: written as text, or typed as a number (Excel stores it as a float)."""
    if type(value) is int:
        return value
    if type(value) is float:
        if not value.is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    if isinstance(value, str):
        return read_whole(value)  # ASCII digits: int() would also read "1_0", " 12" and "١٢"
    raise ValueError(f"{value!r} is not a whole number")


def column_kinds(spec: Any) -> tuple[set[str], dict[str, Any]]:
    """A table's whole-number columns (keys and ``int`` fields), and every column's kind."""
    if spec is None:
        return set(), {}
    from serviceplan.io.tables import _key_columns

    numeric = {k for k in _key_columns(spec) if k != "plan_id"}
    numeric |= {c.name for c in spec.columns if not c.marker and c.type is int}
    flags = {c.name for c in spec.columns if c.marker or c.type is bool}
    return numeric, dict.fromkeys(flags, "boolean") | dict.fromkeys(numeric, "Int64")


def typed_column(cells: Any, kind: str | None, where: str, source: str | None) -> Any:
    """Cells of a whole-number or flag column as ``Int64`` or ``boolean`` (``None`` for a text column).

    Empty cells (``None`` or ``""``) are missing; anything else that is not a
    whole number, or True / False, is a LoadError naming ``where``.
    """
    if kind is None:
        return None
    pd = _pandas()
    try:
        if kind == "Int64":
            return pd.array([None if v is None or v == "" else _whole(v) for v in cells], dtype="Int64")
        return pd.array([None if v is None or v == "" else _FLAGS[v] for v in cells], dtype="boolean")
    except OverflowError:
        big = next(v for v in cells if v is not None and v != "" and abs(_whole(v)) >= 2**63)
        raise LoadError([Problem(where, f"the whole number {str(big)[:40]} is too large")], source) from None
    except (ValueError, KeyError, TypeError) as err:
        wanted = "a whole number" if kind == "Int64" else "True or False"
        raise LoadError([Problem(where, f"expected {wanted}: {err}")], source) from None


def _typed(frame: Any, spec: Any, where: str, source: str | None) -> Any:
    """Give text columns their dtypes back (whole numbers, flags); other cells stay text."""
    _, kinds = column_kinds(spec)
    for column in frame.columns:
        typed = typed_column(_objects(frame[column]), kinds.get(column), f"{where}:{column}", source)
        if typed is not None:
            frame[column] = typed
    return frame


@attrs.frozen(kw_only=True)
class ParquetSerialiser:
    """A zip of Parquet files, one per table, with a manifest (``.parquet.zip``); needs the ``parquet`` extra."""

    name: str = "parquet"
    suffixes: tuple[str, ...] = (".parquet.zip",)
    binary: bool = True
    folder: bool = True  #: also written and read unpacked, as a folder (see :func:`serviceplan.dump`)

    def dumps(self, plan: PlanLike) -> bytes:
        """Write the tables as Parquet in a zip (dtypes kept)."""
        from serviceplan.io.tables import to_frames

        _pyarrow()
        frames = to_frames(plan)
        files = {}
        for name, frame in frames.items():
            out = io.BytesIO()
            frame.to_parquet(out, engine="pyarrow", index=False)
            files[f"tables/{name}.parquet"] = out.getvalue()
        return _zip(_manifest(plan, frames, ".parquet"), files)

    def loads(self, data: bytes, *, source: str | None = None) -> PlanLike:
        """Read a Parquet bundle: each file's footer (rows, columns, types, sizes) is checked before its data."""
        from serviceplan.io.tables import table_specs

        _pandas()
        _pyarrow()
        bundle, manifest = _open(data, source)
        frames = {}
        specs = table_specs()
        counter = CellCounter(source)
        for name, entry in manifest["tables"].items():
            raw = _read_entry(bundle, entry["file"], source)
            frames[name] = _parquet_frame(raw, entry["file"], specs.get(name), counter, source)
        return _finish(frames, manifest, source)


def _arrow_kind(tp: Any) -> str:
    """What an Arrow type holds: "Int64", "boolean", "text", "null" or its own name."""
    import pyarrow as pa

    if pa.types.is_dictionary(tp):
        tp = tp.value_type
    if pa.types.is_null(tp):
        return "null"
    if pa.types.is_integer(tp):
        return "Int64"
    if pa.types.is_boolean(tp):
        return "boolean"
    if pa.types.is_string(tp) or pa.types.is_large_string(tp) or pa.types.is_string_view(tp):
        return "text"
    return str(tp)


_WORDS = {"Int64": "whole numbers", "boolean": "True or False", "text": "text"}


def _parquet_frame(raw: bytes, file: str, spec: Any, counter: CellCounter, source: str | None) -> Any:
    """One Parquet table as a frame: rows, columns, sizes and column types checked from the footer first."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        footer = pq.ParquetFile(io.BytesIO(raw))
        meta, schema = footer.metadata, footer.schema_arrow
    except Exception as err:  # pyarrow raises many kinds for a bad file
        raise LoadError([Problem(file, f"not a Parquet file: {err}")], source) from None
    check_shape(meta.num_rows, meta.num_columns, file, source)
    counter.add(meta.num_rows * meta.num_columns, file)
    if meta.num_row_groups > meta.num_rows + 1:
        raise LimitError([Problem(file, f"has {meta.num_row_groups:,} row groups for {meta.num_rows:,} rows")], source)
    unpacked = sum(meta.row_group(g).total_byte_size for g in range(meta.num_row_groups))
    if unpacked > 4 * current_limits().max_entry_bytes:
        raise LimitError(
            [
                Problem(
                    file,
                    f"its data unpacks to {unpacked:,} bytes; the limit is {4 * current_limits().max_entry_bytes:,}",
                )
            ],
            source,
        )
    names = list(schema.names)
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise LoadError([Problem(f"{file}:{twice}", "the column is given twice")], source)
    _, kinds = column_kinds(spec)
    problems = []
    for field in schema:
        found = _arrow_kind(field.type)
        wanted = kinds.get(field.name, "text") if spec is not None else "text"
        if found not in (wanted, "null"):
            problems.append(Problem(f"{file}:{field.name}", f"expected {_WORDS[wanted]}, not a column of {field.type}"))
    if problems:
        raise LoadError(problems, source)
    plain_text = [f.name for f in schema if _arrow_kind(f.type) == "text" and not pa.types.is_dictionary(f.type)]
    try:
        table = pq.ParquetFile(io.BytesIO(raw), read_dictionary=plain_text).read()
        if table.num_rows != meta.num_rows:
            raise ValueError(f"{table.num_rows} rows, though the footer says {meta.num_rows}")
        _check_decoded(table, schema, file, source)
        return table.cast(schema).to_pandas()
    except LoadError:
        raise
    except Exception as err:  # pyarrow raises many kinds for a bad file
        raise LoadError([Problem(file, f"not a Parquet file: {err}")], source) from None


def _check_decoded(table: Any, schema: Any, file: str, source: str | None) -> None:
    """Refuse a table whose text would unpack past the limit, or whose unsigned keys do not fit Int64."""
    import pyarrow as pa
    import pyarrow.compute as pc

    decoded = 0
    for column in table.columns:
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type) and _arrow_kind(chunk.type) == "text":
                lengths = pc.binary_length(chunk.dictionary).take(chunk.indices)
                decoded += pc.sum(lengths).as_py() or 0
            else:
                decoded += chunk.nbytes
    for field, column in zip(schema, table.columns, strict=True):
        if pa.types.is_uint64(field.type) and column.null_count < len(column):
            largest = pc.max(column).as_py()
            if largest >= 2**63:
                too_big = f"the whole number {largest} is too large"
                raise LoadError([Problem(f"{file}:{field.name}", too_big)], source)
    if decoded > 4 * current_limits().max_entry_bytes:
        raise LimitError(
            [
                Problem(
                    file,
                    f"its text unpacks to {decoded:,} bytes; the limit is {4 * current_limits().max_entry_bytes:,}",
                )
            ],
            source,
        )


def _pyarrow() -> None:
    require("pyarrow", purpose="Parquet")


CSV = CsvSerialiser()
PARQUET = ParquetSerialiser()
