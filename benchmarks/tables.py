"""Tables and office formats: ratios against baselines in the same run.

Run with ``.venv/bin/python -m benchmarks.tables``. Nothing is asserted here.

* ``to_frames`` of a 100,000-action plan against ``pandas.DataFrame.from_records``
  on tuples of the same action fields;
* Excel and Parquet round-trip rates for that plan;
* reading a 10,000-row sheet through ``serviceplan.load`` against
  ``pandas.read_excel(engine="calamine")`` reading the same sheet.
"""

from __future__ import annotations

import argparse
import io

import pandas as pd

import serviceplan
from benchmarks.run import generated_plan
from benchmarks.timing import best_of


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--sheet-rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    plan = generated_plan(args.actions)
    fields = ("id", "number", "title", "deadline", "lead_officer", "delegate", "outcome")

    def baseline() -> pd.DataFrame:
        rows = [
            (a.id, a.number, a.title, a.deadline.text if a.deadline else None, a.lead_officer, a.delegate, a.outcome)
            for a in plan.actions
        ]
        return pd.DataFrame.from_records(rows, columns=fields)

    t_base = best_of(baseline, args.repeat)
    t_ours = best_of(lambda: serviceplan.to_frames(plan), args.repeat)
    print(f"to_frames, {args.actions:,} actions (all 38 tables) vs from_records of the action rows:")
    print(f"  DataFrame.from_records  {t_base * 1000:8.1f} ms")
    print(f"  serviceplan.to_frames   {t_ours * 1000:8.1f} ms   {t_ours / t_base:.2f}x")

    for fmt in ("parquet", "excel"):
        data = serviceplan.dumps(plan, format=fmt)
        t_dump = best_of(lambda fmt=fmt: serviceplan.dumps(plan, format=fmt), 1)
        t_load = best_of(lambda fmt=fmt, data=data: serviceplan.loads(data, format=fmt), 1)
        print(
            f"{fmt} round trip of {args.actions:,} actions: dump {t_dump:.2f} s, load {t_load:.2f} s "
            f"({args.actions / (t_dump + t_load):,.0f} actions/s)"
        )

    sheet_plan = generated_plan(args.sheet_rows)
    book = serviceplan.dumps(sheet_plan, format="excel")
    assert isinstance(book, bytes)
    t_calamine = best_of(lambda: pd.read_excel(io.BytesIO(book), sheet_name="actions", engine="calamine"), args.repeat)
    t_read = best_of(lambda: serviceplan.loads(book, format="excel"), 1)
    print(f"reading a workbook with a {args.sheet_rows:,}-row actions sheet:")
    print(f"  pandas.read_excel(engine='calamine'), that sheet   {t_calamine * 1000:8.1f} ms")
    print(f"  serviceplan.loads(format='excel'), the whole plan  {t_read * 1000:8.1f} ms   {t_read / t_calamine:.2f}x")


if __name__ == "__main__":
    main()
