"""Every hot path against the strongest simple baseline, in one table: ``python -m benchmarks.table``.

Each row times serviceplan and a baseline written the way a competent engineer
would write that one job, in the same process, interleaved (ours, theirs, ours,
…), with the garbage collector in the same state on both sides. Where the
library pauses the collector itself (loading, building), the row is timed with
the collector on for both and again with it paused for both. Printed: medians
with the spread (fastest–slowest), the ratio of medians, and for the jobs that
scale (scoring, JSON, rollups) three sizes 10× apart with the cost per item, so
that linear cost shows as a flat column. Nothing is asserted; results are
checked equal before timing.

``--quick`` runs small sizes (a smoke test, also run by the test suite).
"""

from __future__ import annotations

import argparse
import gc
import io
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import attrs
import numpy as np
import pandas as pd

import serviceplan

Job = Callable[[], Any]
PENNY = Decimal("0.01")


@attrs.frozen
class Timing:
    """Medians and spreads of one row, in seconds."""

    ours: float
    ours_spread: tuple[float, float]
    theirs: float
    theirs_spread: tuple[float, float]

    @property
    def ratio(self) -> float:
        return self.ours / self.theirs


@contextmanager
def collector(paused: bool) -> Iterator[None]:
    """The collector on (as a user's program has it) or paused, for both sides alike."""
    was = gc.isenabled()
    gc.collect()
    if paused:
        gc.disable()
    else:
        gc.enable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def interleaved(ours: Job, theirs: Job, repeat: int, *, paused: bool = False) -> Timing:
    """Run the two jobs alternately ``repeat`` times each, the collector in the same state for both."""
    mine: list[float] = []
    base: list[float] = []
    with collector(paused):
        for _ in range(repeat):
            for job, times in ((ours, mine), (theirs, base)):
                start = time.perf_counter()
                job()
                times.append(time.perf_counter() - start)
    return Timing(statistics.median(mine), (min(mine), max(mine)), statistics.median(base), (min(base), max(base)))


def peak_bytes(job: Job) -> int:
    """The peak memory a job allocates (tracemalloc), after one warm-up run."""
    job()
    gc.collect()
    tracemalloc.start()
    try:
        job()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _spread(pair: tuple[float, float]) -> str:
    return f"{pair[0] * 1000:,.1f}–{pair[1] * 1000:,.1f}"


class Table:
    """Rows printed as they are measured, in Markdown so docs/performance.md can hold them as printed."""

    def __init__(self, out: Any = None) -> None:
        self.out = out or sys.stdout
        self.rows: list[tuple[str, str, str, Timing, str]] = []
        print(
            "| job | size | baseline | ours (median, spread ms) | baseline (median, spread ms) | ratio | goal |",
            file=self.out,
        )
        print("| --- | ---: | --- | ---: | ---: | ---: | --- |", file=self.out)

    def add(self, job: str, size: str, baseline: str, timing: Timing, goal: str) -> None:
        self.rows.append((job, size, baseline, timing, goal))
        print(
            f"| {job} | {size} | {baseline} | {_ms(timing.ours)} ({_spread(timing.ours_spread)}) | "
            f"{_ms(timing.theirs)} ({_spread(timing.theirs_spread)}) | {timing.ratio:.2f}× | {goal} |",
            file=self.out,
            flush=True,
        )

    def note(self, text: str) -> None:
        print(f"| {text} |||||||", file=self.out, flush=True)


# -- scoring -------------------------------------------------------------------------------------


def scoring(table: Table, sizes: list[int], repeat: int) -> None:
    from serviceplan.risk import score_array

    rng = np.random.default_rng(2010)
    for name, baseline_name in (("5x5", "threshold compares"), ("as4360", "flat take on int8 L·w+I")):
        matrix = serviceplan.risk_matrix(name)
        scores_table, bands_table = matrix.tables()
        width = scores_table.shape[1]
        cuts = [b.min_score for b in matrix.bands[1:]]
        n_lk, n_im = len(matrix.likelihood), len(matrix.impact)
        for n in sizes:
            lk = rng.integers(1, n_lk + 1, n, dtype=np.int8)
            im = rng.integers(1, n_im + 1, n, dtype=np.int8)
            if matrix.cells is None:

                def theirs(lk: Any = lk, im: Any = im, cuts: Any = cuts) -> tuple[Any, Any]:
                    s = np.multiply(lk, im, dtype=np.int16)
                    b = np.zeros(len(s), dtype=np.int8)
                    for cut in cuts:
                        b += s >= cut
                    return s, b
            else:

                def theirs(
                    lk: Any = lk, im: Any = im, w: int = width, st: Any = scores_table, bt: Any = bands_table
                ) -> tuple[Any, Any]:
                    flat = lk * np.int8(w) + im  # fits int8 on these matrices (at most 6 · 6 + 5)
                    return st.ravel().take(flat), bt.ravel().take(flat)

            def ours(lk: Any = lk, im: Any = im, matrix: Any = matrix) -> Any:
                return score_array(lk, im, matrix)

            result, expected = ours(), theirs()
            assert np.array_equal(result.score.data, expected[0])
            assert np.array_equal(result.band.data, expected[1])
            timing = interleaved(ours, theirs, repeat)
            per = f"{timing.ours / n * 1e9:.2f} ns/pair"
            table.add(f"score + band, int8, {name}", f"{n:,} ({per})", baseline_name, timing, "≤ 1.5×")
        n = sizes[-1]
        lk = rng.integers(1, n_lk + 1, n, dtype=np.int8)
        im = rng.integers(1, n_im + 1, n, dtype=np.int8)
        ours_peak = peak_bytes(lambda lk=lk, im=im, matrix=matrix: score_array(lk, im, matrix))
        base_peak = peak_bytes(lambda lk=lk, im=im, n=n: (np.multiply(lk, im, dtype=np.int16), np.zeros(n, np.int8)))
        table.note(
            f"memory, {name}, {n:,} pairs: ours {ours_peak / 1e6:.0f} MB, outputs alone (int16 + int8) "
            f"{base_peak / 1e6:.0f} MB, {ours_peak / base_peak:.2f}×"
        )
        floor = interleaved(lambda lk=lk, im=im: np.multiply(lk, im, dtype=np.int16), lambda: None, repeat)
        table.note(f"floor, {name}: the multiply alone, {_ms(floor.ours)}")


def scalar_scoring(table: Table, n: int, repeat: int) -> None:
    from serviceplan.model import Assessment
    from serviceplan.values import AssessmentKind

    matrix = serviceplan.risk_matrix("5x5")
    rng = np.random.default_rng(3)
    pairs = zip(rng.integers(1, 6, n).tolist(), rng.integers(1, 6, n).tolist(), strict=True)
    assessments = [Assessment(kind=AssessmentKind.CURRENT, likelihood=a, impact=b) for a, b in pairs]
    cells = tuple(
        tuple((matrix.score(lk, im), matrix.band(lk, im)) if lk and im else None for im in range(6)) for lk in range(6)
    )

    def theirs() -> list[Any]:
        return [cells[a.likelihood][a.impact] for a in assessments]  # type: ignore[index]

    def ours() -> list[Any]:
        return matrix.score_assessments(assessments)

    assert ours() == theirs()
    timing = interleaved(ours, theirs, repeat)
    table.add(
        "scalar score + band, score_assessments",
        f"{n:,} ({n / timing.ours / 1e6:.1f}M/s)",
        "tuple lookup per object",
        timing,
        "≥ 10M/s",
    )
    scorer = matrix.scorer()
    timing = interleaved(lambda: [scorer(a) for a in assessments], theirs, repeat)
    table.add(
        "scalar score + band, one call each (scorer)",
        f"{n:,} ({n / timing.ours / 1e6:.1f}M/s)",
        "tuple lookup per object",
        timing,
        "≥ 10M/s",
    )


# -- indicators ----------------------------------------------------------------------------------


def rag(table: Table, n: int, repeat: int) -> None:
    from benchmarks.indicators import baseline
    from serviceplan.calc import rag_frame

    rng = np.random.default_rng(181)
    target = np.round(rng.uniform(0, 100, n), 2)
    actual = np.round(target + rng.normal(0, 3, n), 2)
    actual[rng.random(n) < 0.1] = np.nan
    target[rng.random(n) < 0.05] = np.nan
    polarity = rng.choice(
        np.array(["higher_is_better", "lower_is_better", "range", None], dtype=object), n, p=[0.5, 0.4, 0.05, 0.05]
    )
    frame = pd.DataFrame(
        {"actual": actual, "target": target, "polarity": polarity, "tolerance": np.round(rng.uniform(0, 2, n), 2)}
    )
    ours, theirs = rag_frame(frame, target_state=None), baseline(frame)
    assert (ours["reason"].astype(str) == theirs["reason"].astype(str)).all()
    timing = interleaved(lambda: rag_frame(frame), lambda: baseline(frame), repeat)
    table.add("RAG (rag_frame)", f"{n:,}", "hand-written NumPy/pandas", timing, "≤ 1.5×")


# -- documents -----------------------------------------------------------------------------------


def json_round_trip(table: Table, sizes: list[int], repeat: int) -> None:
    from benchmarks.run import generated_plan
    from benchmarks.shapes import msgspec_round_trip, pydantic_round_trip

    for n in sizes:
        plan = generated_plan(n)
        text = serviceplan.dumps(plan, format="json")
        data = text.encode() if isinstance(text, str) else text
        assert serviceplan.loads(data, format="json") == plan

        def ours(data: bytes = data) -> Any:
            return serviceplan.dumps(serviceplan.loads(data, format="json"), format="json")

        for paused in (False, True):
            state = "collector paused both" if paused else "collector on both"
            timing = interleaved(ours, lambda data=data: msgspec_round_trip(data), repeat, paused=paused)
            per = f"{timing.ours / n * 1e6:.1f} µs/action"
            table.add(f"JSON load + dump ({state})", f"{n:,} ({per})", "msgspec Structs", timing, "≤ 2.5×")
            timing = interleaved(ours, lambda data=data: pydantic_round_trip(data), repeat, paused=paused)
            table.add(f"JSON load + dump ({state})", f"{n:,}", "pydantic v2", timing, "≤ 0.33× (3× faster)")


def yaml_load(table: Table, n: int, repeat: int) -> None:
    import yaml

    from benchmarks.run import generated_plan

    text = serviceplan.dumps(generated_plan(n), format="yaml")
    timing = interleaved(
        lambda: serviceplan.loads(text, format="yaml"), lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat
    )
    table.add("YAML load", f"{n:,} actions", "PyYAML CSafeLoader (plain data only)", timing, "< 0.5 s")


def excel_read(table: Table, n: int, repeat: int) -> None:
    from python_calamine import CalamineWorkbook

    from benchmarks.run import generated_plan

    data = serviceplan.dumps(generated_plan(n), format="excel")
    assert isinstance(data, bytes)

    def theirs() -> Any:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}

    timing = interleaved(lambda: serviceplan.loads(data, format="excel"), theirs, repeat)
    table.add("Excel read (every sheet)", f"{n:,} actions", "python-calamine alone, every sheet", timing, "≤ 2×")


# -- savings -------------------------------------------------------------------------------------


def savings(table: Table, sizes: list[int], repeat: int) -> None:
    from benchmarks.rollup_scale import plan as savings_plan
    from benchmarks.savings import baseline
    from serviceplan.calc import rollup_frame, savings_frame, savings_rollup
    from serviceplan.calc.savings import DEFAULT_WEIGHTS as WEIGHTS

    for n in sizes:
        plan = savings_plan(n // 3, 200)  # three years a saving: n lines

        def theirs(plan: Any = plan) -> dict[tuple[str, str], list[Any]]:
            # the same job by hand: target, forecast, delivered, expected (forecast, else delivered) and the
            # confidence-weighted forecast to the penny, and a count, in a dict of Decimal sums
            sums: dict[tuple[str, str], list[Any]] = {}
            zero = Decimal(0)
            for s in plan.savings:
                weight = WEIGHTS[s.confidence]
                for a in s.amounts:
                    key = (s.unit, str(a.year))
                    row = sums.get(key)
                    if row is None:
                        row = sums[key] = [zero, zero, zero, zero, zero, 0]
                    got = a.delivered.amount if a.delivered is not None else zero
                    expected = a.forecast.amount if a.forecast is not None else got
                    row[0] += a.target.amount if a.target is not None else zero
                    row[1] += a.forecast.amount if a.forecast is not None else zero
                    row[2] += got
                    row[3] += expected
                    row[4] += got + ((expected - got) * weight).quantize(PENNY, ROUND_HALF_EVEN)
                    row[5] += 1
            return sums

        def ours(plan: Any = plan) -> Any:
            return savings_rollup(plan, by=["unit", "year"])

        rollup = {
            (r.key[0], str(r.key[1])): [
                r.target.amount,
                r.forecast.amount,
                r.delivered.amount,
                r.expected.amount,
                r.weighted.amount,
                r.lines,
            ]
            for r in ours()
        }
        assert rollup == theirs()
        timing = interleaved(ours, theirs, repeat)
        per = f"{timing.ours / n * 1e6:.2f} µs/line"
        table.add(
            "savings_rollup over objects, unit × year",
            f"{n:,} ({per})",
            "dict of Decimal sums, same job",
            timing,
            "≤ 1.3×",
        )

        frame = savings_frame(plan)
        categorical = frame.assign(
            unit=frame["unit"].astype("category"), year=frame["year"].astype(str).astype("category")
        )
        assert int(rollup_frame(frame)["target_pence"].sum()) == int(baseline(categorical)["target_pence"].sum())
        timing = interleaved(lambda frame=frame: rollup_frame(frame), lambda c=categorical: baseline(c), repeat)
        table.add(
            "rollup_frame, unit × year", f"{n:,}", "pandas groupby, int64 pence, categorical keys", timing, "≤ 1.0×"
        )


# -- import --------------------------------------------------------------------------------------


def import_time(table: Table, repeat: int) -> None:
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    empty = statistics.median(run("pass") for _ in range(repeat))
    mine: list[float] = []
    base: list[float] = []
    for _ in range(repeat):
        mine.append(run("import serviceplan") - empty)
        base.append(run("import attrs, cattrs, dateutil, msgspec") - empty)
    timing = Timing(statistics.median(mine), (min(mine), max(mine)), statistics.median(base), (min(base), max(base)))
    table.add("import serviceplan (fresh interpreter)", "-", "attrs + cattrs + dateutil + msgspec", timing, "≤ 1.3×")
    loaded = subprocess.run(
        [sys.executable, "-c", "import serviceplan, sys; print(sorted({'pandas', 'numpy'} & set(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    table.note(f"heavy modules after import serviceplan: {loaded}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    import os

    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, NumPy {np.__version__}, "
        f"pandas {pd.__version__}, serviceplan {serviceplan.__version__}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    quick = args.quick
    repeat = 2 if quick else args.repeat
    print(f"Machine: {machine()}\n")
    table = Table()
    scoring(table, [1_000, 10_000] if quick else [100_000, 1_000_000, 10_000_000], repeat)
    scalar_scoring(table, 1_000 if quick else 1_000_000, repeat)
    rag(table, 1_000 if quick else 1_000_000, repeat)
    json_round_trip(table, [50, 500] if quick else [1_000, 10_000, 100_000], repeat)
    yaml_load(table, 20 if quick else 1_000, repeat)
    excel_read(table, 20 if quick else 10_000, repeat)
    savings(table, [300, 3_000] if quick else [10_000, 100_000, 1_000_000], repeat)
    import_time(table, 2 if quick else 7)


if __name__ == "__main__":
    main()
