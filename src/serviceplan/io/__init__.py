"""Reading and writing plans: one obvious way to do it.

``serviceplan.load(path)`` returns a plan, ``serviceplan.dump(plan, path)``
writes one; the format comes from the suffix or ``format=``. Writes are
atomic: the file is written beside its destination and moved into place, so a
failure never leaves a half-written file where a good one was.

The table bundles (CSV and Parquet) also live unpacked, as a folder holding
``manifest.json`` and ``tables/``: ``dump(plan, "out/salford", format="csv")``
writes one (a path without the bundle's suffix), and ``load`` reads a folder
as it reads the zip, with the same checks. A folder is written beside its
destination too and swapped into place; an existing folder is only replaced
if it is a bundle itself.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import overload

from serviceplan.errors import DumpError, LimitError, LoadError, Problem, ServicePlanError, UnknownFormatError
from serviceplan.io._files import as_path, check_destination, write_atomic, write_folder
from serviceplan.io.converter import FORMAT_VERSION, structure, unstructure
from serviceplan.io.documents import read_document
from serviceplan.io.examples import available_examples, example_path
from serviceplan.io.findings import ReadFinding, ReadResult
from serviceplan.io.formats._guard import parse_manifest
from serviceplan.io.limits import Limits, current_limits, using_limits, utf8
from serviceplan.io.registry import (
    available_serialisers,
    get_serialiser,
    register_serialiser,
    serialiser_for_suffix,
    unregister_serialiser,
)
from serviceplan.io.schema import json_schema
from serviceplan.io.tables import from_frames, read_frames, to_frame, to_frames
from serviceplan.typing import BinaryFormat, PlanLike, Serialiser, TextFormat

__all__ = [
    "FORMAT_VERSION",
    "Limits",
    "ReadFinding",
    "ReadResult",
    "available_examples",
    "available_serialisers",
    "dump",
    "dumps",
    "example_path",
    "from_frames",
    "get_serialiser",
    "json_schema",
    "load",
    "loads",
    "read_document",
    "read_frames",
    "read_workbook",
    "register_serialiser",
    "structure",
    "to_frame",
    "to_frames",
    "unregister_serialiser",
    "unstructure",
]


def _pick(path: Path | None, format: str | None) -> Serialiser:
    if format is not None or path is None:
        return get_serialiser(format or "")
    suffixes = [s.lower() for s in path.suffixes]
    for start in range(len(suffixes)):  # the longest match first: ".csv.zip" before ".zip"
        candidate = "".join(suffixes[start:])
        try:
            return serialiser_for_suffix(candidate)
        except UnknownFormatError:
            if start == len(suffixes) - 1:
                raise
    return serialiser_for_suffix(path.suffix)


@contextmanager
def _reading(source: str | None) -> Iterator[None]:
    """The last line of defence: whatever a reader raises that is not ours becomes a LoadError naming the file.

    Each format turns the problems it knows into precise errors (key path, row,
    column, the offending text); this catches the rest, such as an ``OverflowError``
    from a number no column can hold, so a caller only ever sees the library's error.
    """
    try:
        yield
    except (ServicePlanError, MemoryError):
        raise
    except RecursionError:
        raise LimitError([Problem("", "input is nested too deeply")], source) from None
    except (OSError, UnicodeError) as err:
        raise LoadError([Problem("", f"cannot be read: {err}")], source) from err
    except Exception as err:
        raise LoadError([Problem("", f"cannot be read: {type(err).__name__}: {err}")], source) from err


def load(path: str | os.PathLike[str], *, format: str | None = None, limits: Limits | None = None) -> PlanLike:
    """Read a plan (or a set of plans) from a file.

    Args:
        path: the file, or the folder of an unpacked table bundle; the suffix
            (or a folder's manifest) chooses the format unless ``format`` is given.
        format: a serialiser name from :func:`available_serialisers`.
        limits: the :class:`~serviceplan.io.limits.Limits` for this call
            (default: those in force, see :mod:`serviceplan.io.limits`).

    Raises:
        LoadError: the file cannot be read as a plan; lists every problem with its path.
        LimitError: the file is over one of the limits.
        UnknownFormatError: no serialiser for the suffix or name.
    """
    path = as_path(path)
    source = str(path)
    with using_limits(limits), _reading(source):
        if path.is_dir():
            return _load_folder(path, format)
        serialiser = _pick(path, format)
        return serialiser.loads(_file_bytes(path, source), source=source)


def _file_bytes(path: Path, source: str) -> bytes:
    max_bytes = current_limits().max_bytes
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LimitError(
                [Problem("", f"file is {size:,} bytes; the limit is {max_bytes:,} (Limits.max_bytes)")], source
            )
        return path.read_bytes()
    except OSError as err:
        raise LoadError([Problem("", f"cannot read file: {err.strerror or err}")], source) from None


def read_workbook(path: str | os.PathLike[str], *, limits: Limits | None = None) -> ReadResult:
    """A workbook or CSV bundle an officer filled in: the plan, and a finding for each cell read as meant.

    :func:`load` reads the file the same way and gives the same plan; this says what
    it interpreted on the way. In a workbook (``.xlsx``): a date cell or a date serial
    in a deadline column, a number typed into a text column, a percent-formatted
    number, TRUE or FALSE in a yes/no column. In a CSV bundle (``.csv.zip``, or its
    folder) whose tables a spreadsheet saved again: Windows-1252 text, ``;``
    separators, TRUE or FALSE, dates shown as ``30/09/2010``. Each
    :class:`~serviceplan.io.findings.ReadFinding` names the sheet and cell
    (``actions!H7``), or the file, column and row, and the value found there.

    Raises:
        LoadError, LimitError: as :func:`load`; a file of another format is a LoadError.
    """
    from serviceplan.io.formats.excel import EXCEL
    from serviceplan.io.formats.tabular import CSV

    path = as_path(path)
    source = str(path)
    with using_limits(limits), _reading(source):
        if path.is_dir():
            data, format = _folder_bundle(path, "csv")
            if format != "csv":
                raise LoadError([Problem("", "a folder of Parquet tables is not typed by hand: use load()")], source)
            return CSV.read(data, source=source)
        name = path.name.lower()
        if name.endswith(".csv.zip"):
            return CSV.read(_file_bytes(path, source), source=source)
        if name.endswith(".xlsx"):
            return EXCEL.read(_file_bytes(path, source), source=source)
        wanted = "expected an Excel workbook (.xlsx) or a CSV bundle (.csv.zip or its folder)"
        raise LoadError([Problem("", wanted)], source)


def loads(data: str | bytes, *, format: str, limits: Limits | None = None) -> PlanLike:
    """Read a plan from text or bytes in the named format (``limits`` as for :func:`load`)."""
    serialiser = get_serialiser(format)
    with using_limits(limits), _reading(None):
        raw = utf8(data, None) if isinstance(data, str) else data
        return serialiser.loads(raw)


@overload
def dumps(plan: PlanLike, *, format: TextFormat) -> str: ...
@overload
def dumps(plan: PlanLike, *, format: BinaryFormat) -> bytes: ...
@overload
def dumps(plan: PlanLike, *, format: str) -> str | bytes: ...
def dumps(plan: PlanLike, *, format: str) -> str | bytes:
    """Write a plan to text (or bytes, for binary formats) in the named format.

    Type checkers know the built-in formats: ``format="json"``, ``"yaml"`` or
    ``"markdown"`` gives ``str``; ``"csv"``, ``"parquet"`` or ``"excel"``
    gives ``bytes``; any other name, ``str | bytes``.

    Raises:
        DumpError: the plan holds text that is not Unicode (a lone surrogate).
    """
    return _written(get_serialiser(format), plan)


def _written(serialiser: Serialiser, plan: PlanLike) -> bytes | str:
    try:
        content = serialiser.dumps(plan)
        if isinstance(content, str):
            content.encode("utf-8")  # what dump will do: fail here, with our error
    except UnicodeEncodeError as err:
        raise DumpError(f"the plan holds text with half a character ({err.object[err.start : err.end]!r})") from None
    return content


def dump(plan: PlanLike, path: str | os.PathLike[str], *, format: str | None = None) -> Path:
    """Write a plan to a file, atomically. Returns the path written.

    The file is written beside its destination and moved into place; a new
    file's permissions follow the umask and a replaced file keeps its own; on
    any failure (``KeyboardInterrupt`` included) the temporary file is removed.

    With ``format="csv"`` or ``"parquet"`` and a path without a suffix
    (``out/salford`` rather than ``out/salford.csv.zip``), the bundle is
    written unpacked, as a folder.

    Raises:
        DumpError: the destination is a folder, under a file, in a folder that
            does not exist, or not writable; the folder form would replace a
            file, or a folder that is not a bundle; a bundle format was asked
            for a name that ends in another file's suffix (``x.zip``, ``x.json``).
    """
    path = as_path(path, writing=True)
    if format is not None and _is_folder_form(path, get_serialiser(format)):
        check_destination(path, folder=True)
        content = _written(get_serialiser(format), plan)
        write_folder(path, content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    serialiser = _pick(path, format)
    check_destination(path)  # before the work of writing the plan out
    content = _written(serialiser, plan)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    write_atomic(path, raw)
    return path


def _is_folder_form(path: Path, serialiser: Serialiser) -> bool:
    """A bundle format, and a path that is a folder or has no file suffix (``x.zip`` is a DumpError)."""
    if not getattr(serialiser, "folder", False):
        return False
    name = path.name.lower()
    if any(name.endswith(s) for s in serialiser.suffixes):
        return False
    if path.is_dir():
        return True
    suffix = path.suffix.lower()
    if suffix:
        try:
            other: str | None = serialiser_for_suffix(suffix).name
        except UnknownFormatError:
            other = "zip" if suffix == ".zip" else None
        if other is not None:
            raise DumpError(
                f"cannot write {path} as {serialiser.name}: the name ends in {path.suffix} ({other}); "
                f"use a name ending {serialiser.suffixes[0]} for the zip, or one without a suffix for a folder"
            )
    return True


_FOLDER_FORMATS = {".csv": "csv", ".parquet": "parquet"}


def _load_folder(folder: Path, format: str | None) -> PlanLike:
    """Read an unpacked bundle: the manifest and the files it lists, with the zip's checks."""
    data, format = _folder_bundle(folder, format)
    return get_serialiser(format).loads(data, source=str(folder))


def _folder_bundle(folder: Path, format: str | None) -> tuple[bytes, str]:
    """An unpacked bundle packed into a zip, and its format: only the files the manifest lists, checked."""
    source = str(folder)
    manifest_path = folder / "manifest.json"
    limits = current_limits()
    try:
        if manifest_path.stat().st_size > limits.max_bytes:
            raise LimitError([Problem("manifest.json", f"is larger than {limits.max_bytes:,} bytes")], source)
        manifest_bytes = manifest_path.read_bytes()
    except OSError:
        raise LoadError([Problem("manifest.json", "missing from the folder")], source) from None
    manifest = parse_manifest(manifest_bytes, source)  # a key given twice is refused, as in a zip bundle
    try:
        listed = [t["file"] for t in manifest["tables"].values()]
        if not all(isinstance(name, str) for name in listed):
            raise TypeError
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        listed = []  # the bundle reader says what is wrong with the manifest
    if format is None:
        kinds = {_FOLDER_FORMATS.get(Path(name).suffix.lower()) for name in listed}
        if len(kinds) != 1 or None in kinds:
            raise LoadError(
                [Problem("manifest.json", "cannot tell the format of the tables: pass format='csv' or 'parquet'")],
                source,
            )
        format = str(kinds.pop())
    if len(listed) > limits.max_entries:
        raise LimitError([Problem("manifest.json", f"lists more than {limits.max_entries} files")], source)
    root = folder.resolve()
    packed = io.BytesIO()
    total = 0
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_STORED) as bundle:
        bundle.writestr("manifest.json", manifest_bytes)
        for name in listed:
            try:
                where = (folder / name).resolve()
                if Path(name).is_absolute() or ".." in Path(name).parts or not where.is_relative_to(root):
                    raise LoadError([Problem(name, "is outside the folder")], source)
                if not where.is_file():
                    continue  # the bundle reader names it as missing
                total += where.stat().st_size
                if total > limits.max_unpacked_bytes:
                    raise LimitError([Problem("", "the folder's tables are too large")], source)
                bundle.writestr(name, where.read_bytes())
            except (OSError, ValueError) as err:  # a name with a NUL byte, a file we may not read
                raise LoadError([Problem(name, f"cannot be read: {err}")], source) from None
    return packed.getvalue(), format
