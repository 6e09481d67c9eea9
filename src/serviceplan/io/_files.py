"""Writing files the way a good Unix tool does (private).

* **Atomic**: the bytes go to a temporary file beside the destination, are
  flushed to disk, and the file is moved into place; a reader sees the old file
  or the new one, never half of one.
* **Permissions**: a new file gets ``0666`` less the umask, as ``open()`` would
  give it; a file that is replaced keeps its mode.
* **No leftovers**: on every failure (an error, ``KeyboardInterrupt``, a
  ``SystemExit`` from a signal handler) the temporary file is removed. Its
  name, ``.<name>.<random>.serviceplan-tmp``, says whose it is if a process is
  killed outright (``SIGKILL``) before it can clean up.
* **Our error**: a destination that is a folder, under a file, in a missing
  folder, or not writable is a :class:`~serviceplan.errors.DumpError` naming
  the path and the reason.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from serviceplan.errors import DumpError, LoadError, Problem

__all__ = ["TEMP_SUFFIX", "check_destination", "umask", "write_atomic", "write_folder"]

TEMP_SUFFIX = ".serviceplan-tmp"
"""The end of every temporary name serviceplan writes (``.plan.json.k2x9a1.serviceplan-tmp``)."""

_OLD_SUFFIX = ".serviceplan-old"


def umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # pragma: no cover - systems without /proc
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def _reason(err: OSError) -> str:
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.EROFS:
        return "the file system is read-only"
    if err.errno == errno.ENOSPC:
        return "no space left on the device"
    return err.strerror or str(err)


def check_destination(path: Path, *, folder: bool = False) -> None:
    """Refuse a destination that cannot hold the file (or bundle folder), before anything is written."""
    parent = path.parent
    if not parent.exists():
        # A parent that "does not exist" because a part of it is a file: say so.
        for ancestor in parent.parents:
            if ancestor.exists():
                if not ancestor.is_dir():
                    raise DumpError(f"cannot write {path}: {ancestor} is a file, not a folder")
                break
        raise DumpError(f"cannot write {path}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise DumpError(f"cannot write {path}: {parent} is a file, not a folder")
    if not folder and path.is_dir():
        raise DumpError(f"cannot write {path}: it is a folder; give the name of a file")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DumpError(f"cannot write {path}: permission denied in {parent}")


@contextlib.contextmanager
def _as_dump_error(path: Path) -> Iterator[None]:
    try:
        yield
    except DumpError:
        raise
    except OSError as err:
        raise DumpError(f"cannot write {path}: {_reason(err)}") from err


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then replace ``path`` with it.

    Raises:
        DumpError: the destination cannot be written (see :func:`check_destination`), or writing failed.
    """
    check_destination(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else 0o666 & ~umask()
    except OSError:
        mode = 0o666 & ~umask()
    with _as_dump_error(path):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the new file, where the system allows it (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder we may write but not open
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that cannot sync a folder
        pass
    finally:
        os.close(fd)


def write_folder(path: Path, bundle: bytes) -> None:
    """Unpack a bundle beside ``path``, then swap it into place (replacing only an earlier bundle)."""
    if path.exists() and not path.is_dir():
        raise DumpError(f"{path} is a file; a table bundle is a folder: choose another path")
    if path.is_dir() and any(path.iterdir()) and not (path / "manifest.json").is_file():
        raise DumpError(f"{path} is a folder that is not a serviceplan bundle; not replacing it")
    check_destination(path, folder=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.is_dir() else 0o777 & ~umask()
    except OSError:  # pragma: no cover - a race with another process
        mode = 0o777 & ~umask()
    with _as_dump_error(path):
        fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent))
        old: Path | None = None
        try:
            os.chmod(fresh, mode)
            with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
                archive.extractall(fresh)  # our own zip: names are manifest.json and tables/<table>.<suffix>
            if path.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=_OLD_SUFFIX, dir=path.parent))
                os.replace(path, old / "bundle")
                try:
                    os.replace(fresh, path)
                except BaseException:
                    os.replace(old / "bundle", path)  # put the earlier bundle back
                    raise
            else:
                os.replace(fresh, path)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)


def as_path(value: object, *, writing: bool = False, instead: str | None = None) -> Path:
    """A file's path from what a caller passed: text, bytes or an ``os.PathLike``.

    Anything else (an open file, ``BytesIO``, ``None``) is the library's own error,
    saying what to use instead (``instead``, else ``dumps`` / ``loads``):
    :class:`~serviceplan.errors.DumpError` when ``writing``, else
    :class:`~serviceplan.errors.LoadError`.
    """
    if isinstance(value, (str, os.PathLike)):
        return Path(value)
    if isinstance(value, bytes):
        return Path(os.fsdecode(value))
    kind = type(value).__name__
    if writing:
        instead = instead or "dumps(plan, format=...) gives the text or bytes to write to a stream yourself"
        raise DumpError(f"expected a file's path (str or os.PathLike), not {kind}: {instead}")
    instead = instead or "loads(data, format=...) reads text or bytes already in memory"
    raise LoadError([Problem("", f"expected a file's path (str or os.PathLike), not {kind}: {instead}")], None)
