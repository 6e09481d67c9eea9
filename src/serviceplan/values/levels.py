"""The largest risk matrix the library accepts, in one place.

A matrix's size belongs to the matrix (:class:`~serviceplan.risk.RiskMatrix`
is data); the library only bounds it, so that the model can hold an
assessment scored on any matrix it accepts, and the vectorised scorer can
size its tables. Levels outside the matrix an assessment is actually scored on
are reported by :func:`serviceplan.check` and refused by scoring.

>>> from serviceplan.values.levels import MAX_LEVELS, MAX_SCORE
>>> MAX_LEVELS, MAX_SCORE
(12, 144)
"""

from __future__ import annotations

__all__ = ["MAX_BANDS", "MAX_LEVELS", "MAX_SCORE"]

MAX_LEVELS = 12
"""The most levels a likelihood or impact scale may have (a 12 × 12 matrix)."""

MAX_SCORE = MAX_LEVELS * MAX_LEVELS
"""The largest score any accepted matrix can give (a product rule on 12 × 12; a sum gives at most 24)."""

MAX_BANDS = 127
"""The most bands a matrix may have (band positions are stored as int8 in the vectorised form)."""
