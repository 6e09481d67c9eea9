"""Savings rollup benchmark: ``rollup_frame`` against hand-written pandas groupby on int64 pence.

Run with ``.venv/bin/python -m benchmarks.savings``. Nothing is asserted here.
Both sides do the same job on 1,000,000 saving lines: sum target, forecast and
delivered by unit × financial year, with expected (forecast, else delivered),
gap, the confidence-weighted forecast rounded half-to-even per line, and %
delivered.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from benchmarks.timing import best_of
from serviceplan.calc import rollup_frame

WEIGHTS = {"green": 100, "amber": 50, "red": 0}


def baseline(frame: pd.DataFrame) -> pd.DataFrame:
    forecast = frame["forecast_pence"]
    expected = forecast.fillna(frame["delivered_pence"]).fillna(0).astype("int64")
    confidence = frame["confidence"]
    weight = np.select(
        [(confidence == word).to_numpy(dtype=bool, na_value=False) for word in WEIGHTS], list(WEIGHTS.values()), 50
    )
    q, r = np.divmod(expected.to_numpy() * weight, 100)
    weighted = q + ((r > 50) | ((r == 50) & (q % 2 == 1)))
    work = pd.DataFrame(
        {
            "unit": frame["unit"],
            "year": frame["year"],
            "target_pence": frame["target_pence"].fillna(0).astype("int64"),
            "forecast_pence": forecast.fillna(0).astype("int64"),
            "delivered_pence": frame["delivered_pence"].fillna(0).astype("int64"),
            "expected_pence": expected,
            "weighted_pence": weighted,
            "lines": 1,
        }
    )
    out = work.groupby(["unit", "year"], sort=True).sum().reset_index()
    out["gap_pence"] = out["target_pence"] - out["expected_pence"]
    out["percent_delivered"] = (out["delivered_pence"] * 100 / out["target_pence"]).round(2)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(2011)
    n = args.lines
    target = pd.array(rng.integers(1, 100_000_000, n), dtype="Int64")
    forecast = pd.array(rng.integers(0, 100_000_000, n), dtype="Int64")
    forecast[rng.random(n) < 0.3] = pd.NA
    delivered = pd.array(rng.integers(0, 100_000_000, n), dtype="Int64")
    delivered[rng.random(n) < 0.5] = pd.NA
    frame = pd.DataFrame(
        {
            "unit": rng.choice([f"U{i:03d}" for i in range(200)], n),
            "year": rng.choice(["2010/11", "2011/12", "2012/13", "2013/14"], n),
            "confidence": rng.choice(np.array(["green", "amber", "red", None], dtype=object), n),
            "target_pence": target,
            "forecast_pence": forecast,
            "delivered_pence": delivered,
        }
    )
    ours, theirs = rollup_frame(frame), baseline(frame)
    for column in ("target_pence", "expected_pence", "gap_pence", "weighted_pence", "lines"):
        assert (ours[column].to_numpy(dtype=np.int64) == theirs[column].to_numpy(dtype=np.int64)).all(), column
    t_base = best_of(lambda: baseline(frame), args.repeat)
    t_ours = best_of(lambda: rollup_frame(frame), args.repeat)
    print(f"rollup of {n:,} saving lines by unit × year (best of {args.repeat}):")
    print(f"  hand-written pandas groupby on int64 pence  {t_base * 1000:7.1f} ms")
    print(f"  serviceplan.calc.rollup_frame                    {t_ours * 1000:7.1f} ms   {t_ours / t_base:.2f}x pandas")


if __name__ == "__main__":
    main()
