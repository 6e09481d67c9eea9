"""Benchmarking across councils: hand-ranked tables, and the scalar and vectorised forms agreeing."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceplan.calc.benchmark import benchmark, benchmark_frame, benchmark_plans
from serviceplan.errors import ModelError
from serviceplan.model import Indicator, Measurement, PlanSet, ServicePlan
from serviceplan.values import IndicatorValue, Period, Polarity

# Days to process a housing benefit claim (NI 181), lower is better, ranked by hand:
# Salford 18 (1), Sefton 20.5 and Knowsley 20.5 (2, tied), Wigan 25 (4), Bury no figure.
NI181 = {"Sefton": 20.5, "Salford": 18.0, "Knowsley": 20.5, "Wigan": 25.0, "Bury": None}


def test_hand_ranked_lower_is_better_with_a_tie() -> None:
    b = benchmark(NI181, Polarity.LOWER_IS_BETTER, previous={"Sefton": 4, "Salford": 1, "Wigan": 2})
    got = [(r.name, r.rank, r.quartile, r.rank_change) for r in b.rows]
    assert got == [
        ("Salford", 1, 1, 0),
        ("Sefton", 2, 2, 2),
        ("Knowsley", 2, 2, None),
        ("Wigan", 4, 4, -2),
        ("Bury", None, None, None),
    ]
    assert (b.best, b.worst, b.median) == ("Salford", "Wigan", 20.5)


def test_hand_ranked_nearest_the_midpoint_is_best() -> None:
    # percentage of a budget spent, best at 100: 99 and 101 tie, then 95, then 80
    spend = {"A": 80.0, "B": 99.0, "C": 101.0, "D": 95.0}
    b = benchmark(spend, Polarity.RANGE, midpoint=100.0)
    assert [(r.name, r.rank) for r in b.rows] == [("B", 1), ("C", 1), ("D", 3), ("A", 4)]
    zero = benchmark({"A": -0.5, "B": 0.2, "C": 0.0}, Polarity.RANGE, midpoint=0.0)
    assert [r.name for r in zero.rows] == ["C", "B", "A"]


def test_higher_is_better_and_quartiles_of_32_councils() -> None:
    values = {f"C{n:02d}": float(n) for n in range(1, 33)}  # C32 is best
    b = benchmark(values, Polarity.HIGHER_IS_BETTER)
    by = {r.name: r for r in b.rows}
    assert [by[f"C{n:02d}"].quartile for n in (32, 25, 24, 17, 16, 9, 8, 1)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_what_cannot_be_ranked_is_refused() -> None:
    with pytest.raises(ModelError, match="midpoint"):
        benchmark({"A": 1.0}, Polarity.RANGE)
    with pytest.raises(ModelError, match="which way is better"):
        benchmark({"A": 1.0}, Polarity.NOT_APPLICABLE)


def test_a_plan_set_ranks_its_plans_on_an_indicator() -> None:
    period = Period.parse("2009/10")
    plans = [
        ServicePlan(
            id=name,
            title=name,
            indicators=[
                Indicator(
                    code="NI 181",
                    title="Housing benefit days",
                    polarity=Polarity.LOWER_IS_BETTER,
                    measurements=[Measurement(period=period, value=IndicatorValue.parse(f"{days} days"))],
                )
            ],
        )
        for name, days in (("sefton", 20.5), ("salford", 18))
    ]
    b = benchmark_plans(PlanSet(name="NW", plans=plans), "NI 181", "2009/10")
    assert [(r.name, r.rank, r.value) for r in b.rows] == [
        ("salford", 1, Decimal("18")),
        ("sefton", 2, Decimal("20.5")),
    ]


values = st.one_of(st.none(), st.integers(-50, 50).map(float), st.sampled_from([0.5, 2.5, -1.5]))


@given(
    st.lists(st.tuples(st.sampled_from(["NI 181", "NI 14"]), values), min_size=1, max_size=20),
    st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.RANGE]),
)
def test_the_frame_agrees_with_the_scalar_form(rows: list[tuple[str, float | None]], polarity: Polarity) -> None:
    frame = pd.DataFrame(
        {
            "indicator": [code for code, _ in rows],
            "period": "2009/10",
            "name": [f"council {n}" for n in range(len(rows))],
            "value": pd.array([v for _, v in rows], dtype="Float64"),
            "polarity": polarity.value,
            "midpoint": 2.0,
        }
    )
    ranked = benchmark_frame(frame)
    for code in {c for c, _ in rows}:
        mine = ranked[ranked["indicator"] == code]
        scalar = benchmark(
            dict(zip(mine["name"], [None if pd.isna(v) else float(v) for v in mine["value"]], strict=True)),
            polarity,
            midpoint=2.0,
        )
        by = {r.name: r for r in scalar.rows}
        for _, row in mine.iterrows():
            expected = by[row["name"]]
            assert (None if pd.isna(row["rank"]) else int(row["rank"])) == expected.rank
            assert (None if pd.isna(row["quartile"]) else int(row["quartile"])) == expected.quartile
        assert (None if pd.isna(mine["median"].iloc[0]) else float(mine["median"].iloc[0])) == scalar.median
