"""Savings rollups, exact to the penny.

A saving has amounts per financial year: target, forecast and delivered. A
rollup adds them up by unit, workstream, category, year or plan (and up the
organisation tree), with:

* **expected**: the forecast where there is one, else what was delivered, else nothing;
* **gap**: target less expected (positive: short of target);
* **% delivered**: delivered as a share of target;
* **confidence-weighted**: what was delivered counts in full (delivered money
  is certain, whatever the confidence), and the rest of the expected amount
  (expected less delivered) is weighted by its delivery confidence
  (:data:`DEFAULT_WEIGHTS`: green 1, amber 0.5, red 0, not stated 0.5),
  rounded half-to-even to the penny on each line.

**Identity across plans.** A saving is known by its id across the plans of a
:class:`~serviceplan.model.PlanSet`: the same id in several plans (the £1m MTFP
target in two Sefton reports, a department's plans of two years) is one saving,
and each of its financial years is counted once, from one plan's copy, chosen
by the ``shared`` policy (:data:`SHARED_POLICIES`; "fullest" by default: the copy
that states the most figures for that year, the earlier plan on a tie). The
rollup lists every shared saving-year, the copy it used and the copies it left
out (``SavingsRollup.shared``); :func:`serviceplan.check` reports copies whose
figures disagree (``shared-saving-conflict``).

Savings that contribute to another saving of the same plans are left out of
rollups (their parent carries the commitment) and are compared with their
parent by :func:`target_coverage` ("£250,000 of £1,000,000 identified").

A rollup's time is linear in the number of saving-years: the org tree is walked
once per unit, not once per saving.

The scalar path adds :class:`~serviceplan.values.money.Money` (``Decimal``); the
vectorised path (:func:`savings_frame`, :func:`rollup_frame`) adds int64
pence. The two agree to the penny, and no money is ever a float: money
columns of the frames are ``Int64`` pence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal, Inexact, localcontext
from typing import TYPE_CHECKING, Any, Literal

import attrs

from serviceplan import _hooks
from serviceplan._decimal import EXACT
from serviceplan._optional import require
from serviceplan.errors import ModelError
from serviceplan.model import PlanSet, Saving, SavingAmount, ServicePlan
from serviceplan.values.money import Money
from serviceplan.values.periods import FinancialYear
from serviceplan.values.vocab import Rag

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_WEIGHTS",
    "DELIVERED_WEIGHT",
    "KEYS",
    "SHARED_POLICIES",
    "SavingLine",
    "SavingsRollup",
    "SavingsTotal",
    "SharedPolicy",
    "SharedSaving",
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
"""Weights for the part of the expected amount not yet delivered (whole hundredths, 0 to 1)."""

DELIVERED_WEIGHT = Decimal(1)
"""The weight of money delivered: certain, whatever the confidence (not overridable)."""

SharedPolicy = Literal["fullest", "first", "last"]
"""Which plan's copy of a shared saving-year a rollup counts."""

SHARED_POLICIES: tuple[SharedPolicy, ...] = ("fullest", "first", "last")
"""The ``shared`` policies: "fullest" (the copy stating the most of target, forecast and
delivered; the earlier plan on a tie), "first" (the earliest plan of the set), "last"
(the latest plan: for a department's plans over years, in order)."""

KEYS = ("plan", "unit", "workstream", "category", "year", "kind", "status", "confidence")
"""What a rollup can group by."""

_PENNY = Decimal("0.01")
_NOTHING = Money(Decimal(0))
_ROUNDING = EXACT.copy()  # the exact context's precision, for the results that are rounded on purpose
_ROUNDING.traps[Inexact] = False


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


class _Chains:
    """Each unit's chain up the tree (itself first), built once per unit and only when asked for.

    A chain stops where a parent repeats (a cycle), as a walk up the tree would.
    """

    def __init__(self, plan: ServicePlan) -> None:
        self.parents = {u.id: u.parent for u in plan.units}
        self.chains: dict[str, tuple[str, ...]] = {}

    def __call__(self, start: str) -> tuple[str, ...]:
        chains = self.chains
        if start in chains:
            return chains[start]
        if start not in self.parents:
            return (start,)
        walk: list[str] = []
        seen: set[str] = set()
        unit: str | None = start
        while unit is not None and unit not in seen and unit not in chains:
            walk.append(unit)
            seen.add(unit)
            unit = self.parents.get(unit)
        if unit is not None and unit in seen:  # a cycle: walk[k:] is the loop
            k = walk.index(unit)
            loop = walk[k:]
            for i, member in enumerate(loop):
                chains[member] = (*loop[i:], *loop[:i])
            walk, tail = walk[:k], chains[unit]
        else:
            tail = chains[unit] if unit is not None else ()
        for member in reversed(walk):
            tail = (member, *tail)
            chains[member] = tail
        return chains[start]

    def upward(self) -> tuple[list[str], set[str]]:
        """The units whose walk up ends at a top (no cycle), deepest first; and the units whose walk meets a cycle.

        A parent id that names no unit counts as a top of its own (a walk ends there).
        """
        parents = self.parents
        depth: dict[str, int] = {}
        cyclic: set[str] = set()
        for start in parents:
            walk: list[str] = []
            seen: set[str] = set()
            unit: str | None = start
            while unit is not None and unit not in depth and unit not in cyclic and unit not in seen:
                walk.append(unit)
                seen.add(unit)
                unit = parents.get(unit)
            if unit is not None and (unit in seen or unit in cyclic):
                cyclic.update(walk)
                continue
            base = depth[unit] if unit is not None else -1
            for member in reversed(walk):
                base += 1
                depth[member] = base
        return sorted(depth, key=depth.__getitem__, reverse=True), cyclic


def _figures(amount: SavingAmount) -> int:
    return (amount.target is not None) + (amount.forecast is not None) + (amount.delivered is not None)


@attrs.frozen
class SharedSaving:
    """A saving-year that several copies carry under one id: counted once, from one copy.

    ``used`` is the plan whose copy counted, ``left_out`` the plans whose copies did
    not (a plan appears twice when it carries the id twice), and ``agree`` whether
    every copy that states a figure states the same one.
    """

    saving: str
    year: FinancialYear
    used: str
    left_out: tuple[str, ...]
    agree: bool


def _distinct(
    plans: ServicePlan | PlanSet, shared: SharedPolicy
) -> tuple[list[tuple[ServicePlan, Saving, SavingAmount]], tuple[SharedSaving, ...]]:
    """One copy of each (saving id, year), in plan order, and the shared saving-years."""
    if shared not in SHARED_POLICIES:
        raise ValueError(f"cannot share by {shared!r}; choose from {', '.join(SHARED_POLICIES)}")
    # keyed by the year's first calendar year: FinancialYear's own hash is a Python-level method
    copies: dict[tuple[str, int], list[tuple[ServicePlan, Saving, SavingAmount]]] = {}
    for plan in _plans(plans):
        for saving in plan.savings:
            ident = saving.id
            for amount in saving.amounts:
                group = copies.get((ident, amount.year.start_year))
                if group is None:
                    copies[ident, amount.year.start_year] = [(plan, saving, amount)]
                else:
                    group.append((plan, saving, amount))
    chosen = []
    found = []
    for (ident, _), group in copies.items():
        if len(group) == 1:
            chosen.append(group[0])
            continue
        if shared == "first":
            pick = 0
        elif shared == "last":
            pick = len(group) - 1
        else:
            pick = max(range(len(group)), key=lambda n: (_figures(group[n][2]), -n))
        chosen.append(group[pick])
        agree = all(
            len({getattr(c[2], name) for c in group if getattr(c[2], name) is not None}) <= 1
            for name in ("target", "forecast", "delivered")
        )
        others = tuple(c[0].id for n, c in enumerate(group) if n != pick)
        found.append(SharedSaving(ident, group[pick][2].year, group[pick][0].id, others, agree))
    return chosen, tuple(found)


def _lines(
    plans: ServicePlan | PlanSet, shared: SharedPolicy, *, ancestors: bool = True
) -> tuple[tuple[SavingLine, ...], tuple[SharedSaving, ...]]:
    chosen, found = _distinct(plans, shared)
    ids = {s.id for plan in _plans(plans) for s in plan.savings}
    # (the plan objects in ``chosen`` are the set's own: their identity tells copies of one plan id apart)
    chains = {id(plan): _Chains(plan) for plan in _plans(plans)}
    lines = []
    for plan, saving, amount in chosen:
        top = saving.contributes_to is None or saving.contributes_to not in ids
        unit = saving.unit
        units = (chains[id(plan)](unit) if ancestors else (unit,)) if unit else ()
        lines.append(
            SavingLine(plan.id, saving, amount.year, amount.target, amount.forecast, amount.delivered, units, top)
        )
    return tuple(lines), found


def saving_lines(plans: ServicePlan | PlanSet, *, shared: SharedPolicy = "fullest") -> tuple[SavingLine, ...]:
    """Every distinct saving-year of the plans, with whether it is top level.

    A saving id that several plans carry is one saving: each of its years gives
    one line, from the copy the ``shared`` policy picks (:data:`SHARED_POLICIES`).
    A saving is top level unless it contributes to a saving of any of the plans.
    """
    return _lines(plans, shared)[0]


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
        with localcontext(_ROUNDING):  # a share is rounded to two places on purpose
            return (self.delivered.amount * 100 / self.target.amount).quantize(_PENNY, ROUND_HALF_EVEN)


class SavingsRollup(tuple[SavingsTotal, ...]):
    """The rows of a savings rollup (a tuple), with the keys it grouped by, a DataFrame and an HTML table.

    It also carries the policies it counted by: ``shared`` (each saving-year that
    several copies carry, the copy counted and those left out), ``policy`` (the
    ``shared`` policy that chose) and ``weights`` (the confidence weights used for
    money not yet delivered; delivered money weighs :data:`DELIVERED_WEIGHT`).
    """

    by: tuple[str, ...]
    shared: tuple[SharedSaving, ...]
    policy: SharedPolicy
    weights: Mapping[Rag | None, Decimal]

    def __new__(
        cls,
        rows: Iterable[SavingsTotal],
        by: Sequence[str],
        shared: Sequence[SharedSaving] = (),
        policy: SharedPolicy = "fullest",
        weights: Mapping[Rag | None, Decimal] | None = None,
    ) -> SavingsRollup:
        made = super().__new__(cls, rows)
        made.by = tuple(by)
        made.shared = tuple(shared)
        made.policy = policy
        made.weights = dict(weights if weights is not None else DEFAULT_WEIGHTS)
        return made

    def __reduce__(self) -> Any:
        return (type(self), (tuple(self), self.by, self.shared, self.policy, self.weights))

    def to_frame(self) -> pd.DataFrame:
        """The rollup as a DataFrame: the keys, money as ``Int64`` pence, % delivered and lines."""
        pd = require("pandas")

        data: dict[str, Any] = {}
        for n, name in enumerate(self.by):  # category keys, as savings_frame and rollup_frame give them
            words = [getattr(row.key[n], "value", row.key[n]) for row in self]
            data[name] = pd.Categorical(words, categories=sorted({w for w in words if w is not None}))
        for money in ("target", "forecast", "delivered", "expected", "gap", "weighted"):
            data[f"{money}_pence"] = pd.array([getattr(row, money).pence for row in self], dtype="Int64")
        data["percent_delivered"] = [
            float(row.percent_delivered) if row.percent_delivered is not None else None for row in self
        ]
        data["lines"] = [row.lines for row in self]
        return pd.DataFrame(data)

    def _repr_html_(self) -> str:
        return _hooks.html(self)


def _weighted(line: SavingLine, weight: Decimal) -> Decimal:
    """Delivered money in full, and the rest of the expected amount at ``weight``, to the penny."""
    expected = _first(line.forecast, line.delivered).amount
    delivered = line.delivered.amount if line.delivered is not None else Decimal(0)
    return delivered + ((expected - delivered) * weight).quantize(_PENNY, ROUND_HALF_EVEN, _ROUNDING)


def _merge(groups: dict[tuple[str | None, ...], list[Any]], key: tuple[str | None, ...], sums: list[Any]) -> None:
    into = groups.get(key)
    if into is None:
        groups[key] = list(sums)
    else:
        for n in range(6):
            into[n] += sums[n]


def _up_the_tree(
    plans: Sequence[ServicePlan], partial: dict[tuple[int, tuple[str | None, ...]], list[Any]], by: Sequence[str]
) -> dict[tuple[str | None, ...], list[Any]]:
    """Each unit's sums with its descendants', adding each unit into its parent once (deepest first).

    Linear in units and groups, not in units × depth: a unit's subtotal is passed up one level at a time.
    A unit whose walk up meets a cycle is added under each unit of its walk instead.
    """
    at = list(by).index("unit")
    groups: dict[tuple[str | None, ...], list[Any]] = {}
    for n, plan in enumerate(plans):
        mine = [(key, sums) for (p, key), sums in partial.items() if p == n]
        if not mine:
            continue
        chains = _Chains(plan)
        order, cyclic = chains.upward()
        # per unit: its groups by the other keys, with its descendants' sums added as the walk goes up
        below: dict[str | None, dict[tuple[str | None, ...], list[Any]]] = {}
        for key, sums in mine:
            unit = key[at]
            rest = (*key[:at], *key[at + 1 :])
            if unit is not None and unit in cyclic:
                for up in chains(unit):
                    _merge(groups, (*key[:at], up, *key[at + 1 :]), sums)
                continue
            _merge(below.setdefault(unit, {}), rest, sums)
        for unit in order:
            subtotal = below.get(unit)
            parent = chains.parents.get(unit)
            if subtotal is not None and parent is not None:
                for rest, sums in subtotal.items():
                    _merge(below.setdefault(parent, {}), rest, sums)
        for unit, subtotal in below.items():
            for rest, sums in subtotal.items():
                _merge(groups, (*rest[:at], unit, *rest[at:]), sums)
    return groups


def _key_getter(name: str) -> Callable[[ServicePlan, Saving, str], str | None]:
    """What a saving-year is grouped under for ``name``, as :meth:`SavingLine.key` reads it (unit: its own)."""
    if name == "plan":
        return lambda plan, _saving, _year: plan.id
    if name == "year":
        return lambda _plan, _saving, year: year
    if name == "unit":
        return lambda _plan, saving, _year: saving.unit or None

    def get(_plan: ServicePlan, saving: Saving, _year: str) -> str | None:
        value = getattr(saving, name)
        result: str | None = value.value if hasattr(value, "value") else value
        return result

    return get


def savings_rollup(
    plans: ServicePlan | PlanSet,
    by: Sequence[str] = ("unit", "year"),
    *,
    weights: Mapping[Rag | None, Decimal] | None = None,
    tree: bool = False,
    shared: SharedPolicy = "fullest",
) -> SavingsRollup:
    """Add up the savings of a plan or a set of plans by the given keys (``KEYS``).

    With ``tree=True`` a unit's total includes its descendants' (each saving also
    counts under every ancestor of its unit). A saving id that several plans
    carry is one saving, each year counted once from the copy ``shared`` picks
    (:data:`SHARED_POLICIES`); the result's ``shared`` lists them.

    Raises:
        ValueError: an unknown key or ``shared`` policy.
        ModelError: a weight that is not a Decimal from 0 to 1 in hundredths.

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("sefton-integration-2010"))
    >>> for row in savings_rollup(plan, by=["year"]):
    ...     print(row.key, row.target, row.delivered, row.gap, row.percent_delivered, row.weighted)
    ('2010/11',) £350,000 £350,000 £0 100.00 £350,000
    ('2011/12',) £1,000,000 £0 £1,000,000 0.00 £0
    """
    for name in by:
        if name not in KEYS:
            raise ValueError(f"cannot group by {name!r}; choose from {', '.join(KEYS)}")
    chosen = _weights(weights)
    copies, found = _distinct(plans, shared)
    ids = {s.id for plan in _plans(plans) for s in plan.savings}
    # one pass over the saving-years, no object per line: sums by the saving's own unit (and plan, for the
    # tree, which is walked per unit); the keys of a line are read by one getter per key
    getters = [_key_getter(name) for name in by]
    years: dict[int, str] = {}
    partial: dict[tuple[int, tuple[str | None, ...]], list[Any]] = {}
    zero = Decimal(0)
    plan_of = {id(plan): n for n, plan in enumerate(_plans(plans))}
    with localcontext(EXACT):
        for plan, saving, amount in copies:
            if saving.contributes_to is not None and saving.contributes_to in ids:
                continue  # counted in the saving it contributes to
            year = years.get(amount.year.start_year)
            if year is None:
                year = years[amount.year.start_year] = str(amount.year)
            key = tuple(get(plan, saving, year) for get in getters)
            where = (plan_of[id(plan)] if tree else 0, key)
            sums = partial.get(where)
            if sums is None:
                sums = partial[where] = [zero, zero, zero, zero, zero, 0]
            target, forecast, delivered = amount.target, amount.forecast, amount.delivered
            got = delivered.amount if delivered is not None else zero
            expected = forecast.amount if forecast is not None else got
            if target is not None:
                sums[0] += target.amount
            if forecast is not None:
                sums[1] += forecast.amount
            sums[2] += got
            sums[3] += expected
            weight = chosen[saving.confidence]
            if weight == 0 or expected == got:
                sums[4] += got  # nothing to weigh: the quantize below would add zero
            else:
                sums[4] += got + ((expected - got) * weight).quantize(_PENNY, ROUND_HALF_EVEN, _ROUNDING)
            sums[5] += 1
        groups = (
            _up_the_tree(_plans(plans), partial, by)
            if tree and "unit" in by
            else {k: v for (_, k), v in partial.items()}
        )
        totals = [
            SavingsTotal(
                key,
                Money(target),
                Money(forecast),
                Money(delivered),
                Money(expected),
                Money(target - expected),
                Money(weighted),
                count,
            )
            for key, (target, forecast, delivered, expected, weighted, count) in groups.items()
        ]
    rows = sorted(totals, key=lambda t: tuple((k is None, k or "") for k in t.key))
    return SavingsRollup(rows, by, found, shared, chosen)


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
    for amount in amounts:
        if amount is not None:
            return amount
    return _NOTHING


def target_coverage(plans: ServicePlan | PlanSet) -> tuple[TargetCoverage, ...]:
    """Each savings target that others contribute to, against what they add up to.

    A contribution counts its forecast, else what it delivered, else its own target.
    Across a set of plans a target is one target however many plans carry it (the
    first plan's copy is the parent shown), and its contributions come from every
    plan, each saving id once.

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("sefton-integration-2010"))
    >>> [str(c) for c in target_coverage(plan)]
    ['£0 of £1,000,000 identified']
    """
    lines, _ = _lines(plans, "fullest")
    by_id: dict[str, Saving] = {}
    for plan in _plans(plans):
        for saving in plan.savings:
            by_id.setdefault(saving.id, saving)
    targets: defaultdict[str, Money] = defaultdict(Money.zero)
    best: defaultdict[str, Money] = defaultdict(Money.zero)
    children: dict[str, dict[str, None]] = {}
    for line in lines:
        if line.target is not None:
            targets[line.saving.id] += line.target
        best[line.saving.id] += _first(line.forecast, line.delivered, line.target)
    for plan in _plans(plans):
        for saving in plan.savings:
            if saving.contributes_to in by_id:
                children.setdefault(saving.contributes_to, {})[saving.id] = None
    found = []
    for parent_id, kids in children.items():
        identified = sum((best[kid] for kid in kids), Money.zero())
        found.append(TargetCoverage(by_id[parent_id], targets[parent_id], identified, tuple(kids)))
    return tuple(found)


# -- vectorised: int64 pence ---------------------------------------------------------------


def _pence(money: Money | None) -> int | None:
    return money.pence if money is not None else None


def savings_frame(
    plans: ServicePlan | PlanSet, *, tree: bool = False, shared: SharedPolicy = "fullest"
) -> pd.DataFrame:
    """One row per distinct saving-year: keys, ``top_level``, and money as ``Int64`` pence.

    The keys (``KEYS``) are ``category`` columns (categories sorted), ``saving``
    is ``string``, ``top_level`` and ``primary`` are ``boolean``: the conventions of
    :func:`serviceplan.to_frames`.

    A saving id that several plans carry gives one row per year, from the copy
    ``shared`` picks, as in :func:`savings_rollup`.

    With ``tree=True`` the ``unit`` column repeats each line under every
    ancestor of its unit (for tree rollups with :func:`rollup_frame`); the
    ``primary`` column marks each line's own row, so a rollup that does not
    group by unit counts every line once.
    """
    pd = require("pandas")

    columns = (*KEYS, "saving", "top_level", "primary", "target_pence", "forecast_pence", "delivered_pence")
    rows: dict[str, list[Any]] = {name: [] for name in columns}
    for line in saving_lines(plans, shared=shared):
        for position, unit in enumerate((line.units if tree else line.units[:1]) or (None,)):
            rows["primary"].append(position == 0)
            for name in KEYS:
                rows[name].append(unit if name == "unit" else line.key(name))
            rows["saving"].append(line.saving.id)
            rows["top_level"].append(line.top_level)
            rows["target_pence"].append(_pence(line.target))
            rows["forecast_pence"].append(_pence(line.forecast))
            rows["delivered_pence"].append(_pence(line.delivered))
    data: dict[str, Any] = {}
    for name in KEYS:  # categories in sorted order, so a groupby sorts them as it would the text
        words = [getattr(v, "value", v) for v in rows[name]]
        data[name] = pd.Categorical(words, categories=sorted({w for w in words if w is not None}))
    data["saving"] = pd.array(rows["saving"], dtype="string")
    for name in ("top_level", "primary"):
        data[name] = pd.array(rows[name], dtype="boolean")
    for name in ("target_pence", "forecast_pence", "delivered_pence"):
        data[name] = pd.array(rows[name], dtype="Int64")
    return pd.DataFrame(data, columns=list(columns))


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
    scaled = (expected - delivered) * _weight_hundredths(frame, chosen)  # not yet delivered, in 1/100 penny
    quotient, remainder = np.divmod(scaled, 100)
    round_up = (remainder > 50) | ((remainder == 50) & (quotient % 2 == 1))
    weighted = delivered + quotient + round_up  # delivered money is certain
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
