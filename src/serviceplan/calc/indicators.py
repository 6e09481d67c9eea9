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
* A cumulative indicator (one with an :class:`~serviceplan.model.Accumulation`) is
  judged at a quarter or month on its year to date: :func:`year_to_date_actual`
  combines the periods so far, :func:`year_to_date_target` profiles the annual
  target; :func:`period_frame` and :func:`year_to_date_frame` are the same rule
  for many rows.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from serviceplan._optional import require
from serviceplan.errors import ModelError
from serviceplan.model import (
    Accumulation,
    Against,
    Indicator,
    PlanSet,
    Profile,
    ProfileKind,
    RuleKind,
    ServicePlan,
    StatusRule,
    Tolerance,
)
from serviceplan.model.indicators import Measurement
from serviceplan.values.indicator_values import ValueKind
from serviceplan.values.periods import FinancialYear, Period, PeriodKind, Quarter
from serviceplan.values.vocab import IndicatorUnit, Polarity, Rag

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Against",
    "Direction",
    "IndicatorStatus",
    "RagReason",
    "direction_frame",
    "direction_of_travel",
    "indicator_frame",
    "indicator_status",
    "period_frame",
    "periods_to_date",
    "previous_period",
    "rag",
    "rag_frame",
    "ratio_scale",
    "resolve_target",
    "rule_of",
    "same_period_last_year",
    "travel",
    "travel_figures",
    "year_to_date_actual",
    "year_to_date_frame",
    "year_to_date_target",
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
    NO_PROFILE = "no_profile"  #: a cumulative count with an annual target but no profile to spread it over the year
    PROFILE_UNKNOWN = "profile_unknown"  #: a seasonal profile without last year's actual for every period
    INCOMPLETE = "incomplete"  #: a period of the year to date has no actual (a ratio: no numerator and denominator)
    ZERO_WIDTH_BAND = "zero_width_band"  #: a range indicator's band is a percentage of a midpoint of 0: no width
    CLOSE_TO_TARGET = "close_to_target"  #: worse than target, within tolerance, under a two-step rule: green
    IMPROVED = "improved"  #: beyond tolerance but better than the comparison, under a two-step rule: amber
    NO_COMPARISON = "no_comparison"  #: beyond tolerance under a two-step rule, and nothing to compare with


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
    actual: Decimal | None,
    target: Decimal | None,
    polarity: Polarity | None,
    tolerance: Decimal = Decimal(0),
    *,
    range_amber: Decimal | None = None,
    tie_is_met: bool = True,
    kind: RuleKind = RuleKind.TOLERANCE,
    improved: bool | None = None,
) -> tuple[Rag, RagReason]:
    """The RAG of one actual against one target: the rule everything else applies.

    For a range indicator ``target`` is the midpoint and ``tolerance`` the green band
    either side; ``range_amber`` (an amount) is an amber band beyond it, either side.
    ``tie_is_met=False``: an actual exactly on target is not met but within tolerance.
    ``kind=RuleKind.TWO_STEP``: within tolerance is green (``close_to_target``); beyond it,
    amber if ``improved`` (better than the period compared with: ``improved``), red if
    not, and refused (``no_comparison``) when ``improved`` is ``None``.

    >>> rag(Decimal("20"), Decimal("20"), Polarity.LOWER_IS_BETTER)  # a tie is met
    (<Rag.GREEN: 'green'>, <RagReason.MET: 'met'>)
    >>> rag(Decimal("20.5"), Decimal("20"), Polarity.LOWER_IS_BETTER, Decimal("1"))
    (<Rag.AMBER: 'amber'>, <RagReason.WITHIN_TOLERANCE: 'within_tolerance'>)
    >>> rag(Decimal("89"), Decimal("92"), Polarity.HIGHER_IS_BETTER, Decimal("1"))
    (<Rag.RED: 'red'>, <RagReason.MISSED: 'missed'>)
    >>> rag(Decimal("54"), Decimal("50"), Polarity.RANGE, Decimal("2"), range_amber=Decimal("3"))  # 48-52 green
    (<Rag.AMBER: 'amber'>, <RagReason.WITHIN_TOLERANCE: 'within_tolerance'>)
    >>> rag(Decimal("20"), Decimal("20"), Polarity.LOWER_IS_BETTER, tie_is_met=False)
    (<Rag.AMBER: 'amber'>, <RagReason.WITHIN_TOLERANCE: 'within_tolerance'>)
    >>> rag(Decimal("80"), Decimal("92"), Polarity.HIGHER_IS_BETTER, Decimal("9.2"), kind=RuleKind.TWO_STEP,
    ...     improved=True)  # beyond 10% of target, but better than last year
    (<Rag.AMBER: 'amber'>, <RagReason.IMPROVED: 'improved'>)
    """
    if tolerance < 0:
        raise ModelError(f"tolerance must be at least 0, not {tolerance}")
    if range_amber is not None and range_amber < 0:
        raise ModelError(f"a range's amber band must be at least 0, not {range_amber}")
    if target is None:
        return Rag.NO_DATA, RagReason.NO_TARGET
    if actual is None:
        return Rag.NO_DATA, RagReason.NO_DATA
    if polarity not in _GOOD:
        return Rag.NO_DATA, RagReason.NO_POLARITY
    two_step = kind is RuleKind.TWO_STEP
    if polarity is Polarity.RANGE:
        off = abs(actual - target)
        if off <= tolerance:
            return Rag.GREEN, RagReason.MET
        if not two_step and range_amber is not None and off <= tolerance + range_amber:
            return Rag.AMBER, RagReason.WITHIN_TOLERANCE
    else:
        shortfall = target - actual if polarity is Polarity.HIGHER_IS_BETTER else actual - target
        if shortfall < 0 or (shortfall == 0 and tie_is_met):
            return Rag.GREEN, RagReason.MET
        if shortfall <= tolerance:
            return (Rag.GREEN, RagReason.CLOSE_TO_TARGET) if two_step else (Rag.AMBER, RagReason.WITHIN_TOLERANCE)
    if not two_step:
        return Rag.RED, RagReason.MISSED
    if improved is None:
        return Rag.NO_DATA, RagReason.NO_COMPARISON
    return (Rag.AMBER, RagReason.IMPROVED) if improved else (Rag.RED, RagReason.MISSED)


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
    year_to_date: bool = (
        False  #: target and actual are the year to date's (a cumulative indicator at a quarter or month)
    )


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
    cumulative = indicator.accumulation is not None and period.kind is not PeriodKind.YEAR
    if indicator.accumulation is None:
        target, why = resolve_target(indicator, period)
        actual_row = indicator.actual_for(period)
        actual = actual_row.value.value if actual_row is not None else None
        actual_why = None
    else:
        target, why = year_to_date_target(indicator, period, plan=plan)
        actual, actual_why = year_to_date_actual(indicator, period)
    tolerance_rule = indicator.tolerance or default_tolerance or (plan.policy.tolerance if plan is not None else None)
    tolerance = tolerance_rule.amount(target) if tolerance_rule is not None and target is not None else None
    status_rule = rule_of(indicator, plan)
    amber_rule = status_rule.range_amber if indicator.polarity is Polarity.RANGE else None
    range_amber = amber_rule.amount(target) if amber_rule is not None and target is not None else None
    why = why or (actual_why if actual_why is not RagReason.NO_DATA else None)
    bands = (tolerance_rule, amber_rule) if indicator.polarity is Polarity.RANGE else ()
    if why is None and target is not None and any(r is not None and r.zero_width_at(target) for r in bands):
        why = RagReason.ZERO_WIDTH_BAND
    if why is not None:
        return IndicatorStatus(indicator.code, period, Rag.NO_DATA, why, target, actual, tolerance, cumulative)
    improved = _improved(indicator, period, status_rule, target, plan)
    colour, reason = rag(
        actual,
        target,
        indicator.polarity,
        tolerance or Decimal(0),
        range_amber=range_amber,
        tie_is_met=status_rule.tie_is_met,
        kind=status_rule.kind,
        improved=improved,
    )
    return IndicatorStatus(indicator.code, period, colour, reason, target, actual, tolerance, cumulative)


def _improved(
    indicator: Indicator, period: Period, rule: StatusRule, target: Decimal | None, plan: ServicePlan | None
) -> bool | None:
    """For a two-step rule: whether the figure improved on the one it is compared with (``None``: no comparison)."""
    if rule.kind is not RuleKind.TWO_STEP:
        return None
    now, before = travel_figures(indicator, period, against=rule.against, plan=plan)
    direction = travel(now, before, indicator.polarity, target)
    return None if direction is Direction.NOT_COMPARABLE else direction is Direction.IMPROVING


def rule_of(indicator: Indicator, plan: ServicePlan | None = None) -> StatusRule:
    """The status rule an indicator is judged by: its own, else its plan's, else serviceplan's default."""
    return indicator.rule or (plan.policy.rule if plan is not None else StatusRule())


# -- year to date ---------------------------------------------------------------------------


def periods_to_date(period: Period) -> tuple[Period, ...]:
    """The quarters (or months) of ``period``'s financial year from its start to ``period``, in order.

    >>> [str(p) for p in periods_to_date(Period.parse("2009/10 Q3"))]
    ['2009/10 Q1', '2009/10 Q2', '2009/10 Q3']
    >>> [str(p) for p in periods_to_date(Period.parse("May 2009"))]
    ['April 2009', 'May 2009']
    """
    return _periods_of(period.year, period.kind)[: _position(period)]


def _periods_of(year: FinancialYear, kind: PeriodKind) -> tuple[Period, ...]:
    if kind is PeriodKind.QUARTER:
        return tuple(Period.of(Quarter(year, n)) for n in range(1, 5))
    if kind is PeriodKind.MONTH:
        return tuple(Period.month(year.start_year + (m < 4), m) for m in (*range(4, 13), 1, 2, 3))
    return (Period.of(year),)


def _position(period: Period) -> int:
    """1-based place of a quarter or month in its financial year (a year is 1)."""
    if period.kind is PeriodKind.QUARTER:
        return Quarter.containing(period.start).number
    if period.kind is PeriodKind.MONTH:
        return (period.start.month - 4) % 12 + 1
    return 1


def ratio_scale(indicator: Indicator) -> Decimal:
    """What a ratio indicator's numerator over denominator is multiplied by: 100 for a percentage, 1,000 per 1,000.

    >>> ratio_scale(Indicator(code="BV 8", title="Invoices paid in 30 days", unit=IndicatorUnit.PERCENTAGE))
    Decimal('100')
    """
    return {IndicatorUnit.PERCENTAGE: Decimal(100), IndicatorUnit.RATE_PER_1000: Decimal(1000)}.get(
        indicator.unit or IndicatorUnit.RATIO, Decimal(1)
    )


def _combine(
    accumulation: Accumulation, rows: list[Measurement], scale: Decimal
) -> tuple[Decimal | None, RagReason | None]:
    values = [m.value.value for m in rows]
    if any(v is None for v in values):  # pragma: no cover - an actual is always a number (Measurement checks)
        return None, RagReason.INCOMPLETE
    numbers = [v for v in values if v is not None]
    if accumulation is Accumulation.SUM:
        return sum(numbers, Decimal(0)), None
    if accumulation is Accumulation.MEAN:
        return sum(numbers, Decimal(0)) / len(numbers), None
    if accumulation is Accumulation.LATEST:
        return numbers[-1], None
    counted = [m.numerator for m in rows]
    out_of = [m.denominator for m in rows]
    if any(n is None for n in counted) or any(d is None for d in out_of):
        return None, RagReason.INCOMPLETE
    denominator = sum((d for d in out_of if d is not None), Decimal(0))
    if denominator == 0:
        return None, RagReason.INCOMPLETE
    return sum((n for n in counted if n is not None), Decimal(0)) / denominator * scale, None


def year_to_date_actual(indicator: Indicator, period: Period) -> tuple[Decimal | None, RagReason | None]:
    """The actual for the year to ``period``, by the indicator's accumulation, or why there is none.

    * Not cumulative (no accumulation): the period's own actual.
    * A quarter or month: the quarters (months) from 1 April to it, combined: their sum,
      their mean, the latest, or the sum of numerators over the sum of denominators
      (times 100 for a percentage, 1,000 for a rate per 1,000). A missing period before
      it is ``incomplete``; a missing actual for the period itself is ``no_data``.
    * A year: its own actual (the outturn as printed), else its four quarters (or twelve
      months) combined when all are there.

    >>> from serviceplan import IndicatorValue
    >>> ni180 = Indicator(code="NI 180", title="Changes of circumstances", accumulation=Accumulation.SUM,
    ...     measurements=[Measurement(period=Period.parse(p), value=IndicatorValue.parse(v))
    ...                   for p, v in [("2009/10 Q1", "5,900"), ("2009/10 Q2", "6,100")]])
    >>> year_to_date_actual(ni180, Period.parse("2009/10 Q2"))
    (Decimal('12000'), None)
    >>> year_to_date_actual(ni180, Period.parse("2009/10"))
    (None, <RagReason.INCOMPLETE: 'incomplete'>)
    """
    own = indicator.actual_for(period)
    accumulation = indicator.accumulation
    if accumulation is None or (period.kind is PeriodKind.YEAR and own is not None):
        return (own.value.value, None) if own is not None else (None, RagReason.NO_DATA)
    scale = ratio_scale(indicator)
    if period.kind is PeriodKind.YEAR:
        seen = False
        for kind in (PeriodKind.QUARTER, PeriodKind.MONTH):
            found = [indicator.actual_for(p) for p in _periods_of(period.year, kind)]
            seen = seen or any(m is not None for m in found)
            if all(m is not None for m in found):
                return _combine(accumulation, [m for m in found if m is not None], scale)
        return None, RagReason.INCOMPLETE if seen else RagReason.NO_DATA
    if own is None:
        return None, RagReason.NO_DATA
    rows = [indicator.actual_for(p) for p in periods_to_date(period)]
    if any(m is None for m in rows):
        return None, RagReason.INCOMPLETE
    return _combine(accumulation, [m for m in rows if m is not None], scale)


def _profile_of(indicator: Indicator, plan: ServicePlan | None) -> Profile | None:
    return indicator.profile or (plan.policy.profile if plan is not None else None)


def _share_to_date(indicator: Indicator, profile: Profile, period: Period) -> Decimal | None:
    """The profile's share of the year to ``period``; ``None`` when it cannot say (a seasonal pattern unknown)."""
    parts = _position(period) * (3 if profile.by is PeriodKind.MONTH and period.kind is PeriodKind.QUARTER else 1)
    pattern = None
    if profile.kind is ProfileKind.SEASONAL:
        last = [indicator.actual_for(p) for p in _periods_of(period.year.previous(), profile.by)]
        numbers = tuple(m.value.value for m in last if m is not None and m.value.value is not None)
        if len(numbers) != profile.parts or any(v < 0 for v in numbers) or sum(numbers) == 0:
            return None
        pattern = numbers
    return profile.share_to(parts, pattern)


def year_to_date_target(
    indicator: Indicator, period: Period, *, plan: ServicePlan | None = None
) -> tuple[Decimal | None, RagReason | None]:
    """The target for the year to ``period``, or why there is none.

    A target set for the quarter (or month) itself is its year-to-date target, as
    dashboards print it ("Q2 (cumulative) 11,250"). Otherwise the annual target:
    for an indicator that sums (:attr:`~serviceplan.model.Accumulation.SUM`) times the
    profile's share of the year so far (the indicator's profile, else the plan's
    ``policy.profile``; with none, ``no_profile``); for a rate (mean, latest, ratio)
    the annual target as it stands, since 95% is the aim in every quarter.
    A profile by months serves quarters too (three months each); a profile by
    quarters cannot split a quarter into months (``no_profile``).

    >>> from serviceplan import IndicatorValue, Target
    >>> ni180 = Indicator(code="NI 180", title="Changes of circumstances", accumulation=Accumulation.SUM,
    ...     profile=Profile(kind=ProfileKind.EVEN),
    ...     targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("23,000"))])
    >>> year_to_date_target(ni180, Period.parse("2009/10 Q1"))
    (Decimal('5750.00'), None)
    """
    if indicator.accumulation is None or period.kind is PeriodKind.YEAR or indicator.target_for(period):
        return resolve_target(indicator, period)
    annual, why = resolve_target(indicator, Period.of(period.year))
    if why is not None or annual is None:
        return None, why
    if indicator.accumulation is not Accumulation.SUM:
        return annual, None
    profile = _profile_of(indicator, plan)
    if profile is None or (profile.by is PeriodKind.QUARTER and period.kind is PeriodKind.MONTH):
        return None, RagReason.NO_PROFILE
    share = _share_to_date(indicator, profile, period)
    if share is None:
        return None, RagReason.PROFILE_UNKNOWN
    return annual * share, None


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


def travel(
    now: Decimal | None, before: Decimal | None, polarity: Polarity | None, midpoint: Decimal | None = None
) -> Direction:
    """Which way one figure moved from another: the rule of :func:`direction_of_travel`.

    A range indicator moves by its distance from the midpoint (its target): 0.8 to
    0.55 about 0.5 is improving. Without a midpoint, or a polarity, it is only up or down.

    >>> travel(Decimal("0.55"), Decimal("0.8"), Polarity.RANGE, Decimal("0.5"))
    <Direction.IMPROVING: 'improving'>
    >>> travel(Decimal("0.55"), Decimal("0.8"), Polarity.RANGE)
    <Direction.DECREASING: 'decreasing'>
    """
    if now is None or before is None:
        return Direction.NOT_COMPARABLE
    if polarity is Polarity.RANGE and midpoint is not None:
        near, far = abs(now - midpoint), abs(before - midpoint)
        if near == far:
            return Direction.NO_CHANGE
        return Direction.IMPROVING if near < far else Direction.WORSENING
    if now == before:
        return Direction.NO_CHANGE
    up = now > before
    if polarity is Polarity.HIGHER_IS_BETTER:
        return Direction.IMPROVING if up else Direction.WORSENING
    if polarity is Polarity.LOWER_IS_BETTER:
        return Direction.WORSENING if up else Direction.IMPROVING
    return Direction.INCREASING if up else Direction.DECREASING


def _against(value: Against | str) -> Against:
    try:
        return Against(value)
    except ValueError:
        words = ", ".join(repr(a.value) for a in Against)
        raise ModelError(f"against must be one of {words}, not {value!r}") from None


def _figure(indicator: Indicator, period: Period) -> Decimal | None:
    """A period's own actual; a year's is its outturn (as printed, or from its quarters for a cumulative one)."""
    if period.kind is PeriodKind.YEAR:
        return year_to_date_actual(indicator, period)[0]
    own = indicator.actual_for(period)
    return own.value.value if own is not None else None


_ADDS_UP = frozenset({IndicatorUnit.COUNT, IndicatorUnit.MONEY})


def travel_figures(
    indicator: Indicator,
    period: Period | FinancialYear | Quarter | str,
    *,
    against: Against | str = Against.PREVIOUS,
    plan: ServicePlan | None = None,
) -> tuple[Decimal | None, Decimal | None]:
    """The two figures direction of travel compares: this period's and the one it is compared with.

    * ``previous``: the period's own actual and the previous period's.
    * ``last_year``: the same period a year before; for a cumulative indicator at a
      quarter, the year to date then and now (Q2 to date against last year's Q2 to date).
    * ``last_year_outturn``: last year's figure for the whole year, as printed or from its
      quarters. A rate compares as it stands (this quarter's 92% against last year's 90%);
      a count that sums is compared pro rata, its year to date against last year's outturn
      times the profile's share of the year so far (a quarter of it, evenly); a count whose
      periods do not say how they combine (unit count or money, no accumulation) is not
      comparable at a quarter, rather than a quarter against a year.

    ``None`` for a figure that is missing.
    """
    period, against = _period(period), _against(against)
    cumulative = indicator.accumulation is not None and period.kind is not PeriodKind.YEAR
    if against is Against.PREVIOUS:
        return _figure(indicator, period), _figure(indicator, previous_period(period))
    if against is Against.LAST_YEAR:
        earlier = same_period_last_year(period)
        if cumulative:
            return year_to_date_actual(indicator, period)[0], year_to_date_actual(indicator, earlier)[0]
        return _figure(indicator, period), _figure(indicator, earlier)
    outturn = _figure(indicator, Period.of(period.year.previous()))
    if period.kind is PeriodKind.YEAR:
        return _figure(indicator, period), outturn
    if not cumulative:
        comparable = indicator.unit not in _ADDS_UP
        return _figure(indicator, period), outturn if comparable else None
    now = year_to_date_actual(indicator, period)[0]
    if indicator.accumulation is Accumulation.SUM and outturn is not None:
        profile = _profile_of(indicator, plan)
        share = (
            _share_to_date(indicator, profile, period)
            if profile is not None and not (profile.by is PeriodKind.QUARTER and period.kind is PeriodKind.MONTH)
            else None
        )
        return now, outturn * share if share is not None else None
    return now, outturn


def direction_of_travel(
    indicator: Indicator,
    period: Period | FinancialYear | Quarter | str,
    *,
    against: Against | str = Against.PREVIOUS,
    plan: ServicePlan | None = None,
) -> Direction:
    """Which way the actual moved: against the previous period, the same period last year, or last year's outturn.

    Improving / worsening where the polarity says which way is good (a range indicator:
    nearer its target, the midpoint, or further away; the period's target, else the year's);
    increasing / decreasing otherwise;
    not comparable when a figure is missing. :func:`travel_figures` says which figures
    are compared; :func:`travel` is the rule; :func:`direction_frame` the same for many rows.

    >>> from serviceplan import IndicatorValue, Measurement, Target
    >>> lpi2 = Indicator(code="LPI 2", title="Women in the top 5% of earners", polarity=Polarity.RANGE,
    ...     targets=[Target(period=Period.parse("2010/11"), value=IndicatorValue.parse("50%"))],
    ...     measurements=[Measurement(period=Period.parse(p), value=IndicatorValue.parse(v))
    ...                   for p, v in [("2009/10", "60%"), ("2010/11 Q1", "53%")]])
    >>> direction_of_travel(lpi2, "2010/11 Q1", against="last_year_outturn").value
    'improving'

    Raises:
        ModelError: ``against`` is none of ``previous``, ``last_year``, ``last_year_outturn``.
    """
    period = _period(period)
    now, before = travel_figures(indicator, period, against=against, plan=plan)
    midpoint = None
    if indicator.polarity is Polarity.RANGE:  # the period's target, else the year's: a range's midpoint holds all year
        midpoint = year_to_date_target(indicator, period, plan=plan)[0]
        if midpoint is None:
            midpoint = resolve_target(indicator, Period.of(period.year))[0]
    return travel(now, before, indicator.polarity, midpoint)


_DIRECTIONS = [d.value for d in Direction]


def direction_frame(
    frame: pd.DataFrame,
    *,
    now: str = "actual",
    before: str = "before",
    polarity: str = "polarity",
    midpoint: str | None = "target",
) -> pd.DataFrame:
    """A copy of ``frame`` with a ``direction`` column: :func:`travel` for every row.

    ``midpoint`` (optional) is the target a range indicator is judged by distance from.
    Numbers are compared as floats, a tie within one part in 10⁹.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"actual": [0.55, 19.0], "before": [0.8, 21.0], "target": [0.5, 20.0],
    ...     "polarity": ["range", "lower_is_better"]})
    >>> direction_frame(rows)["direction"].tolist()
    ['improving', 'improving']
    """
    np = require("numpy")
    pd = require("pandas")

    a = frame[now].to_numpy(dtype=np.float64, na_value=np.nan)
    b = frame[before].to_numpy(dtype=np.float64, na_value=np.nan)
    mid = (
        frame[midpoint].to_numpy(dtype=np.float64, na_value=np.nan)
        if midpoint is not None and midpoint in frame.columns
        else np.full(len(frame), np.nan)
    )
    pol = frame[polarity].astype(object).to_numpy()
    ranged = (pol == Polarity.RANGE.value) & ~np.isnan(mid)
    near, far = np.abs(a - mid), np.abs(b - mid)
    eps = 1e-9 * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    up, down = a > b + eps, a < b - eps
    better = np.where(
        pol == Polarity.HIGHER_IS_BETTER.value,
        up,
        np.where(pol == Polarity.LOWER_IS_BETTER.value, down, near < far - eps),
    )
    worse = np.where(
        pol == Polarity.HIGHER_IS_BETTER.value,
        down,
        np.where(pol == Polarity.LOWER_IS_BETTER.value, up, near > far + eps),
    )
    known = ranged | (pol == Polarity.HIGHER_IS_BETTER.value) | (pol == Polarity.LOWER_IS_BETTER.value)
    code = np.select(
        [np.isnan(a) | np.isnan(b), known & better, known & worse, known, up, down],
        [_DIRECTIONS.index(w) for w in ("not_comparable", "improving", "worsening", "no_change", "increasing",
                                         "decreasing")],
        default=_DIRECTIONS.index("no_change"),
    )  # fmt: skip
    return frame.assign(direction=pd.Categorical.from_codes(code.astype(np.int8), categories=_DIRECTIONS))


# -- vectorised ---------------------------------------------------------------------------


def indicator_frame(plans: ServicePlan | PlanSet, *, default_tolerance: Tolerance | None = None) -> pd.DataFrame:
    """One row per indicator-period with a target or an actual: the input of :func:`rag_frame`.

    Columns: plan, code, period (``string``), period_end (``datetime64[s]``), target
    (``Float64``; missing when there is none yet), target_state (``category``: ``set``, or
    why the period cannot be scored), actual (``Float64``), polarity (``category``),
    tolerance (``Float64``, absolute, in the unit), range_amber (``Float64``: the amber band
    of a range indicator, absolute); the status rule: tie_is_met (``boolean``), rule
    (``category``: tolerance or two_step) and improved (``boolean``: better than the period
    a two-step rule compares with; missing when there is none, or the rule is not two-step).
    For a cumulative indicator at a quarter or month,
    target and actual are the year to date's, as :func:`indicator_status` gives them.
    """
    pd = require("pandas")

    rows = []
    for plan in _plans(plans):
        for indicator in plan.indicators:
            periods = sorted({t.period for t in indicator.targets} | {m.period for m in indicator.measurements})
            status_rule = rule_of(indicator, plan)
            amber_rule = status_rule.range_amber if indicator.polarity is Polarity.RANGE else None
            for period in periods:
                status = indicator_status(indicator, period, plan=plan, default_tolerance=default_tolerance)
                improved = _improved(indicator, period, status_rule, status.target, plan)
                amber = (
                    amber_rule.amount(status.target) if amber_rule is not None and status.target is not None else None
                )
                rows.append(
                    {
                        "plan": plan.id,
                        "code": indicator.code,
                        "period": str(period),
                        "period_end": period.end,
                        "target": _float(status.target),
                        "target_state": status.reason.value if status.reason.value in _TARGET_STATES else "set",
                        "actual": _float(status.actual),
                        "polarity": indicator.polarity.value if indicator.polarity else None,
                        "tolerance": _float(status.tolerance),
                        "range_amber": _float(amber),
                        **_rule_columns(status_rule, improved),
                    }
                )
    columns = [
        "plan", "code", "period", "period_end", "target", "target_state", "actual", "polarity", "tolerance",
        "range_amber", "tie_is_met", "rule", "improved",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype(  # the conventions of serviceplan.io.tables.to_frames
        {
            "plan": "string",
            "code": "string",
            "period": "string",
            "period_end": "datetime64[s]",
            "target": "Float64",
            "target_state": pd.CategoricalDtype(_TARGET_STATES),
            "actual": "Float64",
            "polarity": pd.CategoricalDtype([p.value for p in Polarity]),
            "tolerance": "Float64",
            "range_amber": "Float64",
            **_rule_dtypes(pd),
        }
    )


_TARGET_STATES = [
    "set",
    RagReason.NO_TARGET.value,
    RagReason.NO_TARGET_YET.value,
    RagReason.BASELINE_UNKNOWN.value,
    RagReason.NO_PROFILE.value,
    RagReason.PROFILE_UNKNOWN.value,
    RagReason.INCOMPLETE.value,
    RagReason.ZERO_WIDTH_BAND.value,
]
_ALWAYS = (RagReason.INCOMPLETE.value, RagReason.ZERO_WIDTH_BAND.value)  # refusals that hold whatever the numbers


def period_frame(plans: ServicePlan | PlanSet, *, default_tolerance: Tolerance | None = None) -> pd.DataFrame:
    """The inputs of :func:`year_to_date_frame`: one row per indicator and quarter (or month) of each year it reports.

    Every quarter of a year in which an indicator has a quarterly target or actual
    gets a row (so do months); nothing here adds up a year to date, it only lays out
    the facts: the period's own actual, numerator and denominator; its own target
    (``target``, ``target_state``); the year's target (``annual_target``,
    ``annual_state``); the profile's share of the year to the period
    (``share_to_date``, with ``profile_state`` saying why it is missing); and the
    tolerance, absolute (``tolerance``) or a percentage (``tolerance_percent``, of
    ``tolerance_scale`` where stated, else of the target).

    >>> import serviceplan
    >>> from serviceplan.model import Accumulation, Profile, ProfileKind
    >>> from serviceplan import IndicatorValue, Measurement, Target
    >>> ni180 = Indicator(code="NI 180", title="Changes of circumstances", polarity=Polarity.HIGHER_IS_BETTER,
    ...     accumulation=Accumulation.SUM, profile=Profile(kind=ProfileKind.EVEN),
    ...     targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("23,000"))],
    ...     measurements=[Measurement(period=Period.parse("2009/10 Q1"), value=IndicatorValue.parse("5,900"))])
    >>> plan = serviceplan.ServicePlan(id="p", title="p", indicators=[ni180])
    >>> year_to_date_frame(period_frame(plan))[["period", "ytd_actual", "ytd_target"]].head(2)
           period  ytd_actual  ytd_target
    0  2009/10 Q1      5900.0      5750.0
    1  2009/10 Q2        <NA>     11500.0
    """
    pd = require("pandas")

    rows = []
    for plan in _plans(plans):
        for indicator in plan.indicators:
            rule = indicator.tolerance or default_tolerance or plan.policy.tolerance
            status_rule = rule_of(indicator, plan)
            amber = status_rule.range_amber if indicator.polarity is Polarity.RANGE else None
            profile = _profile_of(indicator, plan)
            dated = {t.period for t in indicator.targets} | {m.period for m in indicator.measurements}
            groups = sorted({(p.year, p.kind) for p in dated if p.kind is not PeriodKind.YEAR})
            for year, kind in groups:
                annual, annual_why = resolve_target(indicator, Period.of(year))
                for period in _periods_of(year, kind):
                    own, own_why = resolve_target(indicator, period)
                    measured = indicator.actual_for(period)
                    share, profile_state = None, "set"
                    if profile is None or (profile.by is PeriodKind.QUARTER and kind is PeriodKind.MONTH):
                        profile_state = RagReason.NO_PROFILE.value
                    else:
                        share = _share_to_date(indicator, profile, period)
                        profile_state = "set" if share is not None else RagReason.PROFILE_UNKNOWN.value
                    rows.append(
                        {
                            "plan": plan.id,
                            "code": indicator.code,
                            "period": str(period),
                            "period_end": period.end,
                            "year": str(year),
                            "kind": kind.value,
                            "position": _position(period),
                            "accumulation": indicator.accumulation.value if indicator.accumulation else None,
                            "polarity": indicator.polarity.value if indicator.polarity else None,
                            "actual": _float(measured.value.value if measured else None),
                            "numerator": _float(measured.numerator if measured else None),
                            "denominator": _float(measured.denominator if measured else None),
                            "scale": float(ratio_scale(indicator)),
                            "target": _float(own),
                            "target_state": own_why.value if own_why else "set",
                            "annual_target": _float(annual),
                            "annual_state": annual_why.value if annual_why else "set",
                            "share_to_date": _float(share),
                            "profile_state": profile_state,
                            **_band_columns("tolerance", rule),
                            **_band_columns("range_amber", amber),
                            **_rule_columns(
                                status_rule,
                                _improved(
                                    indicator,
                                    period,
                                    status_rule,
                                    year_to_date_target(indicator, period, plan=plan)[0],
                                    plan,
                                ),
                            ),
                        }
                    )
    columns = [
        "plan", "code", "period", "period_end", "year", "kind", "position", "accumulation", "polarity", "actual",
        "numerator", "denominator", "scale", "target", "target_state", "annual_target", "annual_state",
        "share_to_date", "profile_state", "tolerance", "tolerance_percent", "tolerance_scale", "range_amber",
        "range_amber_percent", "range_amber_scale", "tie_is_met", "rule", "improved",
    ]  # fmt: skip
    states = pd.CategoricalDtype(_TARGET_STATES)
    frame = pd.DataFrame(rows, columns=columns)
    floats = ("actual", "numerator", "denominator", "scale", "target", "annual_target", "share_to_date")
    return frame.astype(
        {
            "plan": "string",
            "code": "string",
            "period": "string",
            "period_end": "datetime64[s]",
            "year": "string",
            "kind": pd.CategoricalDtype([PeriodKind.QUARTER.value, PeriodKind.MONTH.value]),
            "position": "Int64",
            "accumulation": pd.CategoricalDtype([a.value for a in Accumulation]),
            "polarity": pd.CategoricalDtype([p.value for p in Polarity]),
            **dict.fromkeys(floats, "Float64"),
            "target_state": states,
            "annual_state": states,
            "profile_state": states,
            **dict.fromkeys(columns[-9:-3], "Float64"),
            **_rule_dtypes(pd),
        }
    )


def year_to_date_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a :func:`period_frame` with the year to date: ``ytd_actual``, ``ytd_target``, ``ytd_state``,
    ``ytd_tolerance`` and ``ytd_range_amber``.

    The rule of :func:`year_to_date_actual` and :func:`year_to_date_target`, by
    grouped cumulative sums: rows are grouped by ``plan`` (if present), ``code``,
    ``year`` and ``kind`` and ordered by ``position``. ``ytd_state`` is ``set`` or the
    reason there is no number (``no_profile``, ``incomplete``, …); score the result with
    ``rag_frame(out, actual="ytd_actual", target="ytd_target", tolerance="ytd_tolerance",
    target_state="ytd_state", range_amber="ytd_range_amber")``. A property test holds it
    to :func:`indicator_status`.
    """
    np = require("numpy")
    pd = require("pandas")

    keys = [k for k in ("plan", "code", "year", "kind") if k in frame.columns]
    order = frame.sort_values([*keys, "position"], kind="stable").index
    f = frame.loc[order]
    grouped = [f[k] for k in keys]

    def floats(column: str) -> Any:
        return f[column].to_numpy(dtype=np.float64, na_value=np.nan)

    def words(column: str) -> Any:
        return f[column].astype(object).to_numpy()

    def cumsum(values: Any) -> Any:
        return pd.Series(values, index=f.index).groupby(grouped, observed=True, sort=False).cumsum().to_numpy()

    actual, position = floats("actual"), f["position"].to_numpy(dtype=np.float64, na_value=np.nan)
    numerator, denominator, scale = floats("numerator"), floats("denominator"), floats("scale")
    acc = words("accumulation")
    cumulative = pd.notna(acc)
    present = ~np.isnan(actual)
    complete = cumsum(present.astype(np.int64)) == position
    total = cumsum(np.where(present, actual, 0.0))
    counted = cumsum(np.where(np.isnan(numerator), 0.0, numerator))
    out_of = cumsum(np.where(np.isnan(denominator), 0.0, denominator))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = counted / out_of * scale
        mean = total / position
    both = (~np.isnan(numerator) & ~np.isnan(denominator)).astype(np.int64)
    ratio_ok = (cumsum(both) == position) & (out_of != 0)
    ytd_actual = np.select(
        [acc == Accumulation.SUM.value, acc == Accumulation.MEAN.value, acc == Accumulation.RATIO.value],
        [total, mean, ratio],
        default=actual,
    )
    incomplete = cumulative & present & (~complete | ((acc == Accumulation.RATIO.value) & ~ratio_ok))
    ytd_actual = np.where(incomplete | ~present, np.nan, ytd_actual)

    own, own_state = floats("target"), words("target_state")
    annual, annual_state = floats("annual_target"), words("annual_state")
    share, profile_state = floats("share_to_date"), words("profile_state")
    from_year = cumulative & (own_state == RagReason.NO_TARGET.value)
    sums = acc == Accumulation.SUM.value
    ytd_target = np.where(from_year, np.where(sums, annual * share, annual), own)
    state = np.where(
        from_year,
        np.where(annual_state != "set", annual_state, np.where(sums, profile_state, "set")),
        own_state,
    )
    state = np.where((state == "set") & incomplete, RagReason.INCOMPLETE.value, state)
    ytd_target = np.where(state == "set", ytd_target, np.nan)

    ranged = words("polarity") == Polarity.RANGE.value
    bands, zero_width = {}, np.zeros(len(f), dtype=bool)
    for band in ("tolerance", "range_amber"):
        if f"{band}_percent" not in f.columns:
            continue
        percent, on = floats(f"{band}_percent"), floats(f"{band}_scale")
        base = np.where(np.isnan(on), np.abs(ytd_target), on)
        bands[f"ytd_{band}"] = pd.array(
            np.where(np.isnan(percent), floats(band), base * percent / 100), dtype="Float64"
        )
        zero_width |= ranged & (percent > 0) & np.isnan(on) & (ytd_target == 0)
    state = np.where((state == "set") & zero_width, RagReason.ZERO_WIDTH_BAND.value, state)
    out = pd.DataFrame(
        {
            "ytd_actual": pd.array(ytd_actual, dtype="Float64"),
            "ytd_target": pd.array(ytd_target, dtype="Float64"),
            "ytd_state": pd.Categorical(state, categories=_TARGET_STATES),
            **bands,
        },
        index=f.index,
    )
    return frame.assign(**{c: out[c].reindex(frame.index) for c in out.columns})


def _rule_columns(rule: StatusRule, improved: bool | None) -> dict[str, object]:
    return {"tie_is_met": rule.tie_is_met, "rule": rule.kind.value, "improved": improved}


def _rule_dtypes(pd: Any) -> dict[str, Any]:
    return {"tie_is_met": "boolean", "rule": pd.CategoricalDtype([k.value for k in RuleKind]), "improved": "boolean"}


def _band_columns(name: str, band: Tolerance | None) -> dict[str, float]:
    """A band as three columns: its absolute amount, or its percentage and the scale that is of."""
    percent = band is not None and band.kind.value == "percentage"
    return {
        name: _float(band.value if band is not None and not percent else None),
        f"{name}_percent": _float(band.value if band is not None and percent else None),
        f"{name}_scale": _float(band.scale if band is not None else None),
    }


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
    range_amber: str | None = "range_amber",
    tie_is_met: str | None = "tie_is_met",
    rule: str | None = "rule",
    improved: str | None = "improved",
) -> pd.DataFrame:
    """A copy of ``frame`` with ``rag`` and ``reason`` columns: :func:`rag` for every row.

    ``polarity`` holds the words of :class:`~serviceplan.values.vocab.Polarity`; a missing
    ``tolerance`` column (or value) means no amber band; ``target_state`` (optional)
    carries the reason a target is missing ("no_target_yet", "baseline_unknown", "no_profile"…)
    or the row is refused whatever its numbers ("incomplete", "zero_width_band");
    ``range_amber`` (optional) the amber band beyond a range indicator's green one. The
    status rule, each column optional: ``tie_is_met`` (boolean; missing: a tie is met),
    ``rule`` (the words of :class:`~serviceplan.model.RuleKind`; missing: ``tolerance``)
    and, for a two-step rule, ``improved`` (boolean; missing: nothing to compare with).
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

    def flags(column: str | None, missing: bool) -> tuple[Any, Any]:
        if column is None or column not in frame.columns:
            return np.full(len(frame), missing), np.zeros(len(frame), dtype=bool)
        values = frame[column].astype("boolean")
        return values.fillna(missing).to_numpy(dtype=bool), values.isna().to_numpy()

    tie_met, _ = flags(tie_is_met, True)
    better, unknown = flags(improved, False)
    if improved is None or improved not in frame.columns:
        unknown = np.ones(len(frame), dtype=bool)
    two = (
        frame[rule].astype(object).to_numpy() == RuleKind.TWO_STEP.value
        if rule is not None and rule in frame.columns
        else np.zeros(len(frame), dtype=bool)
    )
    r = {word: _REASONS.index(word) for word in _REASONS}
    beyond = np.where(
        two,
        np.where(unknown, r["no_comparison"], np.where(better, r["improved"], r["missed"])),
        r["missed"],
    )
    met = (shortfall < -eps) | (tie_met & (shortfall <= eps))
    within = np.where(two, r["close_to_target"], r["within_tolerance"])
    reason = np.where(met, r["met"], np.where(shortfall <= tol + eps, within, beyond)).astype(np.int8)
    amber = (
        frame[range_amber].to_numpy(dtype=np.float64, na_value=np.nan)
        if range_amber is not None and range_amber in frame.columns
        else np.full(len(frame), np.nan)
    )
    if (amber < 0).any():
        row = int(np.flatnonzero(amber < 0)[0])
        raise ModelError(f"a range's amber band must be at least 0; row {row} is negative")
    off = np.abs(a - t)
    in_amber = off <= tol + np.where(np.isnan(amber), -np.inf, amber) + eps
    range_reason = np.where(
        off <= tol + eps,
        r["met"],
        np.where(in_amber & ~two, r["within_tolerance"], beyond),
    )
    reason[ranged] = range_reason[ranged]
    reason[~(higher | lower | ranged)] = _REASONS.index(RagReason.NO_POLARITY.value)
    reason[np.isnan(a)] = _REASONS.index(RagReason.NO_DATA.value)
    no_target = np.isnan(t)
    reason[no_target] = _REASONS.index(RagReason.NO_TARGET.value)
    if target_state is not None and target_state in frame.columns:
        states = frame[target_state].astype(object).to_numpy()
        for word in _TARGET_STATES[2:]:
            refused = states == word
            reason[(refused & no_target) if word not in _ALWAYS else refused] = _REASONS.index(word)
    colour_of = np.array([_RAGS.index(_colour(RagReason(word)).value) for word in _REASONS], dtype=np.int8)
    return frame.assign(
        rag=pd.Categorical.from_codes(colour_of[reason], categories=_RAGS),
        reason=pd.Categorical.from_codes(reason, categories=_REASONS),
    )


def _colour(reason: RagReason) -> Rag:
    return {
        RagReason.MET: Rag.GREEN,
        RagReason.CLOSE_TO_TARGET: Rag.GREEN,
        RagReason.WITHIN_TOLERANCE: Rag.AMBER,
        RagReason.IMPROVED: Rag.AMBER,
        RagReason.MISSED: Rag.RED,
    }.get(reason, Rag.NO_DATA)
