"""Actions that deliver priorities, their milestones and quarterly updates."""

from __future__ import annotations

import attrs

from serviceplan.model._base import check_enums, check_ident, check_optional_text, check_text, to_period, tuple_of
from serviceplan.model.strategy import StrategicLink
from serviceplan.values.deadlines import Deadline
from serviceplan.values.periods import FinancialYear, Period
from serviceplan.values.vocab import ActionStatus, EqualityStatus, Rag, ResourcingStatus

__all__ = ["Action", "EqualityImpact", "Milestone", "ProgressUpdate", "Resourcing"]


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Resourcing:
    """The answer to "Is it resourced?": a classification and the words as written.

    >>> Resourcing(status=ResourcingStatus.PARTLY, text="Yes (for year 1 only)").status.value
    'partly'
    """

    status: ResourcingStatus
    text: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class EqualityImpact:
    """The answer to "Have the equality implications been considered?"."""

    status: EqualityStatus
    text: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Milestone:
    """A dated step of an action."""

    what: str = attrs.field(validator=check_text)
    deadline: Deadline | None = None


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class ProgressUpdate:
    """An update position: "Update Position At Quarter 1 (June 2010)", one per division."""

    period: Period = attrs.field(converter=to_period)  #: a FinancialYear or Quarter is taken as its Period
    text: str = attrs.field(validator=check_text)
    by: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: the division or officer reporting: "Finance & IS"
    status: ActionStatus | None = None
    rag: Rag | None = None


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Action:
    """An action that delivers one or more priorities.

    References are ids: ``priorities`` to :class:`Priority`, ``indicators`` to
    :class:`Indicator` codes, ``risks`` to :class:`Risk` ids; ``check()``
    reports any that dangle.
    """

    id: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    number: str | None = attrs.field(default=None, validator=check_optional_text)  #: as printed: "1.", "13"
    priorities: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])
    unit: str | None = attrs.field(default=None, validator=check_optional_text)
    deadline: Deadline | None = None
    lead_officer: str | None = attrs.field(default=None, validator=check_optional_text)
    delegate: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: initials of the delegate: "AL" in "John Spink (AL)"
    resourcing: Resourcing | None = None
    outcome: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: "What are the outcomes of doing the action?"
    measures: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: performance measures and monitoring arrangements
    indicators: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])
    risks: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])
    risk_text: str | None = attrs.field(default=None, validator=check_optional_text)  #: "Risks Identified" as written
    equality: EqualityImpact | None = None
    links: tuple[StrategicLink, ...] = attrs.field(factory=tuple, converter=tuple_of[StrategicLink])
    status: ActionStatus | None = None
    year: FinancialYear | None = None  #: for plans that list actions for later years
    milestones: tuple[Milestone, ...] = attrs.field(factory=tuple, converter=tuple_of[Milestone])
    updates: tuple[ProgressUpdate, ...] = attrs.field(factory=tuple, converter=tuple_of[ProgressUpdate])
    notes: str | None = attrs.field(default=None, validator=check_optional_text)
