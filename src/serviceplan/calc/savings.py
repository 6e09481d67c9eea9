"""Savings rollups, exact to the penny.

A saving has amounts per financial year: target, forecast and delivered. A
rollup adds them up by unit, workstream, category, year or plan (and up the
organisation tree), with:

* **expected**: the forecast where there is one, else what was delivered, else nothing;
* **gap**: target less expected (positive: short of target);
* **% delivered**: delivered as a share of target;
* **confidence-weighted**: expected × a weight for its delivery confidence
  (:data:`DEFAULT_WEIGHTS`: green 1, amber 0.5, red 0, not stated 0.5),
  rounded half-to-even to the penny on each line.

Savings that contribute to another saving in the same plans are left out of
rollups (their parent carries the commitment) and are compared with their
parent by :func:`target_coverage` ("£250,000 of £1,000,000 identified").

The scalar path adds :class:`~serviceplan.values.money.Money` (``Decimal``); the
vectorised path (:func:`savings_frame`, :func:`rollup_frame`) adds int64
pence. The two agree to the penny, and no money is ever a float: money
columns of the frames are ``Int64`` pence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from serviceplan import _hooks
from serviceplan._optional import require
from serviceplan.errors import ModelError
from serviceplan.model import PlanSet, Saving, ServicePlan
from serviceplan.values.money import Money
from serviceplan.values.periods import FinancialYear
from serviceplan.values.vocab import Rag

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_WEIGHTS",
    "KEYS",
    "SavingLine",
    "SavingsRollup",
    "SavingsTotal",
    "TargetCoverage",
    "cumulative",
    "rollup_frame",
    "saving_lines",
    "savings_frame",
    "savings_rollup",
    "target_coverage",
]

DEFAULT_WEIGHTS: Mapping[Rag | None, Decimal] = {
    Rag.GREEN: Decimal(1),
    Rag.AMBER: Decimal("0.5"),
    Rag.RED: Decimal(0),
    Rag.NO_DATA: Decimal("0.5"),
    None: Decimal("0.5"),
}
"""Weights for the confidence-weighted forecast (whole hundredths, 0 to 1)."""

KEYS = ("plan", "unit", "workstream", "category", "year", "kind", "status", "confidence")
"""What a rollup can group by."""

_PENNY = Decimal("0.01")


@attrs.frozen
class SavingLine:
    """One saving in one financial year: the unit of every rollup."""

    plan: str
    saving: Saving
    year: FinancialYear
    target: Money | None
    forecast: Money | None
    delivered: Money | None
    units: tuple[str, ...]  #: the saving's unit and, for tree rollups, its ancestors
    top_level: bool  #: False when the saving contributes to another saving in the same plans

    def key(self, name: str) -> str | None:
        """The value this line is grouped under for ``name`` (one of ``KEYS``, not "unit")."""
        if name == "plan":
            return self.plan
        if name == "year":
            return str(self.year)
        value = getattr(self.saving, name)
        result: str | None = value.value if hasattr(value, "value") else value
        return result


def _plans(plans: ServicePlan | PlanSet) -> Sequence[ServicePlan]:
    return plans.plans if isinstance(plans, PlanSet) else (plans,)


def _ancestors(plan: ServicePlan, unit: str | None) -> tuple[str, ...]:
    parents = {u.id: u.parent for u in plan.units}
    chain: list[str] = []
    while unit is not None and unit not in chain:
        chain.append(unit)
        unit = parents.get(unit)
    return tuple(chain)


def saving_lines(plans: ServicePlan | PlanSet) -> tuple[SavingLine, ...]:
    """Every saving-year of the plans, with whether it is top level."""
    lines = []
    for plan in _plans(plans):
        ids = {s.id for s in plan.savings}
        for saving in plan.savings:
            top = saving.contributes_to is None or saving.contributes_to not in ids
            units = _ancestors(plan, saving.unit) or ((saving.unit,) if saving.unit else ())
            for amount in saving.amounts:
                lines.append(
                    SavingLine(
                        plan.id, saving, amount.year, amount.target, amount.forecast, amount.delivered, units, top
                    )
                )
    return tuple(lines)


def _weights(weights: Mapping[Rag | None, Decimal] | None) -> Mapping[Rag | None, Decimal]:
    chosen = {**DEFAULT_WEIGHTS, **(weights or {})}
    for rag, weight in chosen.items():
        if not isinstance(weight, Decimal) or not 0 <= weight <= 1 or weight != weight.quantize(_PENNY):
            raise ModelError(f"the weight for {rag} must be a Decimal from 0 to 1 in hundredths, not {weight!r}")
    return chosen


@attrs.frozen
class SavingsTotal:
    """A rollup row: the group's key and its totals (all exact)."""

    key: tuple[str | None, ...]
    target: Money
    forecast: Money
    delivered: Money
    expected: Money
    gap: Money
    weighted: Money
    lines: int

    @property
    def percent_delivered(self) -> Decimal | None:
        """Delivered as a percentage of target, to two places (``None`` when there is no target)."""
        if not self.target.amount:
            return None
        return (self.delivered.amount * 100 / self.target.amount).quantize(_PENNY, ROUND_HALF_EVEN)


class SavingsRollup(tuple[SavingsTotal, ...]):
    """The rows of a savings rollup (a tuple), with the keys it grouped by, a DataFrame and an HTML table."""

    by: tuple[str, ...]

    def __new__(cls, rows: Iterable[SavingsTotal], by: Sequence[str]) -> SavingsRollup:
        made = super().__new__(cls, rows)
        made.by = tuple(by)
        return made

    def to_frame(self) -> pd.DataFrame:
        """The rollup as a DataFrame: the keys, money as ``Int64`` pence, % delivered and lines."""
        pd = require("pandas")

        data: dict[str, Any] = {name: [row.key[n] for row in self] for n, name in enumerate(self.by)}
        for money in ("target", "forecast", "delivered", "expected", "gap", "weighted"):
            data[f"{money}_pence"] = pd.array([getattr(row, money).pence for row in self], dtype="Int64")
        data["percent_delivered"] = [
            float(row.percent_delivered) if row.percent_delivered is not None else None for row in self
        ]
        data["lines"] = [row.lines for row in self]
        return pd.DataFrame(data)

    def _repr_html_(self) -> str:
        return _hooks.html(self)


def savings_rollup(
    plans: ServicePlan | PlanSet,
    by: Sequence[str] = ("unit", "year"),
    *,
    weights: Mapping[Rag | None, Decimal] | None = None,
    tree: bool = False,
) -> SavingsRollup:
    """Add up the savings of a plan or a set of plans by the given keys (``KEYS``).

    With ``tree=True`` a unit's total includes its descendants' (each saving also
    counts under every ancestor of its unit).

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("sefton-integration-2010"))
    >>> for row in savings_rollup(plan, by=["year"]):
    ...     print(row.key, row.target, row.delivered, row.gap, row.percent_delivered)
    ('2010/11',) £350,000 £350,000 £0 100.00
    ('2011/12',) £1,000,000 £0 £1,000,000 0.00
    """
    for name in by:
        if name not in KEYS:
            raise ValueError(f"cannot group by {name!r}; choose from {', '.join(KEYS)}")
    chosen = _weights(weights)
    groups: defaultdict[tuple[str | None, ...], list[SavingLine]] = defaultdict(list)
    for line in saving_lines(plans):
        if not line.top_level:
            continue
        unit_values: Iterable[str | None] = (line.units if tree else line.units[:1]) or (None,)
        for unit in unit_values if "unit" in by else (None,):
            key = tuple(unit if name == "unit" else line.key(name) for name in by)
            groups[key].append(line)
    totals = []
    for key, members in groups.items():
        target = forecast = delivered = expected = weighted = Decimal(0)
        for line in members:
            target += line.target.amount if line.target else 0
            forecast += line.forecast.amount if line.forecast else 0
            delivered += line.delivered.amount if line.delivered else 0
            exp = _first(line.forecast, line.delivered).amount
            expected += exp
            weighted += (exp * chosen[line.saving.confidence]).quantize(_PENNY, ROUND_HALF_EVEN)
        totals.append(
            SavingsTotal(
                key,
                Money(target),
                Money(forecast),
                Money(delivered),
                Money(expected),
                Money(target - expected),
                Money(weighted),
                len(members),
            )
        )
    return SavingsRollup(sorted(totals, key=lambda t: tuple((k is None, k or "") for k in t.key)), by)


def cumulative(plans: ServicePlan | PlanSet, years: Sequence[FinancialYear] | None = None) -> tuple[SavingsTotal, ...]:
    """Year by year over an MTFP period, each row the running total to the end of that year.

    ``years`` defaults to every year with an amount; years with none carry the total forward.
    """
    by_year = {t.key[0]: t for t in savings_rollup(plans, by=["year"])}
    span = [str(y) for y in years] if years is not None else sorted(k for k in by_year if k)
    rows = []
    zero = Money.zero()
    running = {"target": zero, "forecast": zero, "delivered": zero, "expected": zero, "weighted": zero}
    count = 0
    for year in span:
        total = by_year.get(year)
        if total is not None:
            running = {name: running[name] + getattr(total, name) for name in running}
            count += total.lines
        rows.append(
            SavingsTotal(
                (year,),
                running["target"],
                running["forecast"],
                running["delivered"],
                running["expected"],
                running["target"] - running["expected"],
                running["weighted"],
                count,
            )
        )
    return tuple(rows)


@attrs.frozen
class TargetCoverage:
    """A parent savings target against the savings identified to meet it."""

    parent: Saving
    target: Money
    identified: Money
    children: tuple[str, ...]

    @property
    def gap(self) -> Money:
        """Target not yet identified."""
        return self.target - self.identified

    def __str__(self) -> str:
        return f"{self.identified} of {self.target} identified"


def _first(*amounts: Money | None) -> Money:
    """The first amount that is given (a zero is given); nothing when none is."""
    return next((a for a in amounts if a is not None), Money.zero())


def _best(saving: Saving) -> Money:
    total = Money.zero()
    for amount in saving.amounts:
        total += _first(amount.forecast, amount.delivered, amount.target)
    return total


def target_coverage(plans: ServicePlan | PlanSet) -> tuple[TargetCoverage, ...]:
    """Each savings target that others contribute to, against what they add up to.

    A contribution counts its forecast, else what it delivered, else its own target.

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("sefton-integration-2010"))
    >>> [str(c) for c in target_coverage(plan)]
    ['£0 of £1,000,000 identified']
    """
    found = []
    for plan in _plans(plans):
        by_id = {s.id: s for s in plan.savings}
        children: defaultdict[str, list[Saving]] = defaultdict(list)
        for saving in plan.savings:
            if saving.contributes_to in by_id:
                children[saving.contributes_to].append(saving)
        for parent_id, kids in children.items():
            parent = by_id[parent_id]
            target = sum((a.target for a in parent.amounts if a.target is not None), Money.zero())
            identified = sum((_best(kid) for kid in kids), Money.zero())
            found.append(TargetCoverage(parent, target, identified, tuple(k.id for k in kids)))
    return tuple(found)


# -- vectorised: int64 pence ---------------------------------------------------------------


def _pence(money: Money | None) -> int | None:
    return money.pence if money is not None else None


def savings_frame(plans: ServicePlan | PlanSet, *, tree: bool = False) -> pd.DataFrame:
    """One row per saving-year: keys, ``top_level``, and money as ``Int64`` pence.

    With ``tree=True`` the ``unit`` column repeats each line under every
    ancestor of its unit (for tree rollups with :func:`rollup_frame`); the
    ``primary`` column marks each line's own row, so a rollup that does not
    group by unit counts every line once.
    """
    pd = require("pandas")

    columns = (*KEYS, "saving", "top_level", "primary", "target_pence", "forecast_pence", "delivered_pence")
    rows: dict[str, list[Any]] = {name: [] for name in columns}
    for line in saving_lines(plans):
        for position, unit in enumerate((line.units if tree else line.units[:1]) or (None,)):
            rows["primary"].append(position == 0)
            for name in KEYS:
                rows[name].append(unit if name == "unit" else line.key(name))
            rows["saving"].append(line.saving.id)
            rows["top_level"].append(line.top_level)
            rows["target_pence"].append(_pence(line.target))
            rows["forecast_pence"].append(_pence(line.forecast))
            rows["delivered_pence"].append(_pence(line.delivered))
    frame = pd.DataFrame(rows)
    for column in ("target_pence", "forecast_pence", "delivered_pence"):
        frame[column] = frame[column].astype("Int64")
    frame["top_level"] = frame["top_level"].astype(bool)
    frame["primary"] = frame["primary"].astype(bool)
    return frame


def _weight_hundredths(frame: pd.DataFrame, weights: Mapping[Rag | None, Decimal]) -> Any:
    np = require("numpy")

    out = np.full(len(frame), int(weights[None] * 100), dtype=np.int64)
    confidence = frame["confidence"]
    for rag, weight in weights.items():
        if rag is not None:
            out[(confidence == rag.value).to_numpy(dtype=bool, na_value=False)] = int(weight * 100)
    return out


def rollup_frame(
    frame: pd.DataFrame,
    by: Sequence[str] = ("unit", "year"),
    *,
    weights: Mapping[Rag | None, Decimal] | None = None,
) -> pd.DataFrame:
    """Roll up a :func:`savings_frame` (or any frame of the same columns) by ``by``, in int64 pence.

    Returns one row per group with ``target_pence``, ``forecast_pence``,
    ``delivered_pence``, ``expected_pence``, ``gap_pence``, ``weighted_pence``
    (all ``Int64``), ``percent_delivered`` (a float percentage, not money) and
    ``lines``. Rows with ``top_level`` false are left out, and so are the
    ancestor copies of a tree frame unless grouping by unit. Agrees with
    :func:`savings_rollup` to the penny.
    """
    np = require("numpy")

    chosen = _weights(weights)
    if "top_level" in frame.columns:
        frame = frame[frame["top_level"].to_numpy(dtype=bool)]
    if "unit" not in by and "primary" in frame.columns:
        frame = frame[frame["primary"].to_numpy(dtype=bool)]
    target = frame["target_pence"].fillna(0).to_numpy(dtype=np.int64)
    forecast = frame["forecast_pence"].fillna(0).to_numpy(dtype=np.int64)
    delivered = frame["delivered_pence"].fillna(0).to_numpy(dtype=np.int64)
    has_forecast = frame["forecast_pence"].notna().to_numpy()
    expected = np.where(has_forecast, forecast, delivered)
    scaled = expected * _weight_hundredths(frame, chosen)  # in hundredths of a penny
    quotient, remainder = np.divmod(scaled, 100)
    round_up = (remainder > 50) | ((remainder == 50) & (quotient % 2 == 1))
    weighted = quotient + round_up
    work = (
        frame[list(by)]
        .reset_index(drop=True)
        .assign(
            target_pence=target,
            forecast_pence=forecast,
            delivered_pence=delivered,
            expected_pence=expected,
            weighted_pence=weighted,
            lines=np.ones(len(frame), dtype=np.int64),
        )
    )
    out = work.groupby(list(by), dropna=False, sort=True).sum().reset_index()
    out["gap_pence"] = out["target_pence"] - out["expected_pence"]
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(out["target_pence"] != 0, out["delivered_pence"] * 100 / out["target_pence"], np.nan)
    out["percent_delivered"] = np.round(percent, 2)
    money = ["target_pence", "forecast_pence", "delivered_pence", "expected_pence", "gap_pence", "weighted_pence"]
    for column in money:
        out[column] = out[column].astype("Int64")
    return out[[*by, *money, "percent_delivered", "lines"]]
