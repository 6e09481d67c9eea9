"""Tables and office formats: ratios against baselines in the same run.

Run with ``.venv/bin/python -m benchmarks.tables``. Nothing is asserted here.

* ``to_frames`` of a 100,000-action plan against ``pandas.DataFrame.from_records``
  on tuples written by hand for the same tables (actions, their priorities,
  risks, links and updates), checked equal cell for cell before timing; and
  against the same hand-written tables given the same dtypes;
* Excel and Parquet round-trip rates for that plan;
* reading a workbook with a 10,000-row actions sheet through
  ``serviceplan.loads`` (every sheet, into a checked plan) against
  ``pandas.read_excel(engine="calamine")`` reading every sheet into
  DataFrames (the same reading), and reading only the actions sheet.
"""

from __future__ import annotations

import argparse
import io
from typing import Any

import pandas as pd

import serviceplan
from benchmarks.run import generated_plan
from benchmarks.timing import best_of
from serviceplan import ServicePlan

ACTION_COLUMNS = [c.name for c in serviceplan.io.tables.table_specs()["actions"].columns]
SMALL = generated_plan(2)


def _text(value: Any) -> str | None:
    return None if value is None else value.text


def hand_written_tables(plan: ServicePlan, *, typed: bool = False) -> dict[str, pd.DataFrame]:
    """The non-empty tables of the benchmark plan, written by hand: tuples, then ``from_records``.

    ``typed`` adds what ``to_frames`` promises beyond that: nullable and
    categorical dtypes (``astype`` with the same dtypes).
    """
    keys = ["plan_index", "plan_id"]
    actions = plan.actions
    tables = {
        "actions": (
            [*keys, "position", *ACTION_COLUMNS],
            [
                (
                    0,
                    plan.id,
                    n,
                    a.id,
                    a.title,
                    a.number,
                    a.unit,
                    _text(a.deadline),
                    a.lead_officer,
                    a.delegate,
                    a.resourcing is not None,
                    a.resourcing.status if a.resourcing else None,
                    a.resourcing.text if a.resourcing else None,
                    a.outcome,
                    a.measures,
                    a.risk_text,
                    a.equality is not None,
                    a.equality.status if a.equality else None,
                    a.equality.text if a.equality else None,
                    a.status,
                    _text(a.year),
                    a.notes,
                )
                for n, a in enumerate(actions)
            ],
        ),
        "actions_priorities": (
            [*keys, "actions_index", "position", "value"],
            [(0, plan.id, i, n, p) for i, a in enumerate(actions) for n, p in enumerate(a.priorities)],
        ),
        "actions_risks": (
            [*keys, "actions_index", "position", "value"],
            [(0, plan.id, i, n, r) for i, a in enumerate(actions) for n, r in enumerate(a.risks)],
        ),
        "actions_links": (
            [*keys, "actions_index", "position", "name", "indicator"],
            [(0, plan.id, i, n, x.name, x.indicator) for i, a in enumerate(actions) for n, x in enumerate(a.links)],
        ),
        "actions_updates": (
            [*keys, "actions_index", "position", "period", "text", "by", "status", "rag"],
            [
                (0, plan.id, i, n, u.period.text, u.text, u.by, u.status, u.rag)
                for i, a in enumerate(actions)
                for n, u in enumerate(a.updates)
            ],
        ),
    }
    frames = {name: pd.DataFrame.from_records(rows, columns=columns) for name, (columns, rows) in tables.items()}
    if typed:
        dtypes = {name: frame.dtypes.to_dict() for name, frame in serviceplan.to_frames(SMALL).items()}
        frames = {name: frame.astype(dtypes[name]) for name, frame in frames.items()}
    return frames


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--sheet-rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    plan = generated_plan(args.actions)
    ours = serviceplan.to_frames(plan)
    for name, frame in hand_written_tables(plan, typed=True).items():  # the same rows, columns and cells
        pd.testing.assert_frame_equal(frame, ours[name])

    t_base = best_of(lambda: hand_written_tables(plan), args.repeat)
    t_typed = best_of(lambda: hand_written_tables(plan, typed=True), args.repeat)
    t_ours = best_of(lambda: serviceplan.to_frames(plan), args.repeat)
    rows = sum(len(f) for f in ours.values())
    print(f"to_frames, {args.actions:,} actions ({rows:,} rows in {len(ours)} tables):")
    print(f"  from_records on tuples, by hand           {t_base * 1000:8.1f} ms")
    print(f"  the same, then astype to the same dtypes  {t_typed * 1000:8.1f} ms")
    print(f"  serviceplan.to_frames                     {t_ours * 1000:8.1f} ms   {t_ours / t_base:.2f}x from_records")

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
    assert serviceplan.loads(book, format="excel") == sheet_plan
    sheets = pd.read_excel(io.BytesIO(book), sheet_name=None, engine="calamine")
    cells = sum(frame.size for frame in sheets.values())
    t_sheet = best_of(lambda: pd.read_excel(io.BytesIO(book), sheet_name="actions", engine="calamine"), args.repeat)
    t_all = best_of(lambda: pd.read_excel(io.BytesIO(book), sheet_name=None, engine="calamine"), args.repeat)
    t_read = best_of(lambda: serviceplan.loads(book, format="excel"), args.repeat)
    print(f"reading a workbook with a {args.sheet_rows:,}-row actions sheet ({len(sheets)} sheets, {cells:,} cells):")
    print(f"  pandas.read_excel(engine='calamine'), the actions sheet  {t_sheet * 1000:8.1f} ms")
    print(f"  pandas.read_excel(engine='calamine'), every sheet       {t_all * 1000:8.1f} ms")
    print(
        f"  serviceplan.loads(format='excel'), the whole plan       {t_read * 1000:8.1f} ms   "
        f"{t_read / t_all:.2f}x every sheet, {t_read / t_sheet:.2f}x the actions sheet"
    )


if __name__ == "__main__":
    main()
