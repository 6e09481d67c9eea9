"""Plan checks of indicators' targets and actuals (the rules of :func:`serviceplan.check` for indicators).

Kept apart from the other rules so that each rule about an indicator's values
lives once. The rules yield ``(code, path, message)`` warnings; the caller
makes them findings.

* ``actual-outside-period``: an actual for a period the plan cannot have
  measured or need. The plan's own years are in; so is the year before the
  first, which direction of travel compares the first year with (a plan for
  2009/12 prints "Actual 2008/09"), and any period that ends on the baseline
  date of a relative target ("5% reduction from 31/03/08").
* ``unit-mismatch``: a cell written in a unit the indicator does not use.
* ``profile-ignored``: a profile on an indicator whose periods do not add up: only a
  count (accumulation ``sum``) spreads its annual target; a rate's holds every quarter.
* ``zero-width-band``: a percentage tolerance (or a range's amber band) of a target of 0,
  with no ``scale``: it has no width. A range indicator is refused (``zero_width_band``);
  above or below a target of 0 there is simply no amber. State a ``scale`` (the band the
  percentage is of) or an absolute tolerance.
* ``impossible-percentage``: a share below 0 or above 100. An indicator that
  counts a percentage *change* (:attr:`~serviceplan.values.IndicatorUnit.PERCENTAGE_CHANGE`,
  or no unit and a title such as "% change in …") may go below 0 or above 100.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from serviceplan.calc.indicators import indicator_status, ratio_scale, rule_of, year_to_date_target
from serviceplan.model import Accumulation, Indicator, ServicePlan
from serviceplan.values.indicator_values import ValueKind
from serviceplan.values.vocab import IndicatorUnit, Polarity

__all__ = ["counts_change", "history_start", "indicator_warnings"]

IndicatorWarning = tuple[str, str, str]
"""A warning as ``(code, path, message)``."""

_UNITS_OF_VALUE: dict[str, frozenset[IndicatorUnit]] = {
    "%": frozenset({IndicatorUnit.PERCENTAGE, IndicatorUnit.PERCENTAGE_CHANGE}),
    "days": frozenset({IndicatorUnit.DAYS}),
    "£": frozenset({IndicatorUnit.MONEY}),
    "yes/no": frozenset({IndicatorUnit.YES_NO}),
}
_NAME_OF_VALUE_UNIT = {"%": "percentage", "days": "days", "£": "money", "yes/no": "yes_no"}
_CHANGE_TITLE = re.compile(
    r"(?:%|\bper\s?cent(?:age)?)\s*(?:change|increase|decrease|reduction|rise|fall|growth)\b", re.IGNORECASE
)


def counts_change(indicator: Indicator) -> bool:
    """Whether an indicator counts a percentage change, which may fall below 0 or pass 100.

    >>> from serviceplan.checks.indicators import counts_change
    >>> from serviceplan.model import Indicator
    >>> counts_change(Indicator(code="NI 186", title="% reduction in CO2 emissions"))
    True
    >>> counts_change(Indicator(code="LPI 15", title="Staff appraised"))
    False
    """
    if indicator.unit is IndicatorUnit.PERCENTAGE_CHANGE:
        return True
    return indicator.unit is None and bool(_CHANGE_TITLE.search(indicator.title))


def history_start(plan: ServicePlan) -> date | None:
    """The first day an actual of the plan may fall in: 1 April of the year before its first year.

    Direction of travel compares the first year's actuals with the year before,
    so a plan prints those: "Actual 2008/09" beside "Target 2009/10".
    """
    return min(plan.years).previous().start if plan.years else None


def _baselines(indicator: Indicator) -> set[date]:
    return {
        t.value.baseline
        for t in indicator.targets
        if t.value.kind is ValueKind.RELATIVE and t.value.baseline is not None
    }


def indicator_warnings(plan: ServicePlan, path: str, indicator: Indicator) -> Iterator[IndicatorWarning]:
    """The warnings about one indicator's targets and actuals; ``path`` is the indicator's."""
    first, end = history_start(plan), plan.end
    baselines = _baselines(indicator)
    for j, measurement in enumerate(indicator.measurements):
        period = measurement.period
        if first is None or end is None or period.end in baselines:
            continue
        if not (first <= period.start and period.end <= end):
            yield (
                "actual-outside-period",
                f"{path}.measurements[{j}]",
                f"{indicator.code} has an actual for {period}, outside the plan's {plan.start:%d %B %Y} to "
                f"{end:%d %B %Y} and the year before it",
            )
    for j, target in enumerate(indicator.targets):
        if target.value.kind is ValueKind.TO_BE_SET:
            data = sorted(m.period for m in indicator.measurements if m.period.end < target.period.start)
            if data:
                yield (
                    "target-now-due",
                    f"{path}.targets[{j}]",
                    f"{indicator.code}: the target for {target.period} was to be set after a year of data, and "
                    f"{data[-1]} has an actual: set it",
                )
    if indicator.profile is not None and indicator.accumulation is not Accumulation.SUM:
        how = indicator.accumulation.value if indicator.accumulation else "not stated"
        yield (
            "profile-ignored",
            f"{path}.profile",
            f"{indicator.code} has a profile ({indicator.profile.kind.value}), but its periods do not add up "
            f"(accumulation {how}): the profile is not used; set accumulation to sum for a count",
        )
    yield from _zero_width(plan, path, indicator)
    yield from _ratio_mismatches(path, indicator)
    change = counts_change(indicator)
    cells = [(f"targets[{j}]", t.value) for j, t in enumerate(indicator.targets)]
    cells += [(f"measurements[{j}]", m.value) for j, m in enumerate(indicator.measurements)]
    for where, value in cells:
        written = _UNITS_OF_VALUE.get(value.unit or "")
        if indicator.unit is not None and written is not None and indicator.unit not in written:
            yield (
                "unit-mismatch",
                f"{path}.{where}.value",
                f"{indicator.code} is counted in {indicator.unit.value}, but {value.text!r} is in "
                f"{_NAME_OF_VALUE_UNIT[value.unit or '']}",
            )
        if (
            value.unit == "%"
            and indicator.unit in (None, IndicatorUnit.PERCENTAGE)
            and not change
            and value.value is not None
            and not 0 <= value.value <= 100
        ):
            yield (
                "impossible-percentage",
                f"{path}.{where}.value",
                f"{indicator.code}: {value.text!r} is not a percentage",
            )


def _ratio_mismatches(path: str, indicator: Indicator) -> Iterator[IndicatorWarning]:
    """A printed figure that is not its numerator over its denominator, to the places it is printed to."""
    scale = ratio_scale(indicator)
    for j, measurement in enumerate(indicator.measurements):
        counted, out_of, printed = measurement.numerator, measurement.denominator, measurement.value.value
        if counted is None or out_of is None or printed is None:
            continue
        where = f"{path}.measurements[{j}]"
        said = f"{indicator.code} {measurement.period}: {measurement.value.text!r} is printed"
        if out_of == 0:
            yield ("ratio-mismatch", where, f"{said}, from {counted} out of 0, which has no ratio")
            continue
        exponent = printed.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        worked = counted / out_of * scale
        if abs(worked - printed) > Decimal(1).scaleb(-places) / 2:
            shown = round(worked, places + 1)
            yield ("ratio-mismatch", where, f"{said}, but {counted} out of {out_of} is {shown}")


def _zero_width(plan: ServicePlan, path: str, indicator: Indicator) -> Iterator[IndicatorWarning]:
    tolerance = indicator.tolerance or plan.policy.tolerance
    amber = rule_of(indicator, plan).range_amber if indicator.polarity is Polarity.RANGE else None
    bands = [("tolerance", tolerance), ("range amber band", amber)]
    periods = sorted({t.period for t in indicator.targets} | {m.period for m in indicator.measurements})
    for period in periods:
        target = year_to_date_target(indicator, period, plan=plan)[0]
        named = [name for name, band in bands if band is not None and target is not None and band.zero_width_at(target)]
        if named:
            yield (
                "zero-width-band",
                path,
                f"{indicator.code} {period}: the {' and '.join(named)} is a percentage of a target of 0, "
                "so it has no width: state a scale or an absolute tolerance",
            )


def rag_mismatches(plan: ServicePlan, path: str, indicator: Indicator) -> Iterator[IndicatorWarning]:
    """Published RAGs that disagree with the RAG computed from the plan's own figures.

    The computed RAG is :func:`serviceplan.calc.indicator_status` with the plan's
    tolerance; the message says why it came out as it did (missed, within
    tolerance, no target yet, no data...), so an officer can see whether the
    council applied a tolerance, a rule or a judgement the plan does not record.
    """
    for j, measurement in enumerate(indicator.measurements):
        published = measurement.published_rag
        if published is None:
            continue
        status = indicator_status(indicator, measurement.period, plan=plan)
        if status.rag is published:
            continue
        numbers = []
        if status.actual is not None:
            numbers.append(f"actual {status.actual}")
        if status.target is not None:
            numbers.append(f"target {status.target}")
        numbers.append(f"tolerance {status.tolerance}" if status.tolerance is not None else "no tolerance")
        yield (
            "rag-mismatch",
            f"{path}.measurements[{j}].published_rag",
            f"{indicator.code} {measurement.period}: published {published.value}, computed {status.rag.value} "
            f"({status.reason.value.replace('_', ' ')}: {', '.join(numbers)})",
        )
