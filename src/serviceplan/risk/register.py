"""Risk scoring in bulk, and analytics over risk registers.

Scalar scoring lives on :class:`~serviceplan.risk.matrix.RiskMatrix`
(``matrix.score(4, "Major")``); here is the same rule for many rows at once —
:func:`score_array` for NumPy arrays, :func:`score_frame` for pandas
DataFrames (and so for Dask, partition by partition) — and the questions
asked of a register: heat-map counts, movement, appetite, targets, top risks,
and re-scoring onto a new matrix.

NumPy and pandas are imported inside the functions that need them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from serviceplan import _hooks
from serviceplan._optional import require
from serviceplan.errors import LevelError, RiskInputError
from serviceplan.model import Assessment, PlanSet, Risk, ServicePlan
from serviceplan.risk.matrix import Band, RiskMatrix, Scale
from serviceplan.values.vocab import AssessmentKind

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "HeatMap",
    "LevelMapping",
    "Movement",
    "MovementDirection",
    "RescoreResult",
    "ScoreArrays",
    "ScoredRisk",
    "above_appetite",
    "assessment_movement",
    "at_or_below_target",
    "heat_map",
    "movement",
    "rescore",
    "score_array",
    "score_frame",
    "top_risks",
]

Register = ServicePlan | PlanSet
"""What the analytics read: one plan's register, or every register in a set of plans."""

_EXAMPLES_SHOWN = 5


def _numpy() -> Any:
    return require("numpy", purpose="vectorised scoring")


# -- vectorised scoring ----------------------------------------------------------------


def _object_levels(values: Any, scale: Scale) -> tuple[Any, Any, Any]:
    """Numbers, missing mask and bad mask for an array of codes, labels or mixed values."""
    np = _numpy()
    pd = require("pandas")

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.zeros(len(uniques) + 1, dtype=np.int64)  # last slot: missing (code -1)
    bad_unique = np.zeros(len(uniques) + 1, dtype=bool)
    for n, value in enumerate(uniques):
        try:
            mapped[n] = scale.level(value).number
        except LevelError:
            bad_unique[n] = True
    numbers = mapped[codes]
    missing = codes == -1
    bad = bad_unique[codes]
    return numbers, missing, bad


def _levels(values: Any, scale: Scale) -> tuple[Any, Any, Any]:
    """Level numbers (0 where missing or bad), the missing mask (or None) and the bad mask (or None)."""
    np = _numpy()
    array = values if isinstance(values, np.ndarray) else np.asarray(values)
    kind = array.dtype.kind
    n = len(scale)
    if kind in "iu":
        low, high = array.min(initial=1), array.max(initial=1)
        if low >= 1 and high <= n:
            return array, None, None
        bad = (array < 1) | (array > n)
        return np.where(bad, 0, array), None, bad
    if kind == "f":
        missing = np.isnan(array)
        whole = np.where(missing, 1.0, array)
        bad = (whole != np.floor(whole)) | (whole < 1) | (whole > n)
        numbers = np.where(missing | bad, 0, whole).astype(np.int64)
        return numbers, (missing if missing.any() else None), (bad if bad.any() else None)
    if kind == "b":
        return np.zeros(len(array), dtype=np.int64), None, np.ones(len(array), dtype=bool)
    numbers, missing, bad = _object_levels(array.astype(object, copy=False), scale)
    return numbers, (missing if missing.any() else None), (bad if bad.any() else None)


def _raise_bad(column: str, values: Any, bad: Any, matrix: RiskMatrix) -> None:
    np = _numpy()
    rows = np.flatnonzero(bad)
    shown = tuple((int(r), _plain(values[r])) for r in rows[:_EXAMPLES_SHOWN])
    raise RiskInputError(column, len(rows), shown, matrix.name)


def _plain(value: Any) -> object:
    return value.item() if hasattr(value, "item") else value


@attrs.frozen
class ScoreArrays:
    """Scores and bands of many rows: the result of :func:`score_array`.

    ``score`` is a masked int16 array (masked where likelihood or impact is
    missing); ``band`` is a masked int8 array of positions in ``band_names``.
    """

    score: Any
    band: Any
    band_names: tuple[str, ...]

    def band_labels(self) -> Any:
        """Band names as an object array, ``None`` where missing."""
        np = _numpy()
        names = np.array([*self.band_names, None], dtype=object)
        return names[self.band.filled(-1)]


def _score_core(
    likelihood: Any, impact: Any, matrix: RiskMatrix, errors: Literal["raise", "coerce"], names: tuple[str, str]
) -> tuple[Any, Any, Any, Any]:
    """Scores (int16), band codes (int8, -1 missing), the missing-or-bad mask (or None), and the bad mask (or None)."""
    np = _numpy()
    if len(likelihood) != len(impact):
        raise LevelError(f"{names[0]} has {len(likelihood)} values but {names[1]} has {len(impact)}")
    lk, lk_missing, lk_bad = _levels(likelihood, matrix.likelihood)
    im, im_missing, im_bad = _levels(impact, matrix.impact)
    if errors == "raise":
        if lk_bad is not None:
            _raise_bad(names[0], likelihood, lk_bad, matrix)
        if im_bad is not None:
            _raise_bad(names[1], impact, im_bad, matrix)
    scores_table, bands_table = matrix.tables()
    flat = lk * scores_table.shape[1] + im
    scores = scores_table.ravel().take(flat)
    bands = bands_table.ravel().take(flat)
    masks = [m for m in (lk_missing, im_missing, lk_bad, im_bad) if m is not None]
    bad_masks = [m for m in (lk_bad, im_bad) if m is not None]
    mask = np.logical_or.reduce(masks) if masks else None
    bad = np.logical_or.reduce(bad_masks) if bad_masks else None
    if mask is not None:
        bands = np.where(mask, -1, bands).astype(np.int8)
    return scores, bands, mask, bad


def score_array(
    likelihood: Any, impact: Any, matrix: RiskMatrix, *, errors: Literal["raise", "coerce"] = "raise"
) -> ScoreArrays:
    """Score and band many likelihood/impact pairs at once: the same rule as ``matrix.score`` and ``matrix.band``.

    Args:
        likelihood: array-like of level numbers, codes or labels; NaN or None is missing.
        impact: the same, the same length.
        matrix: the matrix to score on.
        errors: ``"raise"`` (default) raises for any bad value; ``"coerce"`` treats it as missing.

    Raises:
        RiskInputError: values that name no level (out of range, non-integer, unknown label),
            with how many and the first few row positions and values.
        LevelError: arrays of different lengths.

    >>> import numpy as np
    >>> from serviceplan.risk.matrix import risk_matrix
    >>> result = score_array(np.array([4, 2, 5]), np.array([4, 1, 5]), risk_matrix("5x5"))
    >>> result.score.tolist(), result.band_labels().tolist()
    ([16, 2, 25], ['High', 'Low', 'High'])
    >>> score_array([4.0, float("nan")], ["Major", "Minor"], risk_matrix("5x5")).score.tolist()
    [16, None]
    """
    np = _numpy()
    scores, bands, mask, _ = _score_core(likelihood, impact, matrix, errors, ("likelihood", "impact"))
    return ScoreArrays(
        np.ma.masked_array(scores, mask=np.ma.nomask if mask is None else mask),
        np.ma.masked_array(bands, mask=np.ma.nomask if mask is None else mask),
        matrix.band_names,
    )


def _column_values(series: pd.Series) -> Any:
    """A column as NumPy values for :func:`_levels`: numbers stay numbers, missing becomes NaN or None."""
    np = _numpy()
    pd = require("pandas")

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return series.astype(object).to_numpy()
    if pd.api.types.is_integer_dtype(dtype) and series.hasnans:
        return series.to_numpy(dtype=np.float64, na_value=np.nan)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if isinstance(dtype, np.dtype):
            return series.to_numpy()
        return series.to_numpy(dtype=np.float64 if series.hasnans else None, na_value=np.nan)
    return series.to_numpy(dtype=object, na_value=None)


def score_frame(
    frame: pd.DataFrame,
    matrix: RiskMatrix,
    *,
    likelihood: str = "likelihood",
    impact: str = "impact",
    score: str = "score",
    band: str = "band",
    errors: Literal["raise", "coerce"] = "raise",
) -> pd.DataFrame:
    """A copy of ``frame`` with ``score`` (nullable Int16) and ``band`` (ordered categorical) columns.

    Missing likelihood or impact gives a missing score and band. Runs unchanged
    on each partition of a Dask DataFrame (``ddf.map_partitions(score_frame, matrix)``).

    Raises:
        RiskInputError: as :func:`score_array`, naming the column and the row positions.
        LevelError: the frame has no such column (named in the message).

    >>> import pandas as pd
    >>> from serviceplan.risk.matrix import risk_matrix
    >>> register = pd.DataFrame({"likelihood": [4, 2, None], "impact": ["Major", "Minor", "Moderate"]})
    >>> scored = score_frame(register, risk_matrix("5x5"))
    >>> scored["score"].tolist(), scored["band"].tolist()
    ([16, 4, <NA>], ['High', 'Low', nan])
    """
    np = _numpy()
    pd = require("pandas")

    for column in (likelihood, impact):
        if column not in frame.columns:
            raise LevelError(f"the frame has no {column!r} column (columns: {', '.join(map(str, frame.columns))})")
    lk_values = _column_values(frame[likelihood])
    im_values = _column_values(frame[impact])
    scores, bands, mask, _ = _score_core(lk_values, im_values, matrix, errors, (likelihood, impact))
    score_column = pd.arrays.IntegerArray(scores, mask if mask is not None else np.zeros(len(scores), dtype=bool))
    band_column = pd.Categorical.from_codes(bands, dtype=_band_dtype(matrix))
    return frame.assign(**{score: score_column, band: pd.Series(band_column, index=frame.index)})


def _band_dtype(matrix: RiskMatrix) -> Any:
    pd = require("pandas")

    cached = matrix._cache.get("band_dtype")
    if cached is None:
        cached = pd.CategoricalDtype(list(matrix.band_names), ordered=True)
        matrix._cache["band_dtype"] = cached
    return cached


def bad_rows(
    frame: pd.DataFrame, matrix: RiskMatrix, *, likelihood: str = "likelihood", impact: str = "impact"
) -> list[tuple[int, str]]:
    """Row positions whose likelihood or impact names no level, with the reason (for command lines and reports)."""
    found: list[tuple[int, str]] = []
    for column, scale in ((likelihood, matrix.likelihood), (impact, matrix.impact)):
        values = _column_values(frame[column])
        _, _, bad = _levels(values, scale)
        if bad is not None:
            np = _numpy()
            for row in np.flatnonzero(bad):
                found.append((int(row), f"{column} {_plain(values[row])!r} names no level of matrix {matrix.name!r}"))
    return sorted(found)


# -- register analytics ----------------------------------------------------------------------


def _register(register: Register | Iterable[Risk]) -> Iterator[tuple[str | None, Risk]]:
    if isinstance(register, ServicePlan):
        yield from ((register.id, r) for r in register.risks)
    elif isinstance(register, PlanSet):
        for plan in register.plans:
            yield from ((plan.id, r) for r in plan.risks)
    else:
        yield from ((None, r) for r in register)


@attrs.frozen
class ScoredRisk:
    """A risk with its score and band on a matrix (``plan`` is the plan id for registers of several plans)."""

    plan: str | None
    risk: Risk
    assessment: Assessment
    score: int
    band: Band


def _scored(register: Register | Iterable[Risk], matrix: RiskMatrix, kind: AssessmentKind) -> list[ScoredRisk]:
    found = []
    for plan_id, risk in _register(register):
        assessment = risk.assessment(kind)
        if assessment is None:
            continue
        score = matrix.score_assessment(assessment)
        band = matrix.band_assessment(assessment)
        if score is not None and band is not None:
            found.append(ScoredRisk(plan_id, risk, assessment, score, band))
    return found


@attrs.frozen
class HeatMap:
    """How many risks sit in each likelihood × impact cell of a matrix.

    ``counts[l - 1][i - 1]`` counts risks at likelihood ``l`` and impact ``i``.
    Risks scored with a score alone cannot be placed in a cell: they are listed
    in ``unplaced``; risks with no assessment of the kind are in ``not_scored``.
    """

    matrix: RiskMatrix
    kind: AssessmentKind
    counts: tuple[tuple[int, ...], ...]
    unplaced: tuple[str, ...]
    not_scored: tuple[str, ...]

    @property
    def total(self) -> int:
        """Risks placed on the map."""
        return sum(map(sum, self.counts))

    def by_band(self) -> dict[str, int]:
        """Placed risks per band, lowest band first."""
        totals = dict.fromkeys(self.matrix.band_names, 0)
        for lk in self.matrix.likelihood:
            for im in self.matrix.impact:
                totals[self.matrix.band(lk.number, im.number).name] += self.counts[lk.number - 1][im.number - 1]
        return totals

    def to_frame(self) -> pd.DataFrame:
        """The counts as a DataFrame: likelihood labels (highest first) × impact labels."""
        pd = require("pandas")

        levels = list(reversed(self.matrix.likelihood.levels))
        return pd.DataFrame(
            [list(self.counts[lk.number - 1]) for lk in levels],
            index=pd.Index([lk.label for lk in levels], name="likelihood"),
            columns=pd.Index([im.label for im in self.matrix.impact], name="impact"),
        )

    def _repr_html_(self) -> str:
        return _hooks.html(self)


def heat_map(
    register: Register | Iterable[Risk], matrix: RiskMatrix, kind: AssessmentKind = AssessmentKind.CURRENT
) -> HeatMap:
    """Count the register's risks per likelihood × impact cell for one kind of assessment.

    >>> from serviceplan import Risk, Assessment
    >>> from serviceplan.values import AssessmentKind
    >>> from serviceplan.risk.matrix import risk_matrix
    >>> risks = [Risk(id="A", title="a", assessments=[Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4)]),
    ...          Risk(id="D", title="d", assessments=[Assessment(kind=AssessmentKind.CURRENT, score=16)])]
    >>> hm = heat_map(risks, risk_matrix("5x5"))
    >>> hm.counts[3][3], hm.unplaced, hm.total
    (1, ('D',), 1)
    """
    counts = [[0] * len(matrix.impact) for _ in matrix.likelihood]
    unplaced: list[str] = []
    not_scored: list[str] = []
    for _, risk in _register(register):
        assessment = risk.assessment(kind)
        if assessment is None:
            not_scored.append(risk.id)
        elif assessment.likelihood is None or assessment.impact is None:
            matrix.band_assessment(assessment)  # a score this matrix cannot have is an error, not a silent skip
            unplaced.append(risk.id)
        else:
            lk = matrix.likelihood.level(assessment.likelihood).number
            im = matrix.impact.level(assessment.impact).number
            counts[lk - 1][im - 1] += 1
    return HeatMap(matrix, kind, tuple(map(tuple, counts)), tuple(unplaced), tuple(not_scored))


class MovementDirection(enum.StrEnum):
    """How a risk's score moved between two assessments or two versions of a register."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"  #: in the later register only
    CLOSED = "closed"  #: in the earlier register only
    NOT_SCORED = "not_scored"  #: in both, but unscored in one


@attrs.frozen
class Movement:
    """One risk's movement: the scores before and after, and the direction."""

    risk_id: str
    title: str
    before: int | None
    after: int | None
    direction: MovementDirection


def _direction(before: int | None, after: int | None) -> MovementDirection:
    if before is None or after is None:
        return MovementDirection.NOT_SCORED
    if after > before:
        return MovementDirection.UP
    if after < before:
        return MovementDirection.DOWN
    return MovementDirection.SAME


def _score_of(risk: Risk, matrix: RiskMatrix, kind: AssessmentKind) -> int | None:
    assessment = risk.assessment(kind)
    return matrix.score_assessment(assessment) if assessment is not None else None


def movement(
    before: Register | Iterable[Risk],
    after: Register | Iterable[Risk],
    matrix: RiskMatrix,
    kind: AssessmentKind = AssessmentKind.CURRENT,
) -> tuple[Movement, ...]:
    """How each risk moved between two versions of a register (last year's plan and this year's).

    Risks are matched by (plan id, risk id); risks only in ``after`` are new,
    only in ``before`` closed. Order: the later register's, then the closed ones.
    """
    old = {(plan, r.id): r for plan, r in _register(before)}
    new = {(plan, r.id): r for plan, r in _register(after)}
    moves: list[Movement] = []
    for key, risk in new.items():
        after_score = _score_of(risk, matrix, kind)
        if key not in old:
            moves.append(Movement(risk.id, risk.title, None, after_score, MovementDirection.NEW))
            continue
        before_score = _score_of(old[key], matrix, kind)
        moves.append(Movement(risk.id, risk.title, before_score, after_score, _direction(before_score, after_score)))
    for key, risk in old.items():
        if key not in new:
            moves.append(Movement(risk.id, risk.title, _score_of(risk, matrix, kind), None, MovementDirection.CLOSED))
    return tuple(moves)


def assessment_movement(
    register: Register | Iterable[Risk],
    matrix: RiskMatrix,
    from_kind: AssessmentKind = AssessmentKind.CURRENT,
    to_kind: AssessmentKind = AssessmentKind.TARGET,
) -> tuple[Movement, ...]:
    """How far each risk moves between two kinds of assessment (by default, current to target)."""
    return tuple(
        Movement(
            risk.id,
            risk.title,
            before := _score_of(risk, matrix, from_kind),
            after := _score_of(risk, matrix, to_kind),
            _direction(before, after),
        )
        for _, risk in _register(register)
    )


def above_appetite(
    register: Register | Iterable[Risk],
    matrix: RiskMatrix,
    appetite: int | Mapping[str | None, int] | None = None,
    kind: AssessmentKind = AssessmentKind.CURRENT,
) -> tuple[ScoredRisk, ...]:
    """Risks whose score is above the appetite, highest first.

    Args:
        appetite: a score, or a score per risk category (the ``None`` key is the
            default for other categories); by default the matrix's ``appetite``.

    Raises:
        LevelError: no appetite given and the matrix has none, or a category with no appetite and no default.
    """
    limit = appetite if appetite is not None else matrix.appetite
    if limit is None:
        raise LevelError(f"matrix {matrix.name!r} has no appetite: pass appetite=")
    found = []
    for scored in _scored(register, matrix, kind):
        if isinstance(limit, Mapping):
            category = scored.risk.category
            if category in limit:
                threshold = limit[category]
            elif None in limit:
                threshold = limit[None]
            else:
                raise LevelError(f"no appetite for category {category!r} of risk {scored.risk.id!r} and no default")
        else:
            threshold = limit
        if scored.score > threshold:
            found.append(scored)
    return tuple(sorted(found, key=_rank))


def at_or_below_target(register: Register | Iterable[Risk], matrix: RiskMatrix) -> tuple[ScoredRisk, ...]:
    """Risks whose current score is already at or below their target score (both must be scored)."""
    found = []
    for scored in _scored(register, matrix, AssessmentKind.CURRENT):
        target = scored.risk.target
        target_score = matrix.score_assessment(target) if target is not None else None
        if target_score is not None and scored.score <= target_score:
            found.append(scored)
    return tuple(found)


def _rank(scored: ScoredRisk) -> tuple[int, int]:
    impact = scored.assessment.impact
    return (-scored.score, -(impact or 0))


def top_risks(
    register: Register | Iterable[Risk],
    matrix: RiskMatrix,
    n: int = 10,
    kind: AssessmentKind = AssessmentKind.CURRENT,
) -> tuple[ScoredRisk, ...]:
    """The ``n`` highest-scoring risks; ties go to the higher impact, then to register order.

    >>> import serviceplan
    >>> from serviceplan.risk.matrix import risk_matrix
    >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    >>> [(s.risk.id, s.score) for s in top_risks(plan, risk_matrix("5x5"), n=3)]
    [('D', 16), ('G', 12), ('H', 12)]
    """
    return tuple(sorted(_scored(register, matrix, kind), key=_rank)[:n])


# -- re-scoring --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LevelMapping:
    """How the levels of an old matrix map onto a new one: ``{old number: new number}`` for each scale."""

    likelihood: Mapping[int, int]
    impact: Mapping[int, int]

    def check(self, old: RiskMatrix, new: RiskMatrix) -> None:
        """Raise :class:`~serviceplan.errors.LevelError` unless every old level maps to a level of the new matrix."""
        for name, mapping, old_scale, new_scale in (
            ("likelihood", self.likelihood, old.likelihood, new.likelihood),
            ("impact", self.impact, old.impact, new.impact),
        ):
            missing = [lv.number for lv in old_scale if lv.number not in mapping]
            if missing:
                raise LevelError(f"the {name} mapping does not say where old levels {missing} go")
            for target in mapping.values():
                new_scale.level(target)


@attrs.frozen
class RescoreResult:
    """The re-scored plan, and the assessments that could not be mapped (scored without levels)."""

    plan: ServicePlan
    skipped: tuple[tuple[str, AssessmentKind], ...]


def rescore(plan: ServicePlan, old: RiskMatrix, new: RiskMatrix, mapping: LevelMapping) -> RescoreResult:
    """Re-score a register onto a new matrix, keeping the old assessments.

    Each assessment with levels gains a successor of the same kind on ``new``
    (levels mapped, score recomputed, ``matrix`` set to ``new.name``), listed
    after it so it becomes the latest; the old one stays, so nothing is lost.
    """
    mapping.check(old, new)
    skipped: list[tuple[str, AssessmentKind]] = []
    risks = []
    for risk in plan.risks:
        added = []
        for assessment in risk.assessments:
            if assessment.matrix not in (None, old.name):
                continue
            if assessment.likelihood is None or assessment.impact is None:
                skipped.append((risk.id, assessment.kind))
                continue
            lk = mapping.likelihood[old.likelihood.level(assessment.likelihood).number]
            im = mapping.impact[old.impact.level(assessment.impact).number]
            added.append(
                attrs.evolve(
                    assessment,
                    likelihood=lk,
                    impact=im,
                    score=new.score(lk, im),
                    matrix=new.name,
                    note=f"re-scored from {old.name} ({assessment.likelihood}×{assessment.impact})",
                )
            )
        risks.append(attrs.evolve(risk, assessments=(*risk.assessments, *added)))
    return RescoreResult(attrs.evolve(plan, risks=tuple(risks)), tuple(skipped))
