"""Across years: compare a department's plans of two years, and carry a plan forward to next year's draft."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import attrs

from serviceplan.model import Action, Indicator, Priority, Risk, Saving, ServicePlan, Target
from serviceplan.risk.matrix import RiskMatrix, risk_matrix
from serviceplan.risk.register import Movement, MovementDirection, movement
from serviceplan.values.indicator_values import ValueKind
from serviceplan.values.periods import Period
from serviceplan.values.vocab import ActionStatus, PlanStatus

__all__ = ["PlanComparison", "TargetChange", "carry_forward", "compare_plans", "targets_now_due"]

T = TypeVar("T")


@attrs.frozen
class TargetChange:
    """An indicator's target for one period that is new, dropped or restated between two plans."""

    code: str
    period: Period
    before: str | None  #: the target as printed in the earlier plan (``None``: it had none)
    after: str | None  #: as printed in the later plan (``None``: dropped)


@attrs.frozen
class PlanComparison:
    """What changed between two plans of a department, section by section.

    Priorities, actions, indicators and risks are matched by id (an indicator by
    its code), savings by id. ``actions_carried`` are the actions in both plans;
    ``deadlines_moved`` those of them whose deadline reads differently.
    """

    savings_added: tuple[Saving, ...]
    savings_removed: tuple[Saving, ...]
    savings_changed: tuple[tuple[Saving, Saving], ...]  #: (before, after)
    risks: tuple[Movement, ...]  #: risks that moved, were added or closed
    priorities_added: tuple[Priority, ...] = ()
    priorities_dropped: tuple[Priority, ...] = ()
    priorities_changed: tuple[tuple[Priority, Priority], ...] = ()  #: (before, after): reworded
    actions_added: tuple[Action, ...] = ()
    actions_dropped: tuple[Action, ...] = ()
    actions_carried: tuple[tuple[Action, Action], ...] = ()  #: (before, after), in the later plan's order
    deadlines_moved: tuple[tuple[Action, Action], ...] = ()  #: carried actions whose deadline changed
    indicators_added: tuple[Indicator, ...] = ()
    indicators_dropped: tuple[Indicator, ...] = ()
    targets_changed: tuple[TargetChange, ...] = ()
    risks_added: tuple[Risk, ...] = ()
    risks_dropped: tuple[Risk, ...] = ()

    @property
    def unchanged(self) -> bool:
        """Whether nothing compared here changed (actions carried unchanged are no change)."""
        return not (
            self.savings_added
            or self.savings_removed
            or self.savings_changed
            or self.risks
            or self.priorities_added
            or self.priorities_dropped
            or self.priorities_changed
            or self.actions_added
            or self.actions_dropped
            or self.deadlines_moved
            or self.indicators_added
            or self.indicators_dropped
            or self.targets_changed
            or self.risks_added
            or self.risks_dropped
        )


def _by(items: Iterable[T], key: str) -> dict[str, T]:
    return {getattr(item, key): item for item in items}


def _sides(before: Iterable[T], after: Iterable[T], key: str) -> tuple[tuple[T, ...], tuple[T, ...], list[tuple[T, T]]]:
    old, new = _by(before, key), _by(after, key)
    added = tuple(v for k, v in new.items() if k not in old)
    dropped = tuple(v for k, v in old.items() if k not in new)
    both = [(old[k], v) for k, v in new.items() if k in old]
    return added, dropped, both


def _targets(before: Indicator, after: Indicator) -> list[TargetChange]:
    old = {t.period: t.value.text for t in before.targets}
    new = {t.period: t.value.text for t in after.targets}
    return [
        TargetChange(after.code, period, old.get(period), new.get(period))
        for period in sorted(set(old) | set(new))
        if old.get(period) != new.get(period)
    ]


def compare_plans(before: ServicePlan, after: ServicePlan, *, matrix: RiskMatrix | None = None) -> PlanComparison:
    """Compare the same department's plans of two years (or two versions of one plan).

    Priorities are matched by id (changed: reworded), actions by id (added,
    dropped, carried, deadline moved), indicators by code (new, dropped, each
    target added, dropped or restated), risks by id (added, dropped, and
    :func:`~serviceplan.risk.movement` of their current assessment), savings by
    id (changed when any of their facts differ).

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    >>> fewer = attrs.evolve(plan, actions=plan.actions[1:], priorities=plan.priorities[:-1])
    >>> change = compare_plans(plan, fewer)
    >>> [a.id for a in change.actions_dropped], [p.id for p in change.priorities_dropped], change.unchanged
    (['1'], ['RES'], False)
    """
    savings_added, savings_removed, savings_both = _sides(before.savings, after.savings, "id")
    moved = tuple(
        m
        for m in movement(before, after, matrix or risk_matrix("5x5"))
        if m.direction not in (MovementDirection.SAME, MovementDirection.NOT_SCORED)
    )
    priorities_added, priorities_dropped, priorities_both = _sides(before.priorities, after.priorities, "id")
    actions_added, actions_dropped, actions_both = _sides(before.actions, after.actions, "id")
    indicators_added, indicators_dropped, indicators_both = _sides(before.indicators, after.indicators, "code")
    risks_added, risks_dropped, _ = _sides(before.risks, after.risks, "id")
    return PlanComparison(
        savings_added,
        savings_removed,
        tuple((a, b) for a, b in savings_both if a != b),
        moved,
        priorities_added=priorities_added,
        priorities_dropped=priorities_dropped,
        priorities_changed=tuple((a, b) for a, b in priorities_both if a != b),
        actions_added=actions_added,
        actions_dropped=actions_dropped,
        actions_carried=tuple(actions_both),
        deadlines_moved=tuple(
            (a, b)
            for a, b in actions_both
            if (a.deadline.text if a.deadline else None) != (b.deadline.text if b.deadline else None)
        ),
        indicators_added=indicators_added,
        indicators_dropped=indicators_dropped,
        targets_changed=tuple(change for a, b in indicators_both for change in _targets(a, b)),
        risks_added=risks_added,
        risks_dropped=risks_dropped,
    )


_DONE = (ActionStatus.COMPLETE, ActionStatus.CANCELLED)


def targets_now_due(plan: ServicePlan) -> tuple[tuple[Indicator, Target], ...]:
    """Targets "to be set after one year of data" whose indicator now has data before the target's period.

    >>> from serviceplan.model import Measurement
    >>> from serviceplan.values import IndicatorValue
    >>> to_be_set = IndicatorValue.parse("Target to be set after one year of data obtained")
    >>> ind = Indicator(code="NI 14", title="Avoidable contact",
    ...     targets=[Target(period=Period.parse("2010/11"), value=to_be_set)],
    ...     measurements=[Measurement(period=Period.parse("2009/10"), value=IndicatorValue.parse("27%"))])
    >>> [(i.code, str(t.period)) for i, t in targets_now_due(ServicePlan(id="p", title="p", indicators=[ind]))]
    [('NI 14', '2010/11')]
    """
    due = []
    for indicator in plan.indicators:
        for target in indicator.targets:
            if target.value.kind is ValueKind.TO_BE_SET and any(
                m.period.end < target.period.start for m in indicator.measurements
            ):
                due.append((indicator, target))
    return tuple(due)


def carry_forward(plan: ServicePlan, *, id: str | None = None) -> ServicePlan:
    """Next year's draft of a plan: the unmet actions carried, every year moved on by one, nothing else lost.

    The draft keeps every priority, indicator (targets and actuals as printed,
    each for its own period), risk, saving and table; its financial years and
    each action's year move on by one; its status is draft. Actions complete or
    cancelled stay behind in this year's plan; every other action is carried
    with its updates. Its id is ``id``, or the old id with "-next" added. A
    "to be set" target whose baseline year now has data is listed by
    :func:`targets_now_due` (and reported by :func:`serviceplan.check`).

    >>> import serviceplan
    >>> plan = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
    >>> nxt = carry_forward(plan)
    >>> [str(y) for y in nxt.years], nxt.status.value, len(plan.actions), len(nxt.actions)
    (['2011/12'], 'draft', 10, 9)
    >>> [a.id for a in compare_plans(plan, nxt).actions_dropped]  # complete in 2010/11: it stays there
    ['6b']
    """
    carried = tuple(
        attrs.evolve(a, year=a.year.next() if a.year is not None else None)
        for a in plan.actions
        if a.status not in _DONE
    )
    return attrs.evolve(
        plan,
        id=id or f"{plan.id}-next",
        years=tuple(year.next() for year in plan.years),
        status=PlanStatus.DRAFT,
        actions=carried,
    )
