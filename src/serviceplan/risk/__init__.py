"""The risk engine: matrices as data, scoring one risk or ten million, and register analytics.

* ``serviceplan.risk.matrix``: :class:`RiskMatrix` with its scales, rule and
  bands; presets (shipped as data files in ``presets/``); scalar
  :func:`score` and :func:`band`.
* ``serviceplan.risk.register``: the vectorised forms (:func:`score_array`,
  :func:`score_frame`) and the questions asked of a register (heat maps,
  movement, appetite, targets, top risks, re-scoring).

>>> from serviceplan import risk
>>> risk.score(4, "Major"), risk.band(4, "Major").name
(16, 'High')
"""

from __future__ import annotations

from serviceplan.risk.matrix import (
    MAX_LEVELS,
    Band,
    Level,
    RiskMatrix,
    Scale,
    ScoringRule,
    available_risk_matrices,
    band,
    risk_matrix,
    score,
)
from serviceplan.risk.register import (
    PRINTED_SCORE,
    Appetite,
    HeatMap,
    LevelMapping,
    Movement,
    MovementDirection,
    RescoreResult,
    ScoreArrays,
    ScoredRisk,
    above_appetite,
    assessment_change,
    assessment_movement,
    at_or_below_target,
    bad_rows,
    compare_assessments,
    heat_map,
    movement,
    plan_lineage,
    printed_mismatches,
    rescore,
    score_array,
    score_frame,
    top_risks,
)

__all__ = [
    "MAX_LEVELS",
    "PRINTED_SCORE",
    "Appetite",
    "Band",
    "HeatMap",
    "Level",
    "LevelMapping",
    "Movement",
    "MovementDirection",
    "RescoreResult",
    "RiskMatrix",
    "Scale",
    "ScoreArrays",
    "ScoredRisk",
    "ScoringRule",
    "above_appetite",
    "assessment_change",
    "assessment_movement",
    "at_or_below_target",
    "available_risk_matrices",
    "bad_rows",
    "band",
    "compare_assessments",
    "heat_map",
    "movement",
    "plan_lineage",
    "printed_mismatches",
    "rescore",
    "risk_matrix",
    "score",
    "score_array",
    "score_frame",
    "top_risks",
]
