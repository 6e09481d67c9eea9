"""CSV and Parquet bundles: the normalised tables of :mod:`serviceplan.io.tables` in a zip file.

A bundle holds ``manifest.json`` (``format_version``, ``kind``, the set's
name, and each table's file and columns) and one file per table. Reading
checks the manifest, caps the size and number of entries (no zip bombs), and
rebuilds the plan through the strict converter.

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
from serviceplan.io.limits import check_size, current_limits
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
        manifest = json.loads(bundle.read("manifest.json").decode("utf-8-sig"))
    except KeyError:
        raise LoadError([Problem("manifest.json", "missing from the bundle")], source) from None
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
        raise LoadError([Problem("manifest.json", f"cannot be read: {err}")], source) from None
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
    return bundle, manifest


def _read_entry(bundle: zipfile.ZipFile, name: str, source: str | None) -> bytes:
    try:
        return bundle.read(name)
    except KeyError:
        raise LoadError([Problem(name, "listed in the manifest but missing from the bundle")], source) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
        raise LoadError([Problem(name, f"cannot be read: {err}")], source) from None


def _finish(frames: dict[str, Any], manifest: dict[str, Any], source: str | None) -> PlanLike:
    from serviceplan.io.tables import from_frames

    return from_frames(frames, source=source, plan_set=manifest.get("name"), kind=manifest.get("kind"))


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
        """Read a CSV bundle; a bad cell is reported with its table, column or plan path."""
        from serviceplan.io.tables import table_specs

        pd = _pandas()
        bundle, manifest = _open(data, source)
        frames = {}
        specs = table_specs()
        for name, entry in manifest["tables"].items():
            raw = _read_entry(bundle, entry["file"], source)
            try:
                rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
            except (UnicodeDecodeError, csv.Error) as err:
                raise LoadError([Problem(entry["file"], f"not UTF-8 CSV: {err}")], source) from None
            if not rows:
                raise LoadError([Problem(entry["file"], "no header row")], source)
            header, body = rows[0], rows[1:]
            bad = [n for n, row in enumerate(body, start=2) if len(row) != len(header)]
            if bad:
                raise LoadError([Problem(f"{entry['file']}:{bad[0]}", "row has a different number of cells")], source)
            columns = {
                h: [None if cell == "" else unescape_cell(cell) for cell in column]
                for h, column in zip(header, zip(*body, strict=True) if body else [[]] * len(header), strict=True)
            }
            frame = pd.DataFrame({h: pd.array(v, dtype=object) for h, v in columns.items()}, columns=header)
            frames[name] = _typed(frame, specs.get(name), entry["file"], source)
        return _finish(frames, manifest, source)


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


def open_zip(data: bytes, source: str | None, what: str) -> zipfile.ZipFile:
    """A zip within the :class:`~serviceplan.io.limits.Limits` in force (entries, unpacked bytes), or our error."""
    limits = current_limits()
    check_size(data, source)
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
        entries = bundle.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise LoadError([Problem("", f"not {what}: {err}")], source) from None
    if len(entries) > limits.max_entries or sum(e.file_size for e in entries) > limits.max_unpacked_bytes:
        raise LimitError([Problem("", f"the {what.rsplit(maxsplit=1)[-1]} unpacks to too many files or bytes")], source)
    return bundle


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
        """Read a Parquet bundle."""
        pd = _pandas()
        _pyarrow()
        bundle, manifest = _open(data, source)
        frames = {}
        for name, entry in manifest["tables"].items():
            raw = _read_entry(bundle, entry["file"], source)
            try:
                frames[name] = pd.read_parquet(io.BytesIO(raw), engine="pyarrow")
            except Exception as err:  # pyarrow raises many kinds for a bad file
                raise LoadError([Problem(entry["file"], f"not a Parquet file: {err}")], source) from None
        return _finish(frames, manifest, source)


def _pyarrow() -> None:
    require("pyarrow", purpose="Parquet")


CSV = CsvSerialiser()
PARQUET = ParquetSerialiser()
