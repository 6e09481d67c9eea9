"""Indicator performance: RAG against target, and direction of travel.

The scalar rule is :func:`rag` (and :func:`indicator_status`, which first
works out the target: absolute, relative to a baseline, or "to be set");
:func:`rag_frame` applies the same rule to a DataFrame of indicator-periods.

* A tie with the target counts as met.
* Higher is better: green at or above target; amber within tolerance below it; red beyond.
* Lower is better: the mirror image.
* Within a range: green within tolerance of the target either side; red outside.
* "Target to be set" is its own state (no target yet), never a zero; so is a
  relative target whose baseline has no actual yet.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from serviceplan._optional import require
from serviceplan.errors import ModelError
from serviceplan.model import Indicator, PlanSet, ServicePlan, Tolerance
from serviceplan.values.indicator_values import ValueKind
from serviceplan.values.periods import FinancialYear, Period, PeriodKind, Quarter
from serviceplan.values.vocab import Polarity, Rag

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Direction",
    "IndicatorStatus",
    "RagReason",
    "direction_of_travel",
    "indicator_frame",
    "indicator_status",
    "previous_period",
    "rag",
    "rag_frame",
    "resolve_target",
    "same_period_last_year",
]


class RagReason(enum.StrEnum):
    """Why an indicator-period got its RAG."""

    MET = "met"  #: at or better than target (a tie is met)
    WITHIN_TOLERANCE = "within_tolerance"  #: worse than target, within tolerance: amber
    MISSED = "missed"  #: worse than target beyond tolerance: red
    NO_TARGET_YET = "no_target_yet"  #: "Target to be set after one year of data obtained"
    BASELINE_UNKNOWN = "baseline_unknown"  #: a relative target whose baseline has no actual yet
    NO_TARGET = "no_target"  #: no target for the period
    NO_DATA = "no_data"  #: no actual for the period
    NO_POLARITY = "no_polarity"  #: the indicator does not say which way is good


class Direction(enum.StrEnum):
    """Direction of travel between two actuals."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    INCREASING = "increasing"  #: polarity unknown or not applicable
    DECREASING = "decreasing"
    NOT_COMPARABLE = "not_comparable"  #: an actual is missing


_GOOD = {Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.RANGE}


def rag(
    actual: Decimal | None, target: Decimal | None, polarity: Polarity | None, tolerance: Decimal = Decimal(0)
) -> tuple[Rag, RagReason]:
    """The RAG of one actual against one target: the rule everything else applies.

    >>> rag(Decimal("20"), Decimal("20"), Polarity.LOWER_IS_BETTER)  # a tie is met
    (<Rag.GREEN: 'green'>, <RagReason.MET: 'met'>)
    >>> rag(Decimal("20.5"), Decimal("20"), Polarity.LOWER_IS_BETTER, Decimal("1"))
    (<Rag.AMBER: 'amber'>, <RagReason.WITHIN_TOLERANCE: 'within_tolerance'>)
    >>> rag(Decimal("89"), Decimal("92"), Polarity.HIGHER_IS_BETTER, Decimal("1"))
    (<Rag.RED: 'red'>, <RagReason.MISSED: 'missed'>)
    """
    if tolerance < 0:
        raise ModelError(f"tolerance must be at least 0, not {tolerance}")
    if target is None:
        return Rag.NO_DATA, RagReason.NO_TARGET
    if actual is None:
        return Rag.NO_DATA, RagReason.NO_DATA
    if polarity not in _GOOD:
        return Rag.NO_DATA, RagReason.NO_POLARITY
    if polarity is Polarity.RANGE:
        return (Rag.GREEN, RagReason.MET) if abs(actual - target) <= tolerance else (Rag.RED, RagReason.MISSED)
    shortfall = target - actual if polarity is Polarity.HIGHER_IS_BETTER else actual - target
    if shortfall <= 0:
        return Rag.GREEN, RagReason.MET
    if shortfall <= tolerance:
        return Rag.AMBER, RagReason.WITHIN_TOLERANCE
    return Rag.RED, RagReason.MISSED


def resolve_target(indicator: Indicator, period: Period) -> tuple[Decimal | None, RagReason | None]:
    """The target value for a period, or why there is none.

    A relative target ("5% reduction from 31/03/08") is resolved against the
    actual of the period that ends on its baseline date.
    """
    target = indicator.target_for(period)
    if target is None:
        return None, RagReason.NO_TARGET
    value = target.value
    if value.kind is ValueKind.TO_BE_SET:
        return None, RagReason.NO_TARGET_YET
    if value.kind is ValueKind.RELATIVE:
        baseline = next((m for m in indicator.measurements if m.period.end == value.baseline), None)
        if baseline is None or baseline.value.value is None or value.change is None:
            return None, RagReason.BASELINE_UNKNOWN
        return baseline.value.value * (1 + value.change / 100), None
    return value.value, None


@attrs.frozen
class IndicatorStatus:
    """An indicator's RAG for a period, with the numbers behind it."""

    code: str
    period: Period
    rag: Rag
    reason: RagReason
    target: Decimal | None
    actual: Decimal | None
    tolerance: Decimal | None


def indicator_status(
    indicator: Indicator,
    period: Period | FinancialYear | Quarter | str,
    *,
    plan: ServicePlan | None = None,
    default_tolerance: Tolerance | None = None,
) -> IndicatorStatus:
    """RAG an indicator for one period, and say why.

    The tolerance is the indicator's own; where it sets none, ``default_tolerance``
    if given, else the policy of ``plan`` (``plan.policy.tolerance``), the plan the
    indicator belongs to; with neither, there is no amber band.

    >>> from serviceplan import Indicator, Target, Measurement, IndicatorValue, Period
    >>> ni181 = Indicator(code="NI 181", title="Time taken", polarity=Polarity.LOWER_IS_BETTER,
    ...     targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("20.5 days"))],
    ...     measurements=[Measurement(period=Period.parse("2009/10"), value=IndicatorValue.parse("19 days"))])
    >>> status = indicator_status(ni181, "2009/10")
    >>> status.rag.value, status.reason.value, status.target, status.actual
    ('green', 'met', Decimal('20.5'), Decimal('19'))
    >>> import attrs
    >>> from serviceplan.model import PlanPolicy, ServicePlan, ToleranceKind
    >>> late = attrs.evolve(ni181, measurements=[
    ...     Measurement(period=Period.parse("2009/10"), value=IndicatorValue.parse("21 days"))])
    >>> plan = ServicePlan(id="p", title="p", indicators=[late],
    ...     policy=PlanPolicy(tolerance=Tolerance(kind=ToleranceKind.PERCENTAGE, value=Decimal(5))))
    >>> indicator_status(late, "2009/10").rag.value, indicator_status(late, "2009/10", plan=plan).rag.value
    ('red', 'amber')
    """
    period = _period(period)
    target, why = resolve_target(indicator, period)
    actual_row = indicator.actual_for(period)
    actual = actual_row.value.value if actual_row is not None else None
    tolerance_rule = indicator.tolerance or default_tolerance or (plan.policy.tolerance if plan is not None else None)
    tolerance = tolerance_rule.amount(target) if tolerance_rule is not None and target is not None else None
    if why is not None:
        return IndicatorStatus(indicator.code, period, Rag.NO_DATA, why, target, actual, tolerance)
    colour, reason = rag(actual, target, indicator.polarity, tolerance or Decimal(0))
    return IndicatorStatus(indicator.code, period, colour, reason, target, actual, tolerance)


def _period(value: Period | FinancialYear | Quarter | str) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, (FinancialYear, Quarter)):
        return Period.of(value)
    return Period.parse(value)


def previous_period(period: Period) -> Period:
    """The period before: last year, last quarter or last month."""
    day = period.start.replace(day=1)
    if period.kind is PeriodKind.YEAR:
        return Period.of(FinancialYear.containing(period.start).previous())
    if period.kind is PeriodKind.QUARTER:
        quarter = Quarter.containing(period.start)
        if quarter.number == 1:
            return Period.of(Quarter(quarter.year.previous(), 4))
        return Period.of(Quarter(quarter.year, quarter.number - 1))
    month = day.month - 1 or 12
    return Period.month(day.year - (day.month == 1), month)


def same_period_last_year(period: Period) -> Period:
    """The same year, quarter or month a year earlier."""
    if period.kind is PeriodKind.YEAR:
        return previous_period(period)
    if period.kind is PeriodKind.QUARTER:
        quarter = Quarter.containing(period.start)
        return Period.of(Quarter(quarter.year.previous(), quarter.number))
    return Period.month(period.start.year - 1, period.start.month)


def _travel(now: Decimal | None, before: Decimal | None, polarity: Polarity | None) -> Direction:
    if now is None or before is None:
        return Direction.NOT_COMPARABLE
    if now == before:
        return Direction.NO_CHANGE
    up = now > before
    if polarity is Polarity.HIGHER_IS_BETTER:
        return Direction.IMPROVING if up else Direction.WORSENING
    if polarity is Polarity.LOWER_IS_BETTER:
        return Direction.WORSENING if up else Direction.IMPROVING
    return Direction.INCREASING if up else Direction.DECREASING


def direction_of_travel(
    indicator: Indicator, period: Period | FinancialYear | Quarter | str, *, against: str = "previous"
) -> Direction:
    """Which way the actual moved: against the previous period, or (``against="last_year"``) a year before.

    Improving / worsening where the polarity says which way is good; increasing /
    decreasing otherwise; not comparable when either actual is missing.
    """
    period = _period(period)
    if against not in ("previous", "last_year"):
        raise ValueError(f"against must be 'previous' or 'last_year', not {against!r}")
    earlier = previous_period(period) if against == "previous" else same_period_last_year(period)
    now, before = indicator.actual_for(period), indicator.actual_for(earlier)
    return _travel(now.value.value if now else None, before.value.value if before else None, indicator.polarity)


# -- vectorised ---------------------------------------------------------------------------


def indicator_frame(plans: ServicePlan | PlanSet, *, default_tolerance: Tolerance | None = None) -> pd.DataFrame:
    """One row per indicator-period with a target or an actual: the input of :func:`rag_frame`.

    Columns: plan, code, period (``string``), period_end (``datetime64[s]``), target
    (``Float64``; missing when there is none yet), target_state (``category``), actual
    (``Float64``), polarity (``category``), tolerance (``Float64``, absolute, in the unit).
    """
    pd = require("pandas")

    rows = []
    for plan in _plans(plans):
        for indicator in plan.indicators:
            periods = sorted({t.period for t in indicator.targets} | {m.period for m in indicator.measurements})
            for period in periods:
                status = indicator_status(indicator, period, plan=plan, default_tolerance=default_tolerance)
                rows.append(
                    {
                        "plan": plan.id,
                        "code": indicator.code,
                        "period": str(period),
                        "period_end": period.end,
                        "target": _float(status.target),
                        "target_state": status.reason.value
                        if status.reason in (RagReason.NO_TARGET, RagReason.NO_TARGET_YET, RagReason.BASELINE_UNKNOWN)
                        else "set",
                        "actual": _float(status.actual),
                        "polarity": indicator.polarity.value if indicator.polarity else None,
                        "tolerance": _float(status.tolerance),
                    }
                )
    columns = ["plan", "code", "period", "period_end", "target", "target_state", "actual", "polarity", "tolerance"]
    frame = pd.DataFrame(rows, columns=columns)
    states = ["set", RagReason.NO_TARGET.value, RagReason.NO_TARGET_YET.value, RagReason.BASELINE_UNKNOWN.value]
    return frame.astype(  # the conventions of serviceplan.io.tables.to_frames
        {
            "plan": "string",
            "code": "string",
            "period": "string",
            "period_end": "datetime64[s]",
            "target": "Float64",
            "target_state": pd.CategoricalDtype(states),
            "actual": "Float64",
            "polarity": pd.CategoricalDtype([p.value for p in Polarity]),
            "tolerance": "Float64",
        }
    )


def _plans(plans: ServicePlan | PlanSet) -> Iterable[ServicePlan]:
    return plans.plans if isinstance(plans, PlanSet) else (plans,)


def _float(value: Decimal | None) -> float:
    return float(value) if value is not None else float("nan")


_REASONS = [r.value for r in RagReason]
_RAGS = [r.value for r in Rag]


def rag_frame(
    frame: pd.DataFrame,
    *,
    actual: str = "actual",
    target: str = "target",
    polarity: str = "polarity",
    tolerance: str | None = "tolerance",
    target_state: str | None = "target_state",
) -> pd.DataFrame:
    """A copy of ``frame`` with ``rag`` and ``reason`` columns: :func:`rag` for every row.

    ``polarity`` holds the words of :class:`~serviceplan.values.vocab.Polarity`; a missing
    ``tolerance`` column (or value) means no amber band; ``target_state`` (optional)
    carries the reason a target is missing ("no_target_yet", "baseline_unknown").
    Numbers are compared as floats with a tolerance of one part in 10⁹, so a tie
    written with two decimals stays a tie.
    """
    np = require("numpy")
    pd = require("pandas")

    a = frame[actual].to_numpy(dtype=np.float64, na_value=np.nan)
    t = frame[target].to_numpy(dtype=np.float64, na_value=np.nan)
    tol = (
        frame[tolerance].to_numpy(dtype=np.float64, na_value=np.nan)
        if tolerance is not None and tolerance in frame.columns
        else np.zeros(len(frame))
    )
    tol = np.where(np.isnan(tol), 0.0, tol)
    if (tol < 0).any():
        raise ModelError(f"tolerance must be at least 0; row {int(np.flatnonzero(tol < 0)[0])} is negative")
    pol = frame[polarity].astype(object).to_numpy()
    higher = pol == Polarity.HIGHER_IS_BETTER.value
    lower = pol == Polarity.LOWER_IS_BETTER.value
    ranged = pol == Polarity.RANGE.value
    eps = 1e-9 * np.maximum(1.0, np.abs(t))
    shortfall = np.where(higher, t - a, a - t)
    reason = np.full(len(frame), _REASONS.index(RagReason.MISSED.value), dtype=np.int8)
    reason[shortfall <= tol + eps] = _REASONS.index(RagReason.WITHIN_TOLERANCE.value)
    reason[shortfall <= eps] = _REASONS.index(RagReason.MET.value)
    in_range = np.abs(a - t) <= tol + eps
    reason[ranged] = np.where(in_range[ranged], _REASONS.index("met"), _REASONS.index("missed"))
    reason[~(higher | lower | ranged)] = _REASONS.index(RagReason.NO_POLARITY.value)
    reason[np.isnan(a)] = _REASONS.index(RagReason.NO_DATA.value)
    no_target = np.isnan(t)
    reason[no_target] = _REASONS.index(RagReason.NO_TARGET.value)
    if target_state is not None and target_state in frame.columns:
        states = frame[target_state].astype(object).to_numpy()
        for word in (RagReason.NO_TARGET_YET.value, RagReason.BASELINE_UNKNOWN.value):
            reason[no_target & (states == word)] = _REASONS.index(word)
    colour_of = np.array([_RAGS.index(_colour(RagReason(word)).value) for word in _REASONS], dtype=np.int8)
    return frame.assign(
        rag=pd.Categorical.from_codes(colour_of[reason], categories=_RAGS),
        reason=pd.Categorical.from_codes(reason, categories=_REASONS),
    )


def _colour(reason: RagReason) -> Rag:
    return {RagReason.MET: Rag.GREEN, RagReason.WITHIN_TOLERANCE: Rag.AMBER, RagReason.MISSED: Rag.RED}.get(
        reason, Rag.NO_DATA
    )
