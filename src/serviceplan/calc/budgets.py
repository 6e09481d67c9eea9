"""Budgets and staffing by unit, and up the organisation tree.

Each budget and staffing line that names its unit counts under that unit and,
with ``tree=True``, under every unit above it: the directorate's total is the
sum of its divisions'. Negative net budgets (an income-generating unit such as
Salford Advance, -340000 in 2002/03) add like any other. Lines without a unit
count under their printed label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

import attrs

from serviceplan._decimal import EXACT
from serviceplan.calc.savings import _Chains
from serviceplan.model import PlanSet, ServicePlan
from serviceplan.values.money import Money

__all__ = ["BudgetTotal", "budget_rollup"]


@attrs.frozen
class BudgetTotal:
    """One unit's budget and staffing: money totals are ``None`` when no line gives that column."""

    plan: str
    unit: str
    name: str
    gross: Money | None
    net: Money | None
    staffing: Money | None
    posts: int | None
    fte: Decimal | None


def _add(total: Money | None, value: Money | None) -> Money | None:
    if value is None:
        return total
    return value if total is None else total + value


def _chain(chains: _Chains, unit: str | None, label: str, tree: bool) -> Sequence[str]:
    if unit is None:
        return (label,)
    return chains(unit) if tree else (unit,)


def budget_rollup(plans: ServicePlan | PlanSet, *, tree: bool = True) -> tuple[BudgetTotal, ...]:
    """Gross, net and staffing budget, posts and FTE by unit (and up the tree).

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("salford-corporate-services-2002-03"))
    >>> top = budget_rollup(plan)[0]
    >>> top.unit, top.gross, top.net, top.posts
    ('CS', Money('£24,943,000'), Money('£5,961,000'), 703)
    """
    found: list[BudgetTotal] = []
    for plan in plans.plans if isinstance(plans, PlanSet) else (plans,):
        chains = _Chains(plan)  # each unit's chain up the tree, walked once
        names = {u.id: u.name for u in plan.units}
        money: defaultdict[str, list[Money | None]] = defaultdict(lambda: [None, None, None])
        people: defaultdict[str, list[int | Decimal | None]] = defaultdict(lambda: [None, None])

        for table in plan.budgets:
            for line in table.lines:
                for key in _chain(chains, line.unit, line.label, tree):
                    row = money[key]
                    row[0], row[1], row[2] = (
                        _add(row[0], line.gross),
                        _add(row[1], line.net),
                        _add(row[2], line.staffing),
                    )
        for staff in plan.staffing:
            for person in staff.lines:
                for key in _chain(chains, person.unit, person.label, tree):
                    row2 = people[key]
                    if person.posts is not None:
                        row2[0] = (row2[0] or 0) + person.posts
                    if person.fte is not None:
                        row2[1] = EXACT.add(row2[1] or Decimal(0), person.fte)  # exact: never rounded
        order: dict[str, int] = {}
        for unit in plan.units:
            order.setdefault(unit.id, len(order))
        keys = sorted(set(money) | set(people), key=lambda k: (order.get(k, len(plan.units)), k))
        for key in keys:
            gross, net, staffing = money.get(key, [None, None, None])
            posts, fte = people.get(key, [None, None])
            found.append(
                BudgetTotal(
                    plan.id,
                    key,
                    names.get(key, key),
                    gross,
                    net,
                    staffing,
                    int(posts) if posts is not None else None,
                    Decimal(fte) if fte is not None else None,
                )
            )
    return tuple(found)
