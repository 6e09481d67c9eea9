"""Across years: compare a department's plans of two years, and carry a plan forward."""

from __future__ import annotations

import attrs

from serviceplan.model import Saving, ServicePlan
from serviceplan.risk.matrix import RiskMatrix, risk_matrix
from serviceplan.risk.register import Movement, MovementDirection, movement
from serviceplan.values.vocab import PlanStatus

__all__ = ["PlanComparison", "carry_forward", "compare_plans"]


@attrs.frozen
class PlanComparison:
    """What changed between two plans: savings added, removed or changed, and risk movement."""

    savings_added: tuple[Saving, ...]
    savings_removed: tuple[Saving, ...]
    savings_changed: tuple[tuple[Saving, Saving], ...]  #: (before, after)
    risks: tuple[Movement, ...]  #: risks that moved, were added or closed

    @property
    def unchanged(self) -> bool:
        """Whether nothing compared here changed."""
        return not (self.savings_added or self.savings_removed or self.savings_changed or self.risks)


def compare_plans(before: ServicePlan, after: ServicePlan, *, matrix: RiskMatrix | None = None) -> PlanComparison:
    """Compare the same department's plans of two years (or two versions of one plan).

    Savings are matched by id; a saving changed when any of its facts differ.
    Risks are matched by risk id and compared on their current assessment with :func:`~serviceplan.risk.movement`;
    those that stayed the same (or are unscored in both) are left out.
    """
    old = {s.id: s for s in before.savings}
    new = {s.id: s for s in after.savings}
    added = tuple(s for s in after.savings if s.id not in old)
    removed = tuple(s for s in before.savings if s.id not in new)
    changed = tuple((old[s.id], s) for s in after.savings if s.id in old and old[s.id] != s)
    moved = tuple(
        m
        for m in movement(before, after, matrix or risk_matrix("5x5"))
        if m.direction not in (MovementDirection.SAME, MovementDirection.NOT_SCORED)
    )
    return PlanComparison(added, removed, changed, moved)


def carry_forward(plan: ServicePlan, *, id: str | None = None) -> ServicePlan:
    """Next year's draft of a plan: every financial year moved on by one, nothing else lost.

    The new plan keeps every priority, action (with its updates), indicator,
    risk, saving and table; its status is draft. Its id is ``id``, or the old id
    with "-next" added.

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
    >>> nxt = carry_forward(plan)
    >>> [str(y) for y in nxt.years], nxt.status.value, nxt.actions == plan.actions
    (['2011/12'], 'draft', True)
    """
    return attrs.evolve(
        plan,
        id=id or f"{plan.id}-next",
        years=tuple(year.next() for year in plan.years),
        status=PlanStatus.DRAFT,
    )
