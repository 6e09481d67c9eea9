"""Aims, priorities, strategic links and corporate objective impacts."""

from __future__ import annotations

import attrs

from serviceplan.model._base import check_enums, check_ident, check_optional_text, check_text
from serviceplan.values.vocab import Impact, Perspective, PriorityKind

__all__ = ["ObjectiveImpact", "Priority", "StrategicAim", "StrategicLink"]


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class StrategicAim:
    """A strategic aim above the priorities ("Improve Front Line Services", Salford 2009/12 §1).

    Aims may nest (``parent``) and carry a balanced-scorecard perspective.
    """

    id: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    perspective: Perspective | None = None
    description: str | None = attrs.field(default=None, validator=check_optional_text)
    parent: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Priority:
    """A service priority and why it is one (the "Priorities for the Service" proforma).

    >>> Priority(id="6", title="Implementation of NJC pay and grading review in October 2010.",
    ...          why="To comply with the single status requirements of the Green Book").id
    '6'
    """

    id: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    number: str | None = attrs.field(default=None, validator=check_optional_text)  #: as printed: "1.", "2"
    why: str | None = attrs.field(default=None, validator=check_optional_text)
    kind: PriorityKind | None = None  #: must do or desirable, where the plan says
    unit: str | None = attrs.field(default=None, validator=check_optional_text)  #: id of the owning service or team
    aim: str | None = attrs.field(default=None, validator=check_optional_text)  #: id of the strategic aim it serves


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class StrategicLink:
    """A link from an action to a strategy, plan or indicator: "Salford Plan", "Cabinet Work Plan 11.3", "NI 14"."""

    name: str = attrs.field(validator=check_text)
    indicator: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: indicator code when the link is one


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class ObjectiveImpact:
    """A row of the corporate objective monitoring table: objective → positive / neutral / negative."""

    objective: str = attrs.field(validator=check_text)
    number: str | None = attrs.field(default=None, validator=check_optional_text)
    impact: Impact | None = None  #: ``None`` when no column is marked
    mark: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: the mark as printed: "V", "√", "ν", "N"
