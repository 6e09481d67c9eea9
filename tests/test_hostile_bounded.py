"""Every hostile case loads, or is refused, within 1 GiB of address space and 5 seconds of CPU.

One worker process imports serviceplan and its readers once, then forks a child
per case; the child caps its address space with ``resource.setrlimit(RLIMIT_AS,
1 GiB)`` and its CPU time with ``RLIMIT_CPU`` before it loads the file (CPU time,
not wall time, so the bound holds while other test workers share the machine), and
the worker kills a case still running after 30 seconds of wall time. A bomb that
is only caught after the damage overruns one or the other (a MemoryError, an
abort, a kill), and the test names it.

The worker runs with its thread pools at one thread and glibc's allocator at
two arenas: those reserve address space they never use (pyarrow's and
OpenBLAS's pools reserve over a gigabyte of it on a many-core machine), which
``RLIMIT_AS`` counts although no memory is spent.

Also here: the limits are raisable, and the Excel fidelity promises.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan.errors import DumpError, LimitError, LoadError
from serviceplan.io import limits
from serviceplan.io.limits import Limits, using_limits

CAP = 1 << 30  # bytes of address space for each case
WALL = 5.0  # seconds of CPU time for each case

WORKER = r"""
import json, os, resource, signal, sys, time
from pathlib import Path

import serviceplan
import serviceplan.io.formats.excel, serviceplan.io.formats.tabular
import pandas, pyarrow.parquet, pyarrow.compute, openpyxl, python_calamine

cap, wall = int(sys.argv[2]), float(sys.argv[3])
results = {}
for path in sorted(Path(sys.argv[1]).iterdir()):
    read_end, write_end = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CPU, (int(wall) + 1, int(wall) + 2))  # SIGXCPU past the bound
        try:
            serviceplan.load(path)
            outcome = "loaded"
        except serviceplan.LoadError as err:
            outcome = "load-error" if err.problems and str(path) in str(err) else "load-error without a place"
        except MemoryError:
            outcome = "MemoryError"
        except BaseException as err:
            outcome = f"{type(err).__name__}: {err}"[:300]
        os.write(write_end, outcome.encode())
        os._exit(0)
    os.close(write_end)
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > 6 * wall:  # a backstop: the CPU limit stops a busy case first
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.005)
    # CPU seconds, not wall seconds: the bound holds however busy the machine (other test workers) is
    seconds = usage.ru_utime + usage.ru_stime
    outcome = os.read(read_end, 1000).decode() or (
        f"killed after {seconds:.1f} s of CPU" if seconds > wall else f"died (status {status})"
    )
    os.close(read_end)
    results[path.name] = [outcome, round(seconds, 3), usage.ru_maxrss // 1024]
print(json.dumps(results))
"""

QUIET = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    "MALLOC_ARENA_MAX": "2",
}


@pytest.fixture(scope="module")
def bounded_results(hostile_corpus: Path) -> dict[str, list[object]]:
    """Each case's outcome, seconds and peak resident MiB, from the capped worker."""
    if not hasattr(os, "fork"):  # pragma: no cover - the test command runs on Linux
        pytest.fail("the bounded corpus test needs os.fork")
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(hostile_corpus), str(CAP), str(WALL)],
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET},
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results: dict[str, list[object]] = json.loads(done.stdout)
    return results


def test_every_case_is_bounded(bounded_results: dict[str, list[object]], hostile_corpus: Path) -> None:
    assert sorted(bounded_results) == sorted(p.name for p in hostile_corpus.iterdir())
    wrong = {}
    for name, (outcome, seconds, _) in bounded_results.items():
        expected = "loaded" if name.startswith("ok-") else "load-error"
        if outcome != expected or float(str(seconds)) > WALL:
            wrong[name] = (outcome, seconds)
    assert not wrong, wrong


def test_the_bombs_are_refused_early(bounded_results: dict[str, list[object]]) -> None:
    bombs = {n: r for n, r in bounded_results.items() if "bomb" in n or "far-" in n}
    assert len(bombs) >= 15
    assert all(float(str(seconds)) < WALL for _, seconds, _ in bombs.values()), bombs


# Limits an application can raise (or lower) by assigning them.


def test_a_limit_is_raisable(hostile_corpus: Path) -> None:
    many = hostile_corpus / "ok-many-rows.csv.zip"  # 5,000 risks
    with using_limits(Limits(max_rows=1_000)), pytest.raises(LimitError, match=r"risks\.csv: has more than 1,000 rows"):
        serviceplan.load(many)
    with using_limits(Limits(max_rows=10_000)):
        assert len(serviceplan.load(many).risks) == 5_000  # type: ignore[union-attr]
    assert len(serviceplan.load(many).risks) == 5_000  # type: ignore[union-attr]


def test_a_bomb_loads_once_the_limit_is_raised(hostile_corpus: Path) -> None:
    bomb = hostile_corpus / "bad-bomb-ratio.parquet.zip"
    with pytest.raises(LimitError, match="the limit is 200"):
        serviceplan.load(bomb)
    with using_limits(Limits(max_ratio=10_000)), pytest.raises(LoadError, match="not a Parquet file"):
        serviceplan.load(bomb)  # past the limit, the file is what it is


@pytest.mark.parametrize(
    "case",
    [
        ("max_cells", 100, "csv", "more than 100 cells"),
        ("max_cells", 100, "parquet", "more than 100 cells"),
        ("max_cells", 100, "excel", "more than 100 cells"),
        ("max_columns", 5, "csv", "at most 5 columns"),
        ("max_columns", 5, "parquet", "columns; the limit is 5"),
        ("max_columns", 5, "excel", "the limit is 5 columns"),
        ("max_rows", 5, "excel", "the limit is 5 rows"),
        ("max_entry_bytes", 500, "csv", "the limit is 500"),
        ("max_entry_bytes", 500, "excel", "the limit is 500"),
    ],
)
def test_each_limit_acts(case: tuple[str, int, str, str], examples: dict[str, serviceplan.ServicePlan]) -> None:
    limit, value, fmt, words = case
    data = serviceplan.dumps(examples["salford-2009-12"], format=fmt)
    assert serviceplan.loads(data, format=fmt) == examples["salford-2009-12"]
    with using_limits(Limits(**{limit: value})), pytest.raises(LimitError, match=words):
        serviceplan.loads(data, format=fmt)


# Excel fidelity


@pytest.mark.parametrize("text", ["#N/A", "#DIV/0!", "#REF!", "#NAME?", "#NULL!", "#NUM!", "#VALUE!", "#n/a"])
def test_text_that_looks_like_an_excel_error_comes_back_as_text(text: str) -> None:
    plan = serviceplan.ServicePlan(id="p", title=text)
    assert serviceplan.loads(serviceplan.dumps(plan, format="excel"), format="excel") == plan


def test_text_longer_than_a_cell_is_refused_when_writing() -> None:
    fits = serviceplan.ServicePlan(id="p", title="x" * limits.MAX_TEXT)
    assert serviceplan.loads(serviceplan.dumps(fits, format="excel"), format="excel") == fits
    with pytest.raises(DumpError, match=r"plans\[0\].title: the text is 32,768 characters"):
        serviceplan.dumps(serviceplan.ServicePlan(id="p", title="x" * (limits.MAX_TEXT + 1)), format="excel")
    long = serviceplan.ServicePlan(id="p", title="x" * 40_000)
    assert serviceplan.loads(serviceplan.dumps(long, format="csv"), format="csv") == long  # other formats hold it


def test_the_place_is_named(hostile_corpus: Path) -> None:
    cases = {
        "bad-formula-in-text.xlsx": 'sheet risks, cell B2: a formula (=A1&"x") whose value was never saved',
        "bad-true-in-text.xlsx": "sheet risks:title, row 2: expected text, not the value TRUE",
        "bad-error-cell.xlsx": "sheet risks, cell B2: holds the Excel error #N/A",
        "bad-far-cell.xlsx": "sheet risks: declares its extent as A1:XFD1048576",
        "bad-integer-title.parquet.zip": "tables/risks.parquet:title: expected text, not a column of int64",
        "bad-orphan-update.csv.zip": "actions_updates[0]: belongs to no row of actions",
        "bad-second-plans-row.csv.zip": "plans: holds 2 rows",
        "bad-manifest-duplicate-key.csv.zip": "manifest.json: the key 'tables' is given twice",
        "bad-many-tables.csv.zip": "manifest.json:tables.t0: unknown table 't0'",
        "bad-huge-position.csv.zip": "tables/risks.csv:position: the whole number 99999999999999999999 is too large",
    }
    for name, words in cases.items():
        with pytest.raises(LoadError) as info:
            serviceplan.load(hostile_corpus / name)
        assert words in str(info.value), (name, str(info.value))


@given(
    st.lists(
        st.sampled_from(
            [b'<c r="', b'r="', b'xr="', b'x:r="', b'_r="', b'operator="', b"A", b"XFD", b"1", b"1048577", b'"', b" "]
        ),
        max_size=30,
    ).map(b"".join)
)
def test_the_fast_reference_scan_finds_what_the_word_boundary_pattern_finds(xml: bytes) -> None:
    """The guard scans for 'r="' at C speed and checks the word boundary on each match: the same matches as \\b."""
    import re

    from serviceplan.io.formats._guard import _reference_at

    for slow, fast in (
        (rb"\br=\"[A-Za-z]*(\d{7,})\"", rb"r=\"[A-Za-z]*(\d{7,})\""),
        (rb"\br=\"([A-Za-z]{3,})\d*\"", rb"r=\"([A-Za-z]{3,})\d*\""),
    ):
        expected = re.compile(slow).findall(xml)
        found = [m.group(1) for m in re.compile(fast).finditer(xml) if _reference_at(xml, m.start())]
        assert found == expected
