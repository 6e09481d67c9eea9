"""The benchmark table runs (a smoke test at small sizes; no timing is asserted)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

from benchmarks import table


def test_the_benchmark_table_runs_every_row_and_checks_results_equal_first() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        table.main(["--quick"])
    text = out.getvalue()
    jobs = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ") and "×" in line]
    for wanted in (
        "score + band, int8, 5x5",
        "score + band, int8, as4360",
        "scalar score + band, score_assessments",
        "RAG (rag_frame)",
        "JSON load + dump (collector on both)",
        "JSON load + dump (collector paused both)",
        "YAML load",
        "Excel read (every sheet)",
        "savings_rollup over objects, unit × year",
        "rollup_frame, unit × year",
        "import serviceplan (fresh interpreter)",
    ):
        assert wanted in jobs, wanted
    assert "heavy modules after import serviceplan: []" in text
