"""Reading and writing plans: one obvious way to do it.

``serviceplan.load(path)`` returns a plan, ``serviceplan.dump(plan, path)``
writes one; the format comes from the suffix or ``format=``. Writes are
atomic: the file is written beside its destination and moved into place, so a
failure never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from serviceplan.errors import LoadError, Problem, UnknownFormatError
from serviceplan.serialisers._limits import MAX_BYTES
from serviceplan.serialisers._registry import get_serialiser, serialiser_for_suffix
from serviceplan.typing import PlanLike, Serialiser

__all__ = ["dump", "dumps", "load", "loads"]


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
        path: the file; its suffix chooses the format unless ``format`` is given.
        format: a serialiser name from :func:`available_serialisers`.

    Raises:
        LoadError: the file cannot be read as a plan; lists every problem with its path.
        UnknownFormatError: no serialiser for the suffix or name.
    """
    path = Path(path)
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
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return serialiser.loads(raw)


def dumps(plan: PlanLike, *, format: str) -> str | bytes:
    """Write a plan to text (or bytes, for binary formats) in the named format."""
    return get_serialiser(format).dumps(plan)


def dump(plan: PlanLike, path: str | os.PathLike[str], *, format: str | None = None) -> Path:
    """Write a plan to a file, atomically. Returns the path written."""
    path = Path(path)
    serialiser = _pick(path, format)
    content = serialiser.dumps(plan)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    write_atomic(path, raw)
    return path


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
