"""The risk register: risks, their assessments, controls and actions."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from serviceplan.errors import ModelError
from serviceplan.model._base import check_enums, ident, optional_text, seq, text
from serviceplan.values.deadlines import Deadline
from serviceplan.values.vocab import AssessmentKind

__all__ = ["MAX_LEVEL", "Assessment", "Risk", "RiskAction"]

MAX_LEVEL = 6
"""The highest likelihood or impact level a register may use (a 6×6 matrix, A–F)."""


def _level(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_LEVEL:
        raise ModelError(f"{attribute.name} must be a whole number from 1 to {MAX_LEVEL}, not {value!r}")


def _score(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_LEVEL * MAX_LEVEL:
        raise ModelError(f"score must be a whole number from 1 to {MAX_LEVEL * MAX_LEVEL}, not {value!r}")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Assessment:
    """One scoring of a risk: inherent, current or target.

    Likelihood and impact come together; a score may stand alone (old
    registers print just "16"). An assessment with neither is not an
    assessment: leave it out and the risk reads as not scored.

    >>> Assessment(kind=AssessmentKind.CURRENT, score=16).score
    16
    >>> Assessment(kind=AssessmentKind.CURRENT, likelihood=9, impact=2)
    Traceback (most recent call last):
    ...
    serviceplan.errors.ModelError: likelihood must be a whole number from 1 to 6, not 9
    """

    kind: AssessmentKind
    likelihood: int | None = attrs.field(default=None, validator=_level)
    impact: int | None = attrs.field(default=None, validator=_level)
    score: int | None = attrs.field(default=None, validator=_score)
    assessed: date | None = None
    note: str | None = optional_text()
    matrix: str | None = optional_text()  #: name of the risk matrix it was scored on, where known

    def __attrs_post_init__(self) -> None:
        if (self.likelihood is None) != (self.impact is None):
            raise ModelError("likelihood and impact go together: give both or neither")
        if self.score is None and self.likelihood is None:
            raise ModelError("an assessment needs a score, or a likelihood and an impact")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class RiskAction:
    """What we are going to do about a risk, with its milestone and deadline."""

    what: str = text()
    milestone: str | None = optional_text()
    deadline: Deadline | None = None


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Risk:
    """A risk on the register (Salford 2009/12 §8: "D. Pay Review", current 16, target 8)."""

    id: str = ident()
    title: str = text()
    description: str | None = optional_text()
    owner: str | None = optional_text()
    category: str | None = optional_text()
    unit: str | None = optional_text()
    assessments: tuple[Assessment, ...] = seq()
    controls: tuple[str, ...] = seq()  #: "What do we do now?"
    actions: tuple[RiskAction, ...] = seq()  #: "What are we going to do?"
    deadline: Deadline | None = None  #: "Timescales for completion"
    monitoring: str | None = optional_text()  #: "How will levels of risk be monitored?"

    def assessment(self, kind: AssessmentKind) -> Assessment | None:
        """The latest assessment of ``kind`` (the last listed), or ``None``."""
        found = [a for a in self.assessments if a.kind is kind]
        return found[-1] if found else None

    @property
    def current(self) -> Assessment | None:
        """The current assessment, if the risk has been scored."""
        return self.assessment(AssessmentKind.CURRENT)

    @property
    def target(self) -> Assessment | None:
        """The target assessment, if one is set."""
        return self.assessment(AssessmentKind.TARGET)
