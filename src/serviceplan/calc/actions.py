"""Action tracking: where each action stands at a date or a quarter end.

States, by the deadline's meaning:

* complete or cancelled, when the plan says so;
* no deadline;
* ongoing ("Continuous", "from December, 2001") never falls due, and neither
  does an open-ended deadline ("March 2010 and beyond") once its date has passed;
* conditional ("Depends on business plan") is reported as conditional;
* otherwise the action is overdue once its deadline (its last milestone) has
  passed; behind when one of its milestones has passed before that (a
  milestone of its own, "June 2010: consultation closes", or a phase of its
  deadline, "Ph 1 – March 2009"); due soon when its next milestone falls within
  ``due_within`` days, and on track before that. A month falls due on its last day.

Every dated milestone falls due: :func:`action_status` reports the next one and
those passed (:attr:`ActionTracking.overdue_milestones`), whatever the state.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date

import attrs

from serviceplan.model import Action, ProgressUpdate, ServicePlan
from serviceplan.values.deadlines import DeadlineKind, DeadlineMilestone
from serviceplan.values.periods import Period, Quarter
from serviceplan.values.vocab import ActionStatus

__all__ = [
    "ActionTracking",
    "TrackingState",
    "action_status",
    "is_overdue",
    "latest_updates",
    "milestones_of",
    "overdue_actions",
    "plan_date",
    "track_actions",
    "tracking_summary",
]


class TrackingState(enum.StrEnum):
    """Where an action stands at a date."""

    COMPLETE = "complete"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"
    BEHIND = "behind"  #: a milestone has passed before the final deadline
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    ONGOING = "ongoing"
    CONDITIONAL = "conditional"
    NO_DEADLINE = "no_deadline"


@attrs.frozen
class ActionTracking:
    """One action's state at a date: ``days`` late when overdue or behind, else days to ``due`` (the next milestone).

    ``next_milestone`` is the next dated milestone still to come (of the action's
    own milestones and its deadline's phases); ``overdue_milestones`` those whose
    day has passed before the action's final deadline, earliest first.
    """

    action_id: str
    state: TrackingState
    as_of: date
    due: date | None = None
    days: int | None = None
    next_milestone: DeadlineMilestone | None = None
    overdue_milestones: tuple[DeadlineMilestone, ...] = ()


def milestones_of(action: Action) -> tuple[DeadlineMilestone, ...]:
    """Every dated milestone of an action, earliest first: its own milestones and its deadline's phases.

    A milestone of its own is labelled with what it is; one whose deadline has no
    day (ongoing, conditional) or that it does not give is left out.

    >>> from serviceplan import Action, Deadline
    >>> from serviceplan.model import Milestone
    >>> a = Action(id="1", title="Review", deadline=Deadline.parse("March 2011"),
    ...            milestones=[Milestone(what="Consultation closes", deadline=Deadline.parse("June 2010"))])
    >>> [(m.label, m.due.isoformat()) for m in milestones_of(a)]
    [('Consultation closes', '2010-06-30')]
    """
    found: dict[tuple[date, str], DeadlineMilestone] = {}
    for milestone in action.milestones:
        deadline = milestone.deadline
        if deadline is None or deadline.kind in (DeadlineKind.ONGOING, DeadlineKind.CONDITIONAL):
            continue
        if deadline.due is not None:
            found.setdefault((deadline.due, milestone.what), DeadlineMilestone(label=milestone.what, due=deadline.due))
    final = action.deadline
    if final is not None and final.kind is DeadlineKind.MILESTONES:
        for phase in final.milestones:
            if phase.due != final.due:  # the last phase is the deadline itself
                found.setdefault((phase.due, phase.label), phase)
    return tuple(found[k] for k in sorted(found))


def _as_of(value: date | Quarter | Period) -> date:
    return value.end if isinstance(value, (Quarter, Period)) else value


def action_status(action: Action, as_of: date | Quarter | Period, *, due_within: int = 30) -> ActionTracking:
    """Where an action stands at the end of ``as_of`` (a date, or the last day of a quarter).

    >>> from serviceplan import Action, Deadline, Quarter
    >>> a = Action(id="6a", title="Complete TU Consultation", deadline=Deadline.parse("June 2010"))
    >>> action_status(a, date(2010, 4, 1)).state.value
    'on_track'
    >>> action_status(a, Quarter.parse("2010/11 Q1")).state.value  # due on the quarter's last day
    'due_soon'
    >>> late = action_status(a, date(2010, 7, 31))
    >>> late.state.value, late.days
    ('overdue', 31)
    """
    day = _as_of(as_of)
    if action.status is ActionStatus.COMPLETE:
        return ActionTracking(action.id, TrackingState.COMPLETE, day)
    if action.status is ActionStatus.CANCELLED:
        return ActionTracking(action.id, TrackingState.CANCELLED, day)
    deadline = action.deadline
    if deadline is None:
        return ActionTracking(action.id, TrackingState.NO_DEADLINE, day)
    if deadline.kind is DeadlineKind.ONGOING:
        return ActionTracking(action.id, TrackingState.ONGOING, day)
    if deadline.kind is DeadlineKind.CONDITIONAL:
        return ActionTracking(action.id, TrackingState.CONDITIONAL, day, deadline.due)
    due = deadline.due
    if due is None:  # pragma: no cover - every dated kind has a due date
        return ActionTracking(action.id, TrackingState.NO_DEADLINE, day)
    marks = [m for m in milestones_of(action) if m.due < due]
    passed = tuple(m for m in marks if m.due < day)
    if due < day:
        if deadline.open_ended:
            return ActionTracking(action.id, TrackingState.ONGOING, day, due, overdue_milestones=passed)
        return ActionTracking(action.id, TrackingState.OVERDUE, day, due, (day - due).days, None, passed)
    upcoming = [m for m in marks if m.due >= day]
    if not upcoming and deadline.kind is DeadlineKind.MILESTONES:
        upcoming = [m for m in deadline.milestones if m.due == due]  # its last phase is what comes next
    following = upcoming[0] if upcoming else None
    next_due = following.due if following else due
    if passed:
        return ActionTracking(
            action.id, TrackingState.BEHIND, day, next_due, (day - passed[0].due).days, following, passed
        )
    days = (next_due - day).days
    state = TrackingState.DUE_SOON if days <= due_within else TrackingState.ON_TRACK
    return ActionTracking(action.id, state, day, next_due, days, following)


def is_overdue(action: Action, as_of: date | Quarter | Period) -> bool:
    """Whether ``action`` is overdue at the end of ``as_of``."""
    return action_status(action, as_of).state is TrackingState.OVERDUE


def track_actions(
    plan: ServicePlan, as_of: date | Quarter | Period, *, due_within: int = 30
) -> tuple[ActionTracking, ...]:
    """Every action's state at ``as_of``, in plan order."""
    return tuple(action_status(a, as_of, due_within=due_within) for a in plan.actions)


def overdue_actions(plan: ServicePlan, as_of: date | Quarter | Period) -> tuple[Action, ...]:
    """The plan's overdue actions at ``as_of``, earliest deadline first."""
    tracked = {t.action_id: t for t in track_actions(plan, as_of)}
    late = [a for a in plan.actions if tracked[a.id].state is TrackingState.OVERDUE]
    return tuple(sorted(late, key=lambda a: (tracked[a.id].due or date.max, a.id)))


def tracking_summary(
    plan: ServicePlan, as_of: date | Quarter | Period, *, by: str = "priority", due_within: int = 30
) -> dict[str, dict[TrackingState, int]]:
    """How many actions are in each state, by ``"priority"``, ``"lead_officer"`` or ``"unit"``.

    An action linked to several priorities counts under each; one with no
    priority, lead officer or unit counts under ``"(none)"``.
    """
    keys: dict[str, Callable[[Action], tuple[str, ...]]] = {
        "priority": lambda a: a.priorities,
        "lead_officer": lambda a: (a.lead_officer,) if a.lead_officer else (),
        "unit": lambda a: (a.unit,) if a.unit else (),
    }
    if by not in keys:
        raise ValueError(f"by must be one of {', '.join(keys)}, not {by!r}")
    counts: defaultdict[str, Counter[TrackingState]] = defaultdict(Counter)
    for action in plan.actions:
        state = action_status(action, as_of, due_within=due_within).state
        for key in keys[by](action) or ("(none)",):
            counts[key][state] += 1
    return {key: dict(counter) for key, counter in counts.items()}


def latest_updates(action: Action) -> tuple[ProgressUpdate, ...]:
    """The latest progress update of each division (by period end; the last listed wins a tie)."""
    latest: dict[str | None, ProgressUpdate] = {}
    for update in action.updates:
        current = latest.get(update.by)
        if current is None or update.period.end >= current.period.end:
            latest[update.by] = update
    return tuple(latest.values())


def plan_date(plan: ServicePlan) -> tuple[date, str]:
    """The date a plan speaks as at, and why: the date to report it as at when none is given.

    In order: the end of its latest progress update (the plan's own update
    position, or the latest update of any action); else the date of the
    committee report it was presented with; else the end of its first financial
    year; else (a plan with no dates at all) today. A 2009 plan reported "as at"
    today would show every action years overdue.

    >>> import serviceplan
    >>> plan_date(serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11")))
    (datetime.date(2010, 6, 30), 'the end of its latest progress update, 2010/11 Q1')
    >>> plan_date(serviceplan.load(serviceplan.example_path("salford-2009-12")))
    (datetime.date(2010, 3, 31), 'the end of its first financial year, 2009/10')
    """
    periods = [u.period for a in plan.actions for u in a.updates]
    if plan.update_period is not None:
        periods.append(plan.update_period)
    if periods:
        latest = max(periods, key=lambda p: p.end)
        return latest.end, f"the end of its latest progress update, {latest}"
    if plan.report is not None and plan.report.date is not None:
        return plan.report.date, "the date of its committee report"
    if plan.years:
        first = min(plan.years)
        return first.end, f"the end of its first financial year, {first}"
    return date.today(), "today: the plan has no dates"
