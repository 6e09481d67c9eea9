"""Risk scoring benchmarks: ratios against hand-written baselines in the same run.

Run with ``.venv/bin/python -m benchmarks.risk``. Nothing is asserted here.

* ``score_array`` on 10,000,000 likelihood/impact pairs against raw NumPy doing
  the same job with a precomputed cell table and fancy indexing;
* ``score_frame`` on a 10,000,000-row DataFrame against hand-written pandas
  adding the same two columns (nullable Int16 score, ordered categorical band);
* scalar scoring of 1,000,000 assessment objects (score and band): the rate.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.timing import best_of
from serviceplan import Assessment, risk_matrix, score_frame
from serviceplan.risk import score_array
from serviceplan.values import AssessmentKind


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=10_000_000)
    parser.add_argument("--assessments", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    matrix = risk_matrix("5x5")
    scores_table, bands_table = matrix.tables()
    rng = np.random.default_rng(2010)
    lk = rng.integers(1, 6, args.pairs, dtype=np.int64)
    im = rng.integers(1, 6, args.pairs, dtype=np.int64)

    def numpy_baseline() -> tuple[Any, Any]:
        return scores_table[lk, im], bands_table[lk, im]

    ours = score_array(lk, im, matrix)
    base_scores, base_bands = numpy_baseline()
    assert np.array_equal(ours.score.data, base_scores)
    assert np.array_equal(ours.band.data, base_bands)
    t_np = best_of(numpy_baseline, args.repeat)
    t_ours = best_of(lambda: score_array(lk, im, matrix), args.repeat)
    print(f"score + band, {args.pairs:,} pairs (best of {args.repeat}):")
    print(f"  raw NumPy (cell table, fancy indexing) {t_np * 1000:7.1f} ms")
    print(f"  serviceplan.risk.score_array                {t_ours * 1000:7.1f} ms   {t_ours / t_np:.2f}x NumPy")

    frame = pd.DataFrame({"likelihood": lk, "impact": im})
    dtype = pd.CategoricalDtype(list(matrix.band_names), ordered=True)

    def pandas_baseline() -> pd.DataFrame:
        l_values = frame["likelihood"].to_numpy()
        i_values = frame["impact"].to_numpy()
        return frame.assign(
            score=pd.array(scores_table[l_values, i_values], dtype="Int16"),
            band=pd.Categorical.from_codes(bands_table[l_values, i_values], dtype=dtype),
        )

    pd.testing.assert_frame_equal(score_frame(frame, matrix), pandas_baseline())
    t_pd = best_of(pandas_baseline, args.repeat)
    t_frame = best_of(lambda: score_frame(frame, matrix), args.repeat)
    print(f"DataFrame, {args.pairs:,} rows:")
    print(f"  hand-written pandas                    {t_pd * 1000:7.1f} ms")
    print(f"  serviceplan.score_frame                {t_frame * 1000:7.1f} ms   {t_frame / t_pd:.2f}x pandas")

    kinds = (AssessmentKind.CURRENT, AssessmentKind.TARGET)
    assessments = [
        Assessment(kind=kinds[n % 2], likelihood=int(a), impact=int(b))
        for n, (a, b) in enumerate(zip(lk[: args.assessments], im[: args.assessments], strict=True))
    ]

    def scalar() -> None:
        for assessment in assessments:
            matrix.score_assessment(assessment)
            matrix.band_assessment(assessment)

    t_scalar = best_of(scalar, max(1, args.repeat // 2))
    print(
        f"scalar score + band of {args.assessments:,} assessments: {t_scalar:.2f} s, "
        f"{args.assessments / t_scalar:,.0f} per second"
    )


if __name__ == "__main__":
    main()
