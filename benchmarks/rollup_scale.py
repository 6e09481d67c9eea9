"""Savings rollups against the size of the org tree (issue 16).

Run with ``.venv/bin/python -m benchmarks.rollup_scale``. Nothing is asserted here.
One plan of 5,000 savings (three years each) spread over org trees of 10 and of
4,000 units (a flat council of divisions under directorates, and a deep chain),
rolled up by unit × year, with and without ``tree=True``, and by year alone.
The time should follow the number of savings, not units × savings.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from benchmarks.timing import best_of
from serviceplan import FinancialYear, Money, ServicePlan
from serviceplan.calc import savings_rollup
from serviceplan.model import OrgUnit, Saving, SavingAmount


def plan(savings: int, units: int, *, deep: bool = False) -> ServicePlan:
    """A plan of ``savings`` savings over ``units`` units (directorates of 20 divisions, or one deep chain)."""
    org = [OrgUnit(id="U0", name="Council")]
    for i in range(1, units):
        parent = f"U{i - 1}" if deep else ("U0" if i % 20 == 1 else f"U{i - i % 20 + 1}")
        org.append(OrgUnit(id=f"U{i}", name=f"unit {i}", parent=parent))
    years = [FinancialYear(2010), FinancialYear(2011), FinancialYear(2012)]
    made = [
        Saving(
            id=f"S{n}",
            title=f"saving {n}",
            unit=f"U{n % units}",
            amounts=[SavingAmount(year=y, target=Money(Decimal(1000 + n)), delivered=Money(Decimal(n))) for y in years],
        )
        for n in range(savings)
    ]
    return ServicePlan(id="bench", title="bench", units=org, savings=made)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--savings", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"savings_rollup of {args.savings:,} savings × 3 years (best of {args.repeat}):")
    for units, deep in ((10, False), (4_000, False), (4_000, True)):
        p = plan(args.savings, units, deep=deep)
        shape = "deep chain" if deep else "flat"
        for by, tree in ((("unit", "year"), False), (("unit", "year"), True), (("year",), False)):
            if deep and tree:
                continue  # a unit's total under 4,000 ancestors is 4,000 rows per saving: not a scale test
            t = best_of(lambda: savings_rollup(p, by=by, tree=tree), args.repeat)  # noqa: B023
            print(f"  {units:5,} units ({shape:10}) by {'×'.join(by):9} tree={tree!s:5}  {t * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
