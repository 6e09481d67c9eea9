"""Where actions stand at a date: overdue or not.

The first piece of action tracking, used by the report: an action is overdue
at a date when its deadline fell due before that date and the plan does not
say it is complete (or cancelled). Ongoing deadlines never fall due;
conditional deadlines fall due only when they carry a date.
"""

from __future__ import annotations

from datetime import date

from serviceplan.deadlines import DeadlineKind
from serviceplan.model import Action, ServicePlan
from serviceplan.vocab import ActionStatus

__all__ = ["is_overdue", "overdue_actions"]

_FINISHED = (ActionStatus.COMPLETE, ActionStatus.CANCELLED)


def is_overdue(action: Action, as_of: date) -> bool:
    """Whether ``action`` is overdue at the end of ``as_of``.

    >>> from serviceplan import Action, Deadline
    >>> a = Action(id="1", title="Complete TU Consultation", deadline=Deadline.parse("June 2010"))
    >>> is_overdue(a, date(2010, 6, 30)), is_overdue(a, date(2010, 7, 1))
    (False, True)
    """
    deadline = action.deadline
    if deadline is None or deadline.due is None or action.status in _FINISHED:
        return False
    if deadline.kind is DeadlineKind.ONGOING or deadline.open_ended:
        return False
    return deadline.due < as_of


def overdue_actions(plan: ServicePlan, as_of: date) -> tuple[Action, ...]:
    """The plan's overdue actions at ``as_of``, earliest deadline first."""
    late = [a for a in plan.actions if is_overdue(a, as_of)]
    return tuple(sorted(late, key=lambda a: (a.deadline.due if a.deadline and a.deadline.due else as_of, a.id)))
