"""Benchmarking: one indicator across many councils or units, ranked by which way is better.

As the Scottish Local Government Benchmarking Framework and LG Inform compare
councils: each value is ranked (1 is best) by the indicator's polarity, higher
or lower is better, or nearest a midpoint for a range indicator; ties share the
better rank (1, 2, 2, 4); quartile 1 is the best quarter: of ``n`` councils with a
value, rank ``r`` is in quartile ``1 + ⌊4(r − 1)/n⌋`` (of the 32 Scottish councils,
ranks 1–8 are quartile 1), so the best is always in quartile 1; the median is of
the values. A council with no
value is listed, unranked. Given last year's ranks, each council's change is
last year's rank minus this year's (positive: it moved up).

Two forms that agree (a property test holds them to it): :func:`benchmark` over
a mapping of name to value, and :func:`benchmark_frame` over a DataFrame, any
number of indicators and periods at once.

>>> from decimal import Decimal
>>> b = benchmark({"Sefton": Decimal("20.5"), "Salford": Decimal("18"), "Wigan": Decimal("25"), "Bury": None},
...               Polarity.LOWER_IS_BETTER)
>>> [(r.name, r.rank, r.quartile) for r in b.rows], b.median, b.best, b.worst
([('Salford', 1, 1), ('Sefton', 2, 2), ('Wigan', 3, 3), ('Bury', None, None)], Decimal('20.5'), 'Salford', 'Wigan')
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from serviceplan._optional import require
from serviceplan.errors import ModelError
from serviceplan.model import PlanSet
from serviceplan.values.periods import Period
from serviceplan.values.vocab import Polarity

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Benchmark", "BenchmarkRow", "benchmark", "benchmark_frame", "benchmark_plans"]

Number = Decimal | float | int


@attrs.frozen
class BenchmarkRow:
    """One council's value, rank (1 best), quartile (1 best) and change in rank since last year."""

    name: str
    value: Number | None
    rank: int | None
    quartile: int | None
    rank_change: int | None = None  #: last year's rank minus this year's: positive is up


@attrs.frozen
class Benchmark:
    """An indicator's values ranked across councils, best first, those with no value last."""

    polarity: Polarity
    midpoint: Number | None
    rows: tuple[BenchmarkRow, ...]
    median: Number | None

    @property
    def best(self) -> str | None:
        """The best council (the first of those tied)."""
        return self.rows[0].name if self.rows and self.rows[0].rank is not None else None

    @property
    def worst(self) -> str | None:
        """The worst council (the last of those tied)."""
        ranked = [r for r in self.rows if r.rank is not None]
        return ranked[-1].name if ranked else None


def _goodness(value: Number, polarity: Polarity, midpoint: Number | None) -> Number:
    """Higher is better, whatever the polarity."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        return value
    if polarity is Polarity.LOWER_IS_BETTER:
        return -value
    if polarity is Polarity.RANGE:
        if midpoint is None:
            raise ModelError("a range indicator is ranked by nearness to its midpoint: give midpoint=")
        return -abs(value - midpoint)  # type: ignore[operator,no-any-return]
    raise ModelError(f"an indicator whose polarity is {polarity.value!r} cannot be ranked: which way is better?")


def _quartile(rank: int, count: int) -> int:
    return min(4, 1 + (4 * (rank - 1)) // count)


def benchmark(
    values: Mapping[str, Number | None],
    polarity: Polarity,
    *,
    midpoint: Number | None = None,
    previous: Mapping[str, int | None] | None = None,
) -> Benchmark:
    """Rank councils (or units) on one indicator by which way is better.

    Args:
        values: each council's value (``None``: no value this year).
        polarity: higher or lower is better, or ``Polarity.RANGE`` (nearest ``midpoint`` is best).
        midpoint: the best value of a range indicator.
        previous: last year's ranks, for each council's change in rank.

    Raises:
        ModelError: a range indicator without a midpoint, or a polarity that says no way is better.
    """
    given: list[tuple[str, Number]] = [
        (name, value) for name, value in values.items() if value is not None and _has(value)
    ]
    scored = [(name, value, _goodness(value, polarity, midpoint)) for name, value in given]
    scored.sort(key=lambda item: item[2], reverse=True)
    count = len(scored)
    rows: list[BenchmarkRow] = []
    rank = 0
    for position, (name, value, good) in enumerate(scored, start=1):
        if position == 1 or scored[position - 2][2] != good:
            rank = position  # ties share the better rank: 1, 2, 2, 4
        before = previous.get(name) if previous is not None else None
        rows.append(BenchmarkRow(name, value, rank, _quartile(rank, count), None if before is None else before - rank))
    rows.extend(BenchmarkRow(name, None, None, None) for name, value in values.items() if not _has(value))
    median: Any = statistics.median([v for _, v in given]) if given else None  # type: ignore[type-var]
    return Benchmark(polarity, midpoint, tuple(rows), median)


def _has(value: Number | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def benchmark_plans(
    plans: PlanSet, code: str, period: Period | str, polarity: Polarity | None = None, **options: Any
) -> Benchmark:
    """Rank the plans of a set (councils, or units of one council) on one indicator's actual for one period.

    The polarity is the indicator's own unless given; a plan without the indicator or its actual is unranked.
    """
    when = Period.parse(period) if isinstance(period, str) else period
    values: dict[str, Number | None] = {}
    found: Polarity | None = polarity
    for plan in plans.plans:
        indicator = plan.indicator(code)
        actual = indicator.actual_for(when) if indicator is not None else None
        values[plan.id] = actual.value.value if actual is not None else None
        if found is None and indicator is not None:
            found = indicator.polarity
    if found is None:
        raise ModelError(f"no plan says which way is better for {code}: give polarity=")
    return benchmark(values, found, **options)


def benchmark_frame(
    frame: pd.DataFrame,
    *,
    value: str = "value",
    name: str = "name",
    by: tuple[str, ...] = ("indicator", "period"),
    polarity: str = "polarity",
    midpoint: str = "midpoint",
    previous_rank: str | None = None,
) -> pd.DataFrame:
    """Rank every group of a frame (an indicator in a period, by default) at once: the vectorised :func:`benchmark`.

    ``frame`` has a row per council and group: its name, value, the group's
    polarity (``higher_is_better``, ``lower_is_better`` or ``range``) and, for a
    range indicator, its midpoint. Adds ``rank`` and ``quartile`` (``Int64``,
    missing where there is no value), ``median`` (of the group's values) and,
    given ``previous_rank``, ``rank_change``.

    Raises:
        ModelError: a polarity that cannot be ranked, or a range row without a midpoint.
    """
    pd = require("pandas")
    np = require("numpy")

    values = frame[value].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    kinds = frame[polarity].astype(str).to_numpy()
    higher = kinds == Polarity.HIGHER_IS_BETTER.value
    lower = kinds == Polarity.LOWER_IS_BETTER.value
    ranged = kinds == Polarity.RANGE.value
    if not (higher | lower | ranged).all():
        bad = sorted(set(kinds[~(higher | lower | ranged)]))
        raise ModelError(f"cannot rank indicators whose polarity is {bad}: which way is better?")
    middle = (
        frame[midpoint].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        if midpoint in frame
        else np.full(len(frame), np.nan)
    )
    if (ranged & np.isnan(middle) & ~np.isnan(values)).any():
        raise ModelError("a range indicator is ranked by nearness to its midpoint: the midpoint column is empty")
    good = np.where(higher, values, np.where(lower, -values, -np.abs(values - middle)))
    keys = [frame[k] for k in by]
    work = pd.DataFrame({"good": good, "value": values}, index=frame.index)
    grouped = work.groupby(keys, sort=False, dropna=False) if keys else work.groupby(np.zeros(len(frame)))
    rank = grouped["good"].rank(method="min", ascending=False)
    count = grouped["good"].transform("count")
    quartile = np.minimum(4, 1 + np.floor(4 * (rank - 1) / count))
    out = frame.copy()
    out["rank"] = pd.array(rank.to_numpy(), dtype="Float64").astype("Int64")
    out["quartile"] = pd.array(quartile.to_numpy(), dtype="Float64").astype("Int64")
    out["median"] = grouped["value"].transform("median").astype("Float64")
    if previous_rank is not None:
        out["rank_change"] = frame[previous_rank].astype("Int64") - out["rank"]
    return out
