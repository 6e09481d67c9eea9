"""Published against computed: a measurement keeps the RAG the council printed; check() reports a disagreement."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import serviceplan
from serviceplan import Measurement, Period, Rag
from serviceplan.calc import indicator_status
from serviceplan.model import PlanPolicy, Tolerance, ToleranceKind
from serviceplan.values import IndicatorValue


@pytest.fixture(scope="module")
def salford() -> serviceplan.ServicePlan:
    plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(plan, serviceplan.ServicePlan)
    return plan


def _with_actual(
    plan: serviceplan.ServicePlan, code: str, period: str, actual: str, published: Rag | None, **policy: object
) -> serviceplan.ServicePlan:
    indicator = plan.indicator(code)
    assert indicator is not None
    measured = attrs.evolve(
        indicator,
        measurements=[
            Measurement(
                period=Period.parse(period),
                value=IndicatorValue.parse(actual),
                published_rag=published,
                commentary="as reported to Cabinet",
            )
        ],
    )
    indicators = [measured if i.code == code else i for i in plan.indicators]
    return attrs.evolve(plan, indicators=indicators, policy=PlanPolicy(**policy))  # type: ignore[arg-type]


def _mismatches(plan: serviceplan.ServicePlan) -> list[str]:
    return [str(f) for f in serviceplan.check(plan) if f.code == "rag-mismatch"]


# Real targets of the Salford 2009/12 plan (seed 003, National Indicator table), with actuals and statuses
# as a council dashboard would publish them.
CASES = [
    # code, period, actual, published, computed, reason
    ("NI 181", "2009/10", "19 days", Rag.GREEN, Rag.GREEN, "met"),
    ("NI 181", "2009/10", "20.5 days", Rag.GREEN, Rag.GREEN, "met"),  # a tie is met
    ("NI 181", "2009/10", "21 days", Rag.GREEN, Rag.RED, "missed"),  # published green, but worse than 20.5
    ("NI 180", "2008/09", "22,000", Rag.AMBER, Rag.RED, "missed"),  # no tolerance in the plan: no amber band
    ("NI 180", "2009/10", "23,500", Rag.RED, Rag.GREEN, "met"),
    ("NI 14", "2009/10", "12%", Rag.GREEN, Rag.NO_DATA, "no target yet"),  # "Target to be set after one year"
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]} {c[1]} {c[2]}" for c in CASES])
def test_a_published_rag_is_checked_against_the_computed_one(
    salford: serviceplan.ServicePlan, case: tuple[str, str, str, Rag, Rag, str]
) -> None:
    code, period, actual, published, computed, reason = case
    plan = _with_actual(salford, code, period, actual, published)
    indicator = plan.indicator(code)
    assert indicator is not None
    assert indicator_status(indicator, period, plan=plan).rag is computed
    found = _mismatches(plan)
    if published is computed:
        assert found == []
    else:
        (finding,) = found
        assert f"{code} {period}: published {published.value}, computed {computed.value} ({reason}" in finding
        assert ".measurements[0].published_rag" in finding
    # the published status is a fact kept beside the computed one, in every format
    measurement = indicator.measurements[0]
    assert measurement.published_rag is published
    for fmt in ("json", "yaml", "csv"):
        back = serviceplan.loads(serviceplan.dumps(plan, format=fmt), format=fmt)
        assert isinstance(back, serviceplan.ServicePlan)
        again = back.indicator(code)
        assert again is not None
        assert again.measurements[0] == measurement


def test_the_plans_tolerance_explains_an_amber(salford: serviceplan.ServicePlan) -> None:
    five = Tolerance(kind=ToleranceKind.PERCENTAGE, value=Decimal(5))
    plan = _with_actual(salford, "NI 180", "2008/09", "22,000", Rag.AMBER, tolerance=five)
    assert _mismatches(plan) == []  # 22,000 is within 5% of 22,500: amber, as published
    stricter = _with_actual(salford, "NI 180", "2008/09", "21,000", Rag.AMBER, tolerance=five)
    (finding,) = _mismatches(stricter)
    assert "published amber, computed red (missed: actual 21000, target 22500, tolerance 1125" in finding


def test_no_published_rag_is_no_finding(salford: serviceplan.ServicePlan) -> None:
    assert _mismatches(_with_actual(salford, "NI 181", "2009/10", "25 days", None)) == []


def test_a_published_rag_must_be_a_rag() -> None:
    with pytest.raises(serviceplan.errors.ModelError, match=r"Measurement\.published_rag must be one of Rag"):
        Measurement(period=Period.parse("2009/10"), value=IndicatorValue.parse("1"), published_rag="green")  # type: ignore[arg-type]
