"""Identity across the plans of a set: one id, one thing, one set of figures.

A saving, indicator or risk with the same id in several plans of a
:class:`~serviceplan.model.PlanSet` (a council's departments, one department
over years) is one thing: the £1m MTFP integration target that two Sefton
reports both print is one target, counted once by the rollups. Its copies may
differ in wording, but not in figures; where they do, the set contradicts
itself and :func:`serviceplan.check` says so, naming both plans:

* ``shared-saving-conflict``: two copies of a saving state different targets or
  delivered amounts for one financial year (an error: a council total cannot
  be both), or different forecasts (a warning: forecasts are revised);
* ``shared-indicator-conflict``: two copies of an indicator state different
  targets or actuals for one period (a warning);
* ``shared-risk-conflict``: two copies of a risk scored differently in
  assessments of the same kind on the same date (a warning; assessments
  without a date are one plan's view at its time, and are not compared).

Copies within one plan are ``duplicate-id`` errors already; only copies in
different plans are compared here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

from serviceplan.checks import Finding, Severity
from serviceplan.model import PlanSet

__all__ = ["CODES", "check_planset"]

CODES: dict[str, str] = {
    "shared-saving-conflict": "copies of one saving in several plans state different figures for a year",
    "shared-indicator-conflict": "copies of one indicator in several plans state different values for a period",
    "shared-risk-conflict": "copies of one risk in several plans are scored differently on the same date",
}
"""The finding codes of this module, with what they mean (also in :data:`serviceplan.checks.CODES`)."""

# (plan index, plan id, path of the copy, the figure as shown, the figure to compare)
_Copy = tuple[int, str, str, str, Hashable]


def _conflicts(
    copies: dict[Hashable, list[_Copy]],
    code: str,
    severity: Callable[[Hashable], Severity],
    describe: Callable[[Hashable], str],
) -> Iterator[Finding]:
    """One finding for each copy whose figure differs from the first copy's in another plan."""
    for key, group in copies.items():
        first = group[0]
        for copy in group[1:]:
            if copy[0] == first[0] or copy[4] == first[4]:
                continue
            yield Finding(
                code=code,
                severity=severity(key),
                path=copy[2],
                message=(
                    f"{describe(key)} is {copy[3]} in plan {copy[1]!r} but {first[3]} in plan {first[1]!r} ({first[2]})"
                ),
            )


def _add(copies: dict[Hashable, list[_Copy]], key: Hashable, copy: _Copy) -> None:
    copies.setdefault(key, []).append(copy)


def _savings(plans: PlanSet) -> Iterator[Finding]:
    copies: dict[Hashable, list[_Copy]] = {}
    for i, plan in enumerate(plans.plans):
        for k, saving in enumerate(plan.savings):
            for m, amount in enumerate(saving.amounts):
                for name in ("target", "forecast", "delivered"):
                    value = getattr(amount, name)
                    if value is not None:
                        path = f"plans[{i}].savings[{k}].amounts[{m}].{name}"
                        _add(copies, (saving.id, amount.year, name), (i, plan.id, path, str(value), value.amount))

    def severity(key: Hashable) -> Severity:
        return Severity.WARNING if _part(key, 2) == "forecast" else Severity.ERROR

    def describe(key: Hashable) -> str:
        return f"the {_part(key, 2)} of saving {_part(key, 0)!r} for {_part(key, 1)}"

    yield from _conflicts(copies, "shared-saving-conflict", severity, describe)


def _indicators(plans: PlanSet) -> Iterator[Finding]:
    copies: dict[Hashable, list[_Copy]] = {}
    for i, plan in enumerate(plans.plans):
        for k, indicator in enumerate(plan.indicators):
            cells: Iterable[tuple[str, int, Any]] = [
                *(("targets", j, t) for j, t in enumerate(indicator.targets)),
                *(("measurements", j, m) for j, m in enumerate(indicator.measurements)),
            ]
            for where, j, cell in cells:
                v = cell.value
                figure = (v.kind, v.value, v.unit, v.change, v.baseline)
                path = f"plans[{i}].indicators[{k}].{where}[{j}].value"
                _add(copies, (indicator.code, where, cell.period), (i, plan.id, path, repr(v.text), figure))

    def describe(key: Hashable) -> str:
        what = "target" if _part(key, 1) == "targets" else "actual"
        return f"the {what} of {_part(key, 0)} for {_part(key, 2)}"

    yield from _conflicts(copies, "shared-indicator-conflict", lambda _: Severity.WARNING, describe)


def _risks(plans: PlanSet) -> Iterator[Finding]:
    copies: dict[Hashable, list[_Copy]] = {}
    for i, plan in enumerate(plans.plans):
        for k, risk in enumerate(plan.risks):
            for j, assessment in enumerate(risk.assessments):
                if assessment.assessed is None:
                    continue
                figure = (assessment.likelihood, assessment.impact, assessment.score)
                shown = f"likelihood {figure[0]}, impact {figure[1]}, score {figure[2]}"
                path = f"plans[{i}].risks[{k}].assessments[{j}]"
                _add(copies, (risk.id, assessment.kind.value, assessment.assessed), (i, plan.id, path, shown, figure))

    def describe(key: Hashable) -> str:
        return f"the {_part(key, 1)} assessment of risk {_part(key, 0)!r} on {_part(key, 2)}"

    yield from _conflicts(copies, "shared-risk-conflict", lambda _: Severity.WARNING, describe)


def _part(key: Hashable, n: int) -> Any:
    return key[n] if isinstance(key, tuple) else key


def check_planset(plans: PlanSet) -> tuple[Finding, ...]:
    """The identity findings of a set of plans (run by :func:`serviceplan.check` on a ``PlanSet``).

    >>> import serviceplan
    >>> from serviceplan.model import PlanSet
    >>> a = serviceplan.load(serviceplan.example_path("sefton-integration-2010"))
    >>> b = serviceplan.calc.carry_forward(a, id="revised")
    >>> check_planset(PlanSet(name="same", plans=[a, b]))  # the same figures: one saving, no conflict
    ()
    """
    return (*_savings(plans), *_indicators(plans), *_risks(plans))
