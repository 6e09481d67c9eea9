"""Writes that behave like a good Unix tool: atomic, the umask respected, no leftovers, DumpError for bad places."""

from __future__ import annotations

import io
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import serviceplan
from serviceplan.errors import DumpError, LoadError
from serviceplan.io import _files
from serviceplan.io._files import TEMP_SUFFIX
from serviceplan.model import ServicePlan

PLAN = ServicePlan(id="p", title="A plan")
FILE_FORMATS = [("plan.json", None), ("plan.yaml", None), ("plan.csv.zip", None), ("plan.xlsx", None)]
FOLDER_FORMATS = ["csv", "parquet"]


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if TEMP_SUFFIX in p.name or ".serviceplan-old" in p.name)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- bad destinations ---------------------------------------------------------------------------------

DESTINATIONS: dict[str, Callable[[Path], Path]] = {
    "onto a folder": lambda tmp: _made_folder(tmp / "plan.json"),
    "into a missing folder": lambda tmp: tmp / "missing" / "plan.json",
    "deep in a missing folder": lambda tmp: tmp / "a" / "b" / "c" / "plan.json",
    "under a file": lambda tmp: _made_file(tmp / "notes.txt") / "plan.json",
    "deep under a file": lambda tmp: _made_file(tmp / "notes.txt") / "x" / "plan.json",
    "an unwritable place": lambda tmp: Path("/proc/plan.json"),
}


def _made_folder(path: Path) -> Path:
    path.mkdir()
    return path


def _made_file(path: Path) -> Path:
    path.write_text("keep me", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "excel"])
@pytest.mark.parametrize("case", sorted(DESTINATIONS))
def test_a_bad_destination_is_a_dump_error_naming_it(tmp_path: Path, case: str, fmt: str) -> None:
    target = DESTINATIONS[case](tmp_path)
    if fmt in ("csv", "excel"):
        target = target.with_name("plan.csv.zip" if fmt == "csv" else "plan.xlsx")
        if case == "onto a folder":
            target.mkdir()
    with pytest.raises(DumpError) as info:
        serviceplan.dump(PLAN, target, format=fmt)
    assert str(target) in str(info.value)
    assert isinstance(info.value, OSError)
    assert _leftovers(tmp_path) == []
    if case.endswith("under a file"):
        assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("case", ["into a missing folder", "under a file"])
@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_a_bad_destination_for_a_folder_bundle(tmp_path: Path, case: str, fmt: str) -> None:
    parent = tmp_path / "missing" if case == "into a missing folder" else _made_file(tmp_path / "notes.txt")
    with pytest.raises(DumpError, match="cannot write"):
        serviceplan.dump(PLAN, parent / "bundle", format=fmt)


@pytest.mark.parametrize("name", ["x.zip", "x.json", "x.yaml", "x.xlsx", "x.ZIP", "x.parquet.zip"])
def test_a_bundle_format_never_writes_a_folder_with_a_files_suffix(tmp_path: Path, name: str) -> None:
    with pytest.raises(DumpError, match=r"use a name ending \.csv\.zip"):
        serviceplan.dump(PLAN, tmp_path / name, format="csv")
    assert not (tmp_path / name).exists()


def test_a_name_without_a_suffix_is_still_the_folder_form(tmp_path: Path) -> None:
    assert serviceplan.dump(PLAN, tmp_path / "bundle", format="csv").is_dir()
    assert serviceplan.dump(PLAN, tmp_path / "b.csv.zip", format="csv").is_file()


# -- permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077, 0o027])
@pytest.mark.parametrize(("name", "fmt"), FILE_FORMATS)
def test_a_new_file_follows_the_umask(
    tmp_path: Path, umask: Callable[[int], None], mask: int, name: str, fmt: str | None
) -> None:
    umask(mask)
    path = serviceplan.dump(PLAN, tmp_path / name, format=fmt)
    assert _mode(path) == 0o666 & ~mask


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None], mode: int) -> None:
    umask(0o077)
    path = tmp_path / "plan.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(mode)
    serviceplan.dump(PLAN, path)
    assert _mode(path) == mode
    assert serviceplan.load(path) == PLAN


@pytest.mark.parametrize("mask", [0o022, 0o077])
@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_a_new_bundle_folder_follows_the_umask(
    tmp_path: Path, umask: Callable[[int], None], mask: int, fmt: str
) -> None:
    umask(mask)
    folder = serviceplan.dump(PLAN, tmp_path / "bundle", format=fmt)
    assert _mode(folder) == 0o777 & ~mask
    assert _mode(folder / "manifest.json") == 0o666 & ~mask


def test_a_replaced_bundle_folder_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None]) -> None:
    folder = serviceplan.dump(PLAN, tmp_path / "bundle", format="csv")
    folder.chmod(0o750)
    umask(0o077)
    serviceplan.dump(PLAN, folder, format="csv")
    assert _mode(folder) == 0o750
    assert _leftovers(tmp_path) == []


def test_the_umask_is_read_without_changing_it(umask: Callable[[int], None]) -> None:
    umask(0o027)
    assert _files.umask() == 0o027
    assert _files.umask() == 0o027


# -- no leftovers on any failure ----------------------------------------------------------------------

FAILURES: list[tuple[str, type[BaseException]]] = [
    ("write", OSError),
    ("write", KeyboardInterrupt),
    ("fsync", OSError),
    ("fsync", KeyboardInterrupt),
    ("replace", OSError),
    ("replace", KeyboardInterrupt),
    ("replace", SystemExit),
    ("fchmod", OSError),
]


@pytest.mark.parametrize(("step", "exc"), FAILURES, ids=[f"{s}-{e.__name__}" for s, e in FAILURES])
def test_a_failed_write_leaves_no_temp_file_and_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, exc: type[BaseException]
) -> None:
    path = serviceplan.dump(PLAN, tmp_path / "plan.json")
    before = path.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise exc(28, "No space left on device") if exc is OSError else exc()

    if step == "write":
        monkeypatch.setattr(_files.os, "fdopen", _failing_fdopen(boom))
    else:
        monkeypatch.setattr(_files.os, step, boom)
    expected: type[BaseException] = DumpError if exc is OSError else exc
    with pytest.raises(expected):
        serviceplan.dump(ServicePlan(id="q", title="Another"), path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def _failing_fdopen(boom: Callable[..., None]) -> Callable[..., object]:
    real = os.fdopen

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        handle = real(fd, *args, **kwargs)  # type: ignore[call-overload]

        class Handle:
            def __enter__(self) -> Handle:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def fileno(self) -> int:
                return int(handle.fileno())

            def write(self, data: bytes) -> None:
                boom()

            def flush(self) -> None:  # pragma: no cover - write fails first
                handle.flush()

        return Handle()

    return fdopen


@pytest.mark.parametrize("exc", [KeyboardInterrupt, OSError])
def test_a_failed_folder_write_leaves_the_old_bundle_and_no_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: type[BaseException]
) -> None:
    folder = serviceplan.dump(PLAN, tmp_path / "bundle", format="csv")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    real = os.replace
    calls = []

    def replace(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 2:  # the new bundle into place
            raise exc()
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(_files.os, "replace", replace)
    with pytest.raises(DumpError if exc is OSError else exc):
        serviceplan.dump(ServicePlan(id="q", title="Another"), folder, format="csv")
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert serviceplan.load(folder) == PLAN
    assert _leftovers(tmp_path) == []


def test_sigterm_during_a_cli_write_leaves_no_temp_file(tmp_path: Path) -> None:
    """The command line turns SIGTERM into an exit Python cleans up after."""
    source = serviceplan.dump(PLAN, tmp_path / "plan.json")
    code = textwrap.dedent(
        f"""
        import os, signal, sys
        from serviceplan import cli
        from serviceplan.io import _files
        real = _files.os.fsync
        def fsync(fd):
            os.kill(os.getpid(), signal.SIGTERM)
            real(fd)
        _files.os.fsync = fsync
        sys.exit(cli.main(["convert", {str(source)!r}, {str(tmp_path / "out.yaml")!r}]))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.yaml").exists()
    assert _leftovers(tmp_path) == []


def test_temp_names_say_whose_they_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = os.replace

    def replace(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        real(src, dst)

    monkeypatch.setattr(_files.os, "replace", replace)
    serviceplan.dump(PLAN, tmp_path / "plan.json")
    assert seen
    assert seen[0].startswith(".plan.json.")
    assert seen[0].endswith(".serviceplan-tmp")


def test_convert_reports_bad_destinations_without_a_traceback(tmp_path: Path) -> None:
    source = serviceplan.dump(PLAN, tmp_path / "plan.json")
    (tmp_path / "folder.yaml").mkdir()
    for target in (tmp_path / "missing" / "x.yaml", tmp_path / "folder.yaml", source / "x.yaml"):
        done = subprocess.run(
            [sys.executable, "-m", "serviceplan", "convert", str(source), str(target)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("serviceplan: cannot write"), done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("wrong", [io.BytesIO(), io.StringIO(), None, 42], ids=["BytesIO", "StringIO", "None", "int"])
def test_what_is_not_a_path_is_the_library_s_error_saying_what_to_use(wrong: object) -> None:
    from serviceplan.io import read_workbook
    from serviceplan.io.documents import read_document

    plan = serviceplan.ServicePlan(id="p", title="t")
    with pytest.raises(DumpError, match=r"expected a file's path .*not \w+: dumps\(plan, format=\.\.\.\)"):
        serviceplan.dump(plan, wrong, format="json")  # type: ignore[arg-type]
    for read, instead in ((serviceplan.load, "loads"), (read_workbook, "loads"), (read_document, "read_text_export")):
        with pytest.raises(LoadError, match=rf"expected a file's path .*: {instead}\("):
            read(wrong)  # type: ignore[arg-type]


def test_a_path_as_bytes_is_a_path(tmp_path: Path) -> None:
    plan = serviceplan.ServicePlan(id="p", title="t")
    written = serviceplan.dump(plan, os.fsencode(tmp_path / "plan.json"))  # type: ignore[arg-type]
    assert serviceplan.load(os.fsencode(written)) == plan  # type: ignore[arg-type]
