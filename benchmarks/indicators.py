"""Indicator RAG benchmark: ``rag_frame`` against hand-written NumPy/pandas in the same run.

Run with ``.venv/bin/python -m benchmarks.indicators``. Nothing is asserted here.
The baseline does the same comparison (polarity, tolerance, ties met, missing
target or actual, unknown polarity) and builds the same two categorical columns.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from benchmarks.timing import best_of
from serviceplan.calc import RagReason, rag_frame

REASONS = [r.value for r in RagReason]
RAGS = ["red", "amber", "green", "no_data"]


def baseline(frame: pd.DataFrame) -> pd.DataFrame:
    a = frame["actual"].to_numpy()
    t = frame["target"].to_numpy()
    tol = np.nan_to_num(frame["tolerance"].to_numpy())
    pol = frame["polarity"].to_numpy()
    higher = pol == "higher_is_better"
    lower = pol == "lower_is_better"
    ranged = pol == "range"
    eps = 1e-9 * np.maximum(1.0, np.abs(t))
    shortfall = np.where(higher, t - a, a - t)
    reason = np.select(
        [
            np.isnan(t),
            np.isnan(a),
            ~(higher | lower | ranged),
            ranged & (np.abs(a - t) <= tol + eps),
            ranged,
            shortfall <= eps,
            shortfall <= tol + eps,
        ],
        [REASONS.index(x) for x in ("no_target", "no_data", "no_polarity", "met", "missed", "met", "within_tolerance")],
        REASONS.index("missed"),
    ).astype(np.int8)
    colour = np.array(
        [RAGS.index({"met": "green", "within_tolerance": "amber", "missed": "red"}.get(r, "no_data")) for r in REASONS],
        dtype=np.int8,
    )
    return frame.assign(
        rag=pd.Categorical.from_codes(colour[reason], categories=RAGS),
        reason=pd.Categorical.from_codes(reason, categories=REASONS),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(181)
    n = args.rows
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
    assert (ours["rag"].astype(str) == theirs["rag"].astype(str)).all()
    t_base = best_of(lambda: baseline(frame), args.repeat)
    t_ours = best_of(lambda: rag_frame(frame), args.repeat)
    print(f"RAG of {n:,} indicator-periods (best of {args.repeat}):")
    print(f"  hand-written NumPy/pandas  {t_base * 1000:7.1f} ms")
    print(f"  serviceplan.calc.rag_frame      {t_ours * 1000:7.1f} ms   {t_ours / t_base:.2f}x baseline")


if __name__ == "__main__":
    main()
