"""The risk register: risks, their assessments, controls and actions."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from serviceplan.errors import ModelError
from serviceplan.model._base import check_enums, check_ident, check_optional_text, check_text, tuple_of
from serviceplan.values.deadlines import Deadline
from serviceplan.values.levels import MAX_LEVELS, MAX_SCORE
from serviceplan.values.vocab import AssessmentKind

__all__ = ["MAX_LEVEL", "MAX_SCORE", "Assessment", "Risk", "RiskAction"]

MAX_LEVEL = MAX_LEVELS
"""The highest likelihood or impact level an assessment may hold: that of the largest matrix the library accepts.

Whether a level exists on the matrix an assessment is scored on is that
matrix's business: :func:`serviceplan.check` reports it (``risk-level-off-matrix``)
and scoring refuses it (:class:`~serviceplan.errors.LevelError`).
"""


def _level(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_LEVEL:
        raise ModelError(f"{attribute.name} must be a whole number from 1 to {MAX_LEVEL}, not {value!r}")


def _score(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_SCORE:
        raise ModelError(f"score must be a whole number from 1 to {MAX_SCORE}, not {value!r}")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Assessment:
    """One scoring of a risk: inherent, current or target.

    Likelihood and impact come together; a score may stand alone (old
    registers print just "16"). An assessment with neither is not an
    assessment: leave it out and the risk reads as not scored.

    ``score`` is the score *as printed*, a fact of the document. Where levels
    are given too, the matrix computes the score from them
    (:meth:`~serviceplan.risk.RiskMatrix.score_assessment`); a printed score
    that disagrees is kept as written and reported by :func:`serviceplan.check`
    (``risk-score-mismatch``), never silently replaced. ``note`` is what the register
    prints beside the score; ``commentary`` the narrative a quarterly review gives for
    it (why it moved), carried into the quarterly report.

    Levels run from 1 to :data:`~serviceplan.values.levels.MAX_LEVELS` (12, the largest matrix the library
    accepts); whether they exist on the matrix actually used is checked
    against that matrix.

    >>> Assessment(kind=AssessmentKind.CURRENT, score=16).score
    16
    >>> Assessment(kind=AssessmentKind.CURRENT, likelihood=7, impact=7).likelihood  # a 7 × 7 matrix
    7
    >>> Assessment(kind=AssessmentKind.CURRENT, likelihood=13, impact=2)
    Traceback (most recent call last):
    ...
    serviceplan.errors.ModelError: likelihood must be a whole number from 1 to 12, not 13
    """

    kind: AssessmentKind
    likelihood: int | None = attrs.field(default=None, validator=_level)
    impact: int | None = attrs.field(default=None, validator=_level)
    score: int | None = attrs.field(default=None, validator=_score)
    assessed: date | None = None
    note: str | None = attrs.field(default=None, validator=check_optional_text)
    matrix: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: name of the risk matrix it was scored on, where known
    commentary: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: the narrative beside the score: "Reduced: the pay and grading appeals are settled"

    def __attrs_post_init__(self) -> None:
        if (self.likelihood is None) != (self.impact is None):
            raise ModelError("likelihood and impact go together: give both or neither")
        if self.score is None and self.likelihood is None:
            raise ModelError("an assessment needs a score, or a likelihood and an impact")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class RiskAction:
    """What we are going to do about a risk, with its milestone and deadline."""

    what: str = attrs.field(validator=check_text)
    milestone: str | None = attrs.field(default=None, validator=check_optional_text)
    deadline: Deadline | None = None


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Risk:
    """A risk on the register (Salford 2009/12 §8: "D. Pay Review", current 16, target 8)."""

    id: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    description: str | None = attrs.field(default=None, validator=check_optional_text)
    owner: str | None = attrs.field(default=None, validator=check_optional_text)
    category: str | None = attrs.field(default=None, validator=check_optional_text)
    unit: str | None = attrs.field(default=None, validator=check_optional_text)
    assessments: tuple[Assessment, ...] = attrs.field(factory=tuple, converter=tuple_of[Assessment])
    controls: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])  #: "What do we do now?"
    actions: tuple[RiskAction, ...] = attrs.field(
        factory=tuple, converter=tuple_of[RiskAction]
    )  #: "What are we going to do?"
    deadline: Deadline | None = None  #: "Timescales for completion"
    monitoring: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: "How will levels of risk be monitored?"

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
