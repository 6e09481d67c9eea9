"""How-to: score risks at scale: the vectorised API on pandas, and Dask for registers larger than memory.

Run: python examples/score_at_scale.py
"""

import time

import dask.dataframe as dd
import numpy as np
import pandas as pd

import serviceplan

rng = np.random.default_rng(2010)
rows = 1_000_000
registers = pd.DataFrame(
    {
        "council": rng.choice(["Sefton", "Salford", "Wigan", "Bolton"], rows),
        "likelihood": rng.integers(1, 6, rows),
        "impact": rng.integers(1, 6, rows),
    }
)
matrix = serviceplan.risk_matrix("5x5")

start = time.perf_counter()
scored = serviceplan.score_frame(registers, matrix)
print(f"scored {rows:,} risks in {time.perf_counter() - start:.2f} s")
print(scored.groupby(["council", "band"], observed=True).size().unstack())

# The same function, partition by partition, on Dask.
big = dd.from_pandas(registers, npartitions=8)
meta = serviceplan.score_frame(registers.head(0), matrix)
high = big.map_partitions(serviceplan.score_frame, matrix, meta=meta)
print("High on Dask:", int((high["band"] == "High").sum().compute()))
