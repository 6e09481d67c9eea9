"""What the closed vocabularies read as, to a person: RAG, the reason for it, direction of travel.

The model and the calculations name their states with enum values
(``no_target_yet``, ``within_tolerance``); notebooks, reports and the
committee pack show these words instead. A value with no entry here (one added
later) still reads, as its value with spaces.

>>> from serviceplan.calc.indicators import RagReason, Direction
>>> words(RagReason.NO_TARGET_YET), words(Direction.IMPROVING, arrow=True), words(Rag.NO_DATA)
('target to be set after a year of data', '↑ improving', 'No data')
"""

from __future__ import annotations

import enum

from serviceplan.calc.actions import TrackingState
from serviceplan.calc.indicators import Direction, RagReason
from serviceplan.values.vocab import Rag

__all__ = ["BADGE_COLOURS", "words"]

# Keyed by type and member: the vocabularies are StrEnums, and Rag.NO_DATA and RagReason.NO_DATA are both
# equal to the text "no_data", so the members alone would share one entry.
_WORDS: dict[tuple[type, enum.Enum], str] = {
    (Rag, Rag.RED): "Red",
    (Rag, Rag.AMBER): "Amber",
    (Rag, Rag.GREEN): "Green",
    (Rag, Rag.NO_DATA): "No data",
    (RagReason, RagReason.MET): "target met",
    (RagReason, RagReason.WITHIN_TOLERANCE): "within tolerance",
    (RagReason, RagReason.MISSED): "target missed",
    (RagReason, RagReason.NO_TARGET_YET): "target to be set after a year of data",
    (RagReason, RagReason.BASELINE_UNKNOWN): "baseline year not reported yet",
    (RagReason, RagReason.NO_TARGET): "no target for the period",
    (RagReason, RagReason.NO_DATA): "no actual reported",
    (RagReason, RagReason.NO_POLARITY): "not stated which way is better",
    (RagReason, RagReason.NO_PROFILE): "annual target not profiled over the year",
    (RagReason, RagReason.PROFILE_UNKNOWN): "last year's pattern not known for the profile",
    (RagReason, RagReason.INCOMPLETE): "a period of the year to date not reported",
    (RagReason, RagReason.ZERO_WIDTH_BAND): "band has no width: a percentage of a midpoint of 0",
    (RagReason, RagReason.CLOSE_TO_TARGET): "within tolerance of target",
    (RagReason, RagReason.IMPROVED): "beyond tolerance, but better than before",
    (RagReason, RagReason.NO_COMPARISON): "beyond tolerance, nothing to compare with",
    (Direction, Direction.IMPROVING): "improving",
    (Direction, Direction.WORSENING): "worsening",
    (Direction, Direction.NO_CHANGE): "no change",
    (Direction, Direction.INCREASING): "increasing",
    (Direction, Direction.DECREASING): "decreasing",
    (Direction, Direction.NOT_COMPARABLE): "not comparable",
    (TrackingState, TrackingState.COMPLETE): "complete",
    (TrackingState, TrackingState.ON_TRACK): "on track",
    (TrackingState, TrackingState.DUE_SOON): "due soon",
    (TrackingState, TrackingState.OVERDUE): "overdue",
    (TrackingState, TrackingState.BEHIND): "behind: a milestone has passed",
    (TrackingState, TrackingState.CANCELLED): "cancelled",
    (TrackingState, TrackingState.ONGOING): "ongoing",
    (TrackingState, TrackingState.CONDITIONAL): "conditional on another decision",
    (TrackingState, TrackingState.NO_DEADLINE): "no deadline",
}

_ARROWS: dict[tuple[type, enum.Enum], str] = {
    (Direction, Direction.IMPROVING): "\u2191",
    (Direction, Direction.WORSENING): "\u2193",
    (Direction, Direction.NO_CHANGE): "\u2192",
    (Direction, Direction.INCREASING): "\u2197",
    (Direction, Direction.DECREASING): "\u2198",
}

BADGE_COLOURS: dict[Rag, tuple[str, str, str]] = {
    Rag.RED: ("#f8d7da", "#842029", "#e4a5ab"),
    Rag.AMBER: ("#fff3cd", "#664d03", "#e6cf85"),
    Rag.GREEN: ("#d1e7dd", "#0f5132", "#95c7ad"),
    Rag.NO_DATA: ("#e9ecef", "#41464b", "#c4c8cc"),
}
"""Each RAG's calm badge colours in notebooks: fill, text and border (text contrast at least 7:1)."""


def words(value: object, *, arrow: bool = False) -> str:
    """A vocabulary value in words ("no actual reported"); with ``arrow``, a direction's arrow before it."""
    if isinstance(value, enum.Enum):
        key = (type(value), value)
        text = _WORDS.get(key, str(value.value).replace("_", " "))
        if arrow and key in _ARROWS:
            return f"{_ARROWS[key]} {text}"
        return text
    return "" if value is None else str(value).replace("_", " ")
