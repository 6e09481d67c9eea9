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
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import overload

from serviceplan.errors import DumpError, LimitError, LoadError, Problem, UnknownFormatError
from serviceplan.io.converter import FORMAT_VERSION, structure, unstructure
from serviceplan.io.examples import available_examples, example_path
from serviceplan.io.limits import MAX_BYTES, MAX_ENTRIES, utf8
from serviceplan.io.registry import (
    available_serialisers,
    get_serialiser,
    register_serialiser,
    serialiser_for_suffix,
    unregister_serialiser,
)
from serviceplan.io.schema import json_schema
from serviceplan.io.tables import from_frames, to_frame, to_frames
from serviceplan.typing import BinaryFormat, PlanLike, Serialiser, TextFormat

__all__ = [
    "FORMAT_VERSION",
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


def load(path: str | os.PathLike[str], *, format: str | None = None) -> PlanLike:
    """Read a plan (or a set of plans) from a file.

    Args:
        path: the file, or the folder of an unpacked table bundle; the suffix
            (or a folder's manifest) chooses the format unless ``format`` is given.
        format: a serialiser name from :func:`available_serialisers`.

    Raises:
        LoadError: the file cannot be read as a plan; lists every problem with its path.
        UnknownFormatError: no serialiser for the suffix or name.
    """
    path = Path(path)
    if path.is_dir():
        return _load_folder(path, format)
    serialiser = _pick(path, format)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError([Problem("", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")], str(path))
        data = path.read_bytes()
    except OSError as err:
        raise LoadError([Problem("", f"cannot read file: {err.strerror or err}")], str(path)) from None
    return serialiser.loads(data, source=str(path))


def loads(data: str | bytes, *, format: str) -> PlanLike:
    """Read a plan from text or bytes in the named format."""
    serialiser = get_serialiser(format)
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

    With ``format="csv"`` or ``"parquet"`` and a path without the bundle's
    suffix (``out/salford`` rather than ``out/salford.csv.zip``), the bundle
    is written unpacked, as a folder.

    Raises:
        DumpError: the folder form would replace a file, or a folder that is
            not a bundle.
    """
    path = Path(path)
    if format is not None and _is_folder_form(path, get_serialiser(format)):
        content = _written(get_serialiser(format), plan)
        _write_folder(path, content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    serialiser = _pick(path, format)
    content = _written(serialiser, plan)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    write_atomic(path, raw)
    return path


def _is_folder_form(path: Path, serialiser: Serialiser) -> bool:
    """A bundle format, and a path that is a folder or does not end with the bundle's suffix."""
    if not getattr(serialiser, "folder", False):
        return False
    return path.is_dir() or not any(path.name.lower().endswith(s) for s in serialiser.suffixes)


_FOLDER_FORMATS = {".csv": "csv", ".parquet": "parquet"}


def _load_folder(folder: Path, format: str | None) -> PlanLike:
    """Read an unpacked bundle: the manifest and the files it lists, with the zip's checks."""
    source = str(folder)
    manifest_path = folder / "manifest.json"
    try:
        if manifest_path.stat().st_size > MAX_BYTES:
            raise LimitError([Problem("manifest.json", f"is larger than {MAX_BYTES:,} bytes")], source)
        manifest_bytes = manifest_path.read_bytes()
    except OSError:
        raise LoadError([Problem("manifest.json", "missing from the folder")], source) from None
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8-sig"))
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
    if len(listed) > MAX_ENTRIES:
        raise LimitError([Problem("manifest.json", f"lists more than {MAX_ENTRIES} files")], source)
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
                if total > 4 * MAX_BYTES:
                    raise LimitError([Problem("", "the folder's tables are too large")], source)
                bundle.writestr(name, where.read_bytes())
            except (OSError, ValueError) as err:  # a name with a NUL byte, a file we may not read
                raise LoadError([Problem(name, f"cannot be read: {err}")], source) from None
    return get_serialiser(format).loads(packed.getvalue(), source=source)


def _write_folder(path: Path, bundle: bytes) -> None:
    """Unpack a bundle beside ``path``, then swap it into place (replacing only an earlier bundle)."""
    if path.exists() and not path.is_dir():
        raise DumpError(f"{path} is a file; a table bundle is a folder: choose another path")
    if path.is_dir() and any(path.iterdir()) and not (path / "manifest.json").is_file():
        raise DumpError(f"{path} is a folder that is not a serviceplan bundle; not replacing it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
            archive.extractall(fresh)  # our own zip: names are manifest.json and tables/<table>.<suffix>
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
            os.replace(path, old / "bundle")
            os.replace(fresh, path)
            shutil.rmtree(old)
        else:
            os.replace(fresh, path)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then replace ``path`` with it."""
    directory = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
