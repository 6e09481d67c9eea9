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
import math
import numbers
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from serviceplan import _hooks
from serviceplan._optional import require
from serviceplan.errors import LevelError, RiskInputError
from serviceplan.model import Assessment, PlanSet, Risk, ServicePlan
from serviceplan.risk.matrix import Band, RiskMatrix, Scale, ScoringRule
from serviceplan.values.vocab import AssessmentKind

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PRINTED_SCORE",
    "Appetite",
    "HeatMap",
    "LevelMapping",
    "Movement",
    "MovementDirection",
    "RescoreResult",
    "ScoreArrays",
    "ScoredRisk",
    "above_appetite",
    "assessment_change",
    "assessment_movement",
    "at_or_below_target",
    "bad_rows",
    "compare_assessments",
    "heat_map",
    "movement",
    "plan_lineage",
    "printed_mismatches",
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


def _shown(value: Any, *, quote: bool = True) -> str:
    """A cell as a message shows it: a whole float (pandas reads a column with blanks as float) without ".0"."""
    plain = _plain(value)
    if isinstance(plain, float) and plain.is_integer():
        return str(int(plain))
    return repr(plain) if quote and isinstance(plain, str) else str(plain)


def _printed_column(series: pd.Series) -> Any:
    """A printed-score column as kept beside the computed one: whole floats become nullable integers."""
    pd = require("pandas")

    if pd.api.types.is_float_dtype(series.dtype):
        values = series.dropna()
        if bool((values == values.round()).all()):
            return series.astype("Int64")
    return series


@attrs.frozen
class ScoreArrays:
    """Scores and bands of many rows: the result of :func:`score_array`.

    ``score`` is a masked int16 array (masked where likelihood or impact is
    missing and no printed score stands in); ``band`` is a masked int8 array of
    positions in ``band_names`` (masked where there is no band: also where a
    printed score alone falls in several bands and ``errors="coerce"``).
    """

    score: Any
    band: Any
    band_names: tuple[str, ...]

    def band_labels(self) -> Any:
        """Band names as an object array, ``None`` where missing."""
        np = _numpy()
        names = np.array([*self.band_names, None], dtype=object)
        return names[self.band.filled(-1)]


def _printed_raw(values: Any) -> tuple[Any, Any, Any]:
    """Printed scores as whole numbers (0 where missing or unreadable), the missing mask, the unreadable mask."""
    np = _numpy()
    array = values if isinstance(values, np.ndarray) else np.asarray(values)
    kind = array.dtype.kind
    if kind in "iu":
        return array.astype(np.int64), np.zeros(len(array), dtype=bool), np.zeros(len(array), dtype=bool)
    if kind == "f":
        missing = np.isnan(array)
        whole = np.where(missing, 0.0, array)
        unreadable = ~missing & ((whole != np.floor(whole)) | (np.abs(whole) > 2**31))
        return np.where(missing | unreadable, 0, whole).astype(np.int64), missing, unreadable
    objects = array.astype(object, copy=False)
    numbers_ = np.zeros(len(objects), dtype=np.int64)
    missing = np.zeros(len(objects), dtype=bool)
    unreadable = np.zeros(len(objects), dtype=bool)
    for n, value in enumerate(objects):
        number = _whole(value)
        if number is _MISSING:
            missing[n] = True
        elif number is None or abs(number) > 2**31:
            unreadable[n] = True
        else:
            numbers_[n] = number
    return numbers_, missing, unreadable


def _printed_scores(values: Any, matrix: RiskMatrix) -> tuple[Any, Any, Any]:
    """Printed scores as numbers (0 where missing or bad), the missing mask, and the bad mask.

    A printed score is bad when it is not a whole number or no cell of the matrix has it.
    """
    np = _numpy()
    numbers_, missing, unreadable = _printed_raw(values)
    table = matrix.score_table()
    off = (numbers_ < 0) | (numbers_ >= len(table))
    inside = np.where(off, 0, numbers_)
    bad = unreadable | (~missing & (off | (table.take(inside) == -1)))
    return np.where(bad | missing, 0, numbers_), missing, bad


_MISSING: Any = object()


def _whole(value: object) -> Any:
    """A printed score read as a whole number; ``_MISSING`` for a blank, ``None`` when unreadable."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _MISSING
    pd = require("pandas")
    if value is pd.NA or value is pd.NaT:
        return _MISSING
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            return _MISSING
        return int(stripped) if stripped.isdigit() else None
    return None


@attrs.frozen
class _Scored:
    scores: Any  #: int16 scores (meaningless where ``mask``)
    bands: Any  #: int8 band positions, -1 where missing
    mask: Any  #: where there is no score (or None)
    bad: Any  #: where a value names no level or a printed score no cell (or None)


def _score_core(
    likelihood: Any,
    impact: Any,
    matrix: RiskMatrix,
    errors: Literal["raise", "coerce"],
    names: tuple[str, str, str],
    *,
    printed: Any = None,
) -> _Scored:
    """The one vectorised rule: scores from levels; where both levels are missing, the printed score and its band."""
    np = _numpy()
    if len(likelihood) != len(impact):
        raise LevelError(f"{names[0]} has {len(likelihood)} values but {names[1]} has {len(impact)}")
    if printed is not None and len(printed) != len(likelihood):
        raise LevelError(f"{names[2]} has {len(printed)} values but {names[0]} has {len(likelihood)}")
    lk, lk_missing, lk_bad = _levels(likelihood, matrix.likelihood)
    im, im_missing, im_bad = _levels(impact, matrix.impact)
    if errors == "raise":
        if lk_bad is not None:
            _raise_bad(names[0], likelihood, lk_bad, matrix)
        if im_bad is not None:
            _raise_bad(names[1], impact, im_bad, matrix)
    if lk_missing is None and im_missing is None and lk_bad is None and im_bad is None:
        # every pair names two levels: no masks, and a printed score is never used
        thresholds = _thresholds(matrix)
        if thresholds is not None:
            scores, bands = _by_thresholds(lk, im, matrix.rule, thresholds)
        else:
            scores, bands = _gather(lk, im, matrix)
        return _Scored(scores, bands, None, None)
    scores, bands = _gather(lk, im, matrix)
    masks = [m for m in (lk_missing, im_missing, lk_bad, im_bad) if m is not None]
    bad_masks = [m for m in (lk_bad, im_bad) if m is not None]
    mask = np.logical_or.reduce(masks) if masks else None
    bad = np.logical_or.reduce(bad_masks) if bad_masks else None
    if printed is not None and lk_missing is not None and im_missing is not None:
        no_levels = lk_missing & im_missing
        if no_levels.any():
            numbers, p_missing, p_bad = _printed_scores(printed, matrix)
            use = no_levels & ~p_missing & ~p_bad
            p_band = matrix.score_table().take(numbers)
            unbanded = use & (p_band < 0)
            wrong = no_levels & p_bad
            if errors == "raise":
                if wrong.any():
                    _raise_bad(names[2], printed, wrong, matrix)
                if unbanded.any():
                    _raise_bad(f"{names[2]} (a score in several bands: give the levels)", printed, unbanded, matrix)
            scores = np.where(use, numbers, scores).astype(np.int16)
            bands = np.where(use, p_band, bands).astype(np.int8)
            mask = mask & ~use
            bad = wrong if bad is None else (bad | wrong)
            if not bad.any():
                bad = None
            bands = np.where(unbanded, -1, bands).astype(np.int8)
    if mask is not None:
        bands = np.where(mask, -1, bands).astype(np.int8)
        if not mask.any():
            mask = None
    return _Scored(scores, bands, mask, bad)


_CHUNK = 1 << 16  # pairs per step of the gather: its index temporaries stay in cache, never the size of the input


def _gather(lk: Any, im: Any, matrix: RiskMatrix) -> tuple[Any, Any]:
    """Score and band index of each pair from the matrix's cell tables, a chunk at a time.

    The flat cell index is computed in the platform's index type (int8 levels on
    an 11 × 11 matrix would overflow) but only a chunk at a time, so the inputs
    are never widened whole: memory is the two outputs and one chunk.
    """
    np = _numpy()
    scores_table, bands_table = matrix.tables()
    width = scores_table.shape[1]
    flat_scores, flat_bands = scores_table.ravel(), bands_table.ravel()
    n = len(lk)
    scores = np.empty(n, dtype=scores_table.dtype)
    bands = np.empty(n, dtype=bands_table.dtype)
    index = np.empty(min(n, _CHUNK), dtype=np.intp)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        step = index[: stop - start]
        step[...] = lk[start:stop]  # widened a chunk at a time: L·w + I overflows int8 on an 11 × 11 matrix
        step *= width
        step += im[start:stop]
        flat_scores.take(step, out=scores[start:stop])
        flat_bands.take(step, out=bands[start:stop])
    return scores, bands


def _thresholds(matrix: RiskMatrix) -> tuple[int, ...] | None:
    """The lowest score of each band above the first, where the bands are score ranges that the rule alone decides.

    ``None`` for a matrix with a band per cell, or bands that leave a score of
    some cell out: those are looked up cell by cell. Checked once per matrix
    against its own cell tables, so the fast rule agrees with the table on
    every cell.
    """
    cached = matrix._cache.get("thresholds", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    np = _numpy()
    found: tuple[int, ...] | None = None
    bands = matrix.bands
    if matrix.cells is None and all(b.min_score is not None for b in bands):
        cuts = tuple(int(b.min_score) for b in bands[1:])  # type: ignore[arg-type]
        scores_table, bands_table = matrix.tables()
        inner = (slice(1, None), slice(1, None))
        computed = np.zeros(scores_table[inner].shape, dtype=np.int8)
        for cut in cuts:
            computed += scores_table[inner] >= cut
        if list(cuts) == sorted(cuts) and np.array_equal(computed, bands_table[inner]):
            found = cuts
    matrix._cache["thresholds"] = found
    return found


def _by_thresholds(lk: Any, im: Any, rule: ScoringRule, cuts: tuple[int, ...]) -> tuple[Any, Any]:
    """Score by the rule's arithmetic and band by counting the thresholds passed: no table, no gather."""
    np = _numpy()
    combine = np.multiply if rule is ScoringRule.PRODUCT else np.add
    scores = combine(lk, im, dtype=np.int16, casting="unsafe")
    bands = np.zeros(len(scores), dtype=np.int8)
    for cut in cuts:
        bands += scores >= cut
    return scores, bands


def score_array(
    likelihood: Any,
    impact: Any,
    matrix: RiskMatrix,
    *,
    printed: Any = None,
    errors: Literal["raise", "coerce"] = "raise",
) -> ScoreArrays:
    """Score and band many likelihood/impact pairs at once: the same rule as ``matrix.score`` and ``matrix.band``.

    Row by row this is :meth:`RiskMatrix.score_assessment` and
    :meth:`RiskMatrix.band_assessment` (a property test holds the two equal).

    Args:
        likelihood: array-like of level numbers, codes or labels; NaN or None is missing.
        impact: the same, the same length.
        matrix: the matrix to score on.
        printed: optional array-like of printed scores (old registers print a
            score alone): where likelihood and impact are both missing, the
            printed score is the score and its band the band. Where levels are
            given, the score is computed from them, whatever is printed.
        errors: ``"raise"`` (default) raises for any bad value; ``"coerce"`` treats it as missing.

    Raises:
        RiskInputError: values that name no level (out of range, non-integer, unknown label),
            or printed scores (standing alone) that no cell of the matrix has or whose cells
            fall in different bands, with how many and the first few row positions and values.
        LevelError: arrays of different lengths.

    >>> import numpy as np
    >>> from serviceplan.risk.matrix import risk_matrix
    >>> result = score_array(np.array([4, 2, 5]), np.array([4, 1, 5]), risk_matrix("5x5"))
    >>> result.score.tolist(), result.band_labels().tolist()
    ([16, 2, 25], ['High', 'Low', 'High'])
    >>> score_array([4.0, float("nan")], ["Major", "Minor"], risk_matrix("5x5")).score.tolist()
    [16, None]
    >>> score_array([None, 4], [None, 4], risk_matrix("5x5"), printed=[16, 15]).score.tolist()
    [16, 16]
    """
    np = _numpy()
    core = _score_core(likelihood, impact, matrix, errors, ("likelihood", "impact", "printed"), printed=printed)
    mask = np.ma.nomask if core.mask is None else core.mask
    band_mask = core.bands < 0
    return ScoreArrays(
        np.ma.masked_array(core.scores, mask=mask),
        np.ma.masked_array(core.bands, mask=band_mask if band_mask.any() else np.ma.nomask),
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


PRINTED_SCORE = "printed_score"
"""The column :func:`score_frame` keeps a frame's printed scores in when it writes its own ``score`` over them."""


def score_frame(
    frame: pd.DataFrame,
    matrix: RiskMatrix,
    *,
    likelihood: str = "likelihood",
    impact: str = "impact",
    score: str = "score",
    band: str = "band",
    printed: str | None = "score",
    errors: Literal["raise", "coerce"] = "raise",
) -> pd.DataFrame:
    """A copy of ``frame`` with ``score`` (nullable Int16) and ``band`` (ordered categorical) columns.

    Missing likelihood or impact gives a missing score and band, unless the
    frame has a ``printed`` column (by default ``score``, as in
    ``to_frames(plan)["risks_assessments"]``): a row with no levels then keeps
    its printed score, banded by the score alone, as
    :meth:`RiskMatrix.score_assessment` does for one assessment. Where levels
    are given the score is computed from them; when the printed column is the
    ``score`` column being written, the printed scores are kept as written in
    a ``printed_score`` column (:data:`PRINTED_SCORE`), so a disagreement is
    never lost. Runs unchanged on each partition of a Dask DataFrame
    (``ddf.map_partitions(score_frame, matrix)``).

    Raises:
        RiskInputError: as :func:`score_array`, naming the column and the row positions.
        LevelError: the frame has no such column (named in the message).

    >>> import pandas as pd
    >>> from serviceplan.risk.matrix import risk_matrix
    >>> register = pd.DataFrame({"likelihood": [4, 2, None], "impact": ["Major", "Minor", "Moderate"]})
    >>> scored = score_frame(register, risk_matrix("5x5"))
    >>> scored["score"].tolist(), scored["band"].tolist()
    ([16, 4, <NA>], ['High', 'Low', nan])
    >>> printed = pd.DataFrame({"likelihood": [None, 4], "impact": [None, 4], "score": [16, 15]})
    >>> scored = score_frame(printed, risk_matrix("5x5"))
    >>> scored["score"].tolist(), scored["printed_score"].tolist(), scored["band"].tolist()
    ([16, 16], [16, 15], ['High', 'High'])
    """
    np = _numpy()
    pd = require("pandas")

    for column in (likelihood, impact):
        if column not in frame.columns:
            raise LevelError(f"the frame has no {column!r} column (columns: {', '.join(map(str, frame.columns))})")
    lk_values = _column_values(frame[likelihood])
    im_values = _column_values(frame[impact])
    has_printed = printed is not None and printed in frame.columns
    printed_values = _column_values(frame[printed]) if has_printed else None
    core = _score_core(
        lk_values, im_values, matrix, errors, (likelihood, impact, printed or "score"), printed=printed_values
    )
    mask = core.mask if core.mask is not None else np.zeros(len(core.scores), dtype=bool)
    score_column = pd.arrays.IntegerArray(core.scores.astype(np.int16, copy=False), mask)
    band_column = pd.Categorical.from_codes(core.bands, dtype=_band_dtype(matrix))
    added: dict[str, Any] = {}
    if has_printed and printed == score:
        added[PRINTED_SCORE] = _printed_column(frame[score])
    added[score] = score_column
    added[band] = pd.Series(band_column, index=frame.index)
    return frame.assign(**added)


def _band_dtype(matrix: RiskMatrix) -> Any:
    pd = require("pandas")

    cached = matrix._cache.get("band_dtype")
    if cached is None:
        cached = pd.CategoricalDtype(list(matrix.band_names), ordered=True)
        matrix._cache["band_dtype"] = cached
    return cached


def bad_rows(
    frame: pd.DataFrame,
    matrix: RiskMatrix,
    *,
    likelihood: str = "likelihood",
    impact: str = "impact",
    printed: str | None = "score",
) -> list[tuple[int, str]]:
    """Row positions that cannot be scored, with the reason (for command lines and reports).

    A likelihood or impact that names no level; or, in a row with neither, a
    printed score (the ``printed`` column, when the frame has it) that no cell
    of the matrix has or whose cells fall in different bands.
    """
    np = _numpy()
    found: list[tuple[int, str]] = []
    missing: dict[str, Any] = {}
    for column, scale in ((likelihood, matrix.likelihood), (impact, matrix.impact)):
        values = _column_values(frame[column])
        _, gaps, bad = _levels(values, scale)
        missing[column] = gaps if gaps is not None else np.zeros(len(values), dtype=bool)
        if bad is not None:
            for row in np.flatnonzero(bad):
                found.append((int(row), f"{column} {_plain(values[row])!r} names no level of matrix {matrix.name!r}"))
    if printed is not None and printed in frame.columns:
        values = _column_values(frame[printed])
        numbers_, _, bad = _printed_scores(values, matrix)
        no_levels = missing[likelihood] & missing[impact]
        unbanded = ~bad & (matrix.score_table().take(numbers_) == -2)
        for row in np.flatnonzero(no_levels & bad):
            found.append((int(row), f"{printed} {_shown(values[row])} is not a score of matrix {matrix.name!r}"))
        for row in np.flatnonzero(no_levels & unbanded):
            found.append(
                (
                    int(row),
                    f"{printed} {_shown(values[row])} falls in several bands of matrix {matrix.name!r}: "
                    "give the levels",
                )
            )
    return sorted(found)


def printed_mismatches(
    frame: pd.DataFrame,
    matrix: RiskMatrix,
    *,
    likelihood: str = "likelihood",
    impact: str = "impact",
    printed: str = "score",
) -> list[tuple[int, str]]:
    """Row positions whose printed score disagrees with their levels on the matrix, with the reason.

    These rows score (from their levels); the list says where the document
    and the matrix disagree. Rows with bad levels are :func:`bad_rows`' business.
    """
    np = _numpy()
    if printed not in frame.columns:
        return []
    core = _score_core(
        _column_values(frame[likelihood]),
        _column_values(frame[impact]),
        matrix,
        "coerce",
        (likelihood, impact, printed),
    )
    values = _column_values(frame[printed])
    numbers_, p_missing, unreadable = _printed_raw(values)
    scored = np.ones(len(numbers_), dtype=bool) if core.mask is None else ~core.mask
    differs = scored & ~p_missing & (unreadable | (numbers_ != core.scores))
    sign = "+" if matrix.rule.value == "sum" else "×"
    lk_values, im_values = _column_values(frame[likelihood]), _column_values(frame[impact])
    return [
        (
            int(row),
            f"printed {printed} {_shown(values[row])} is not {_shown(lk_values[row], quote=False)} {sign} "
            f"{_shown(im_values[row], quote=False)} = {int(core.scores[row])} on matrix {matrix.name!r}",
        )
        for row in np.flatnonzero(differs)
    ]


# -- register analytics ----------------------------------------------------------------------


def _register(register: Register | Iterable[Risk]) -> Iterator[tuple[str | None, Risk]]:
    if isinstance(register, ServicePlan):
        yield from ((register.id, r) for r in register.risks)
    elif isinstance(register, PlanSet):
        for plan in register.plans:
            yield from ((plan.id, r) for r in plan.risks)
    else:
        yield from ((None, r) for r in register)


def _where(plan_id: str | None, risk: Risk) -> str:
    return f"risk {risk.id!r}" + (f" of plan {plan_id!r}" if plan_id else "")


def _on_matrix(plan_id: str | None, risk: Risk, work: Any) -> Any:
    """Run ``work()``; a LevelError names the risk (and plan) it came from."""
    try:
        return work()
    except LevelError as err:
        raise LevelError(f"{_where(plan_id, risk)}: {err}") from err


@attrs.frozen
class ScoredRisk:
    """A risk with its score and band on a matrix (``plan`` is the plan id for registers of several plans).

    ``score`` is computed from the levels where the assessment has them;
    :attr:`printed` is the score as the document prints it, kept beside it.
    """

    plan: str | None
    risk: Risk
    assessment: Assessment
    score: int
    band: Band

    @property
    def printed(self) -> int | None:
        """The score as printed in the register (``None`` when it printed none)."""
        return self.assessment.score

    @property
    def printed_agrees(self) -> bool:
        """Whether the printed score, if any, is the score the matrix gives."""
        return self.assessment.score is None or self.assessment.score == self.score


def _scored(register: Register | Iterable[Risk], matrix: RiskMatrix, kind: AssessmentKind) -> list[ScoredRisk]:
    found = []
    for plan_id, risk in _register(register):
        assessment = risk.assessment(kind)
        if assessment is None:
            continue
        score = _on_matrix(plan_id, risk, lambda a=assessment: matrix.score_assessment(a))
        band = _on_matrix(plan_id, risk, lambda a=assessment: matrix.band_assessment(a))
        if score is not None and band is not None:
            found.append(ScoredRisk(plan_id, risk, assessment, score, band))
    return found


@attrs.frozen
class HeatMap:
    """How many risks sit in each likelihood × impact cell of a matrix, and in each band.

    ``counts[l - 1][i - 1]`` counts risks at likelihood ``l`` and impact ``i``.
    Risks scored with a score alone cannot be placed in a cell: they are listed
    in ``unplaced``, and still counted in their score's band (``unplaced_bands``,
    one band name per unplaced risk); risks with no assessment of the kind are
    in ``not_scored``.
    """

    matrix: RiskMatrix
    kind: AssessmentKind
    counts: tuple[tuple[int, ...], ...]
    unplaced: tuple[str, ...]
    not_scored: tuple[str, ...]
    unplaced_bands: tuple[str, ...] = ()
    cells: tuple[tuple[tuple[str, ...], ...], ...] = ()
    """``cells[l - 1][i - 1]``: the ids of the risks counted at likelihood ``l`` and impact ``i``, in register order."""

    @property
    def total(self) -> int:
        """Risks placed on the map."""
        return sum(map(sum, self.counts))

    def by_band(self) -> dict[str, int]:
        """Scored risks per band, lowest band first: those placed in a cell and those scored by a score alone."""
        totals = dict.fromkeys(self.matrix.band_names, 0)
        for lk in self.matrix.likelihood:
            for im in self.matrix.impact:
                totals[self.matrix.band(lk.number, im.number).name] += self.counts[lk.number - 1][im.number - 1]
        for name in self.unplaced_bands:
            totals[name] += 1
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
    """Count the register's risks per likelihood × impact cell, and per band, for one kind of assessment.

    Raises:
        LevelError: an assessment the matrix cannot score (levels outside it; a
            score alone that no cell has, or whose cells fall in different
            bands), naming the risk.

    >>> from serviceplan import Risk, Assessment
    >>> from serviceplan.values import AssessmentKind
    >>> from serviceplan.risk.matrix import risk_matrix
    >>> risks = [Risk(id="A", title="a", assessments=[Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4)]),
    ...          Risk(id="D", title="d", assessments=[Assessment(kind=AssessmentKind.CURRENT, score=16)])]
    >>> hm = heat_map(risks, risk_matrix("5x5"))
    >>> hm.counts[3][3], hm.cells[3][3], hm.unplaced, hm.total, hm.by_band()
    (1, ('A',), ('D',), 1, {'Low': 0, 'Medium': 0, 'High': 2})
    """
    counts = [[0] * len(matrix.impact) for _ in matrix.likelihood]
    cells: list[list[list[str]]] = [[[] for _ in matrix.impact] for _ in matrix.likelihood]
    unplaced: list[str] = []
    unplaced_bands: list[str] = []
    not_scored: list[str] = []
    for plan_id, risk in _register(register):
        assessment = risk.assessment(kind)
        if assessment is None:
            not_scored.append(risk.id)
            continue
        band = _on_matrix(plan_id, risk, lambda a=assessment: matrix.band_assessment(a))
        if assessment.likelihood is None or assessment.impact is None:
            unplaced.append(risk.id)
            unplaced_bands.append(band.name)
        else:
            lk = matrix.likelihood.level(assessment.likelihood).number
            im = matrix.impact.level(assessment.impact).number
            counts[lk - 1][im - 1] += 1
            cells[lk - 1][im - 1].append(risk.id)
    return HeatMap(
        matrix,
        kind,
        tuple(map(tuple, counts)),
        tuple(unplaced),
        tuple(not_scored),
        tuple(unplaced_bands),
        tuple(tuple(tuple(ids) for ids in row) for row in cells),
    )


class MovementDirection(enum.StrEnum):
    """How a risk moved between two assessments or two versions of a register."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"  #: in the later register only
    CLOSED = "closed"  #: in the earlier register only
    NOT_SCORED = "not_scored"  #: in both, but unscored in one


@attrs.frozen
class Movement:
    """One risk's movement: the scores and bands before and after, and the direction.

    ``plan`` is the plan id (the later plan's, else the earlier's) when the
    registers compared are sets of plans.
    """

    risk_id: str
    title: str
    before: int | None
    after: int | None
    direction: MovementDirection
    before_band: str | None = None
    after_band: str | None = None
    plan: str | None = None
    commentary: str | None = None  #: the later assessment's commentary: why it moved


def _severity(plan_id: str | None, risk: Risk, assessment: Assessment | None, matrix: RiskMatrix) -> Any:
    if assessment is None:
        return None
    return _on_matrix(plan_id, risk, lambda: matrix.severity(assessment))


def _direction(before: tuple[int, int] | None, after: tuple[int, int] | None) -> MovementDirection:
    if before is None or after is None:
        return MovementDirection.NOT_SCORED
    if after > before:
        return MovementDirection.UP
    if after < before:
        return MovementDirection.DOWN
    return MovementDirection.SAME


def compare_assessments(before: Assessment | None, after: Assessment | None, matrix: RiskMatrix) -> MovementDirection:
    """Which way a risk moved from one assessment to another on a matrix: up, down, same or not scored.

    The band decides (a move into a higher band is up, whatever the scores),
    then the score within a band (:meth:`RiskMatrix.severity`). On a matrix
    with a band per cell, (1, 5) in High to (3, 2) in Moderate is down,
    though 5 < 6.

    Raises:
        LevelError: an assessment the matrix cannot score.
    """
    return _direction(
        matrix.severity(before) if before is not None else None,
        matrix.severity(after) if after is not None else None,
    )


def assessment_change(
    risk: Risk, before: Assessment | None, after: Assessment | None, matrix: RiskMatrix, *, plan: str | None = None
) -> Movement:
    """The :class:`Movement` of one risk from one assessment to another (see :func:`compare_assessments`).

    Raises:
        LevelError: an assessment the matrix cannot score, naming the risk.
    """
    return _move(plan, risk, before, after, matrix)


def _move(
    plan_id: str | None,
    risk: Risk,
    before: Assessment | None,
    after: Assessment | None,
    matrix: RiskMatrix,
    *,
    direction: MovementDirection | None = None,
) -> Movement:
    old, new = _severity(plan_id, risk, before, matrix), _severity(plan_id, risk, after, matrix)
    return Movement(
        risk.id,
        risk.title,
        old[1] if old is not None else None,
        new[1] if new is not None else None,
        direction or _direction(old, new),
        matrix.bands[old[0]].name if old is not None else None,
        matrix.bands[new[0]].name if new is not None else None,
        plan_id,
        after.commentary if after is not None else None,
    )


_YEARS = re.compile(r"(?:[-_ ./]?(?:19|20)\d{2}(?:[-_/](?:(?:19|20)?\d{2}))?)+|-next$")


def plan_lineage(plan: ServicePlan) -> str:
    """What makes two plans the same department's plan across years: its unit, else its id without the years.

    ``carry_forward`` keeps the unit and adds "-next" to the id; councils
    write the years into ids (``salford-2009-12``, ``css-2010-11``).

    >>> from serviceplan import ServicePlan
    >>> plan_lineage(ServicePlan(id="salford-2009-12", title="t"))
    'salford'
    >>> plan_lineage(ServicePlan(id="css-2010-11-next", title="t"))
    'css'
    >>> plan_lineage(ServicePlan(id="css-2010-11", title="t", unit="css"))
    'unit:css'

    """
    if plan.unit:
        return f"unit:{plan.unit}"
    stripped = _YEARS.sub("", plan.id)
    return stripped or plan.id


def _keyed(register: Register | Iterable[Risk]) -> dict[tuple[str | None, str], tuple[str | None, Risk]]:
    """Risks by (plan lineage, risk id) for a set of plans; by (None, risk id) for one plan's register."""
    if not isinstance(register, PlanSet):
        return {(None, r.id): (plan_id, r) for plan_id, r in _register(register)}
    lineages = [plan_lineage(p) for p in register.plans]
    found: dict[tuple[str | None, str], tuple[str | None, Risk]] = {}
    for plan, lineage in zip(register.plans, lineages, strict=True):
        key = lineage if lineages.count(lineage) == 1 else f"id:{plan.id}"
        for risk in plan.risks:
            found[(key, risk.id)] = (plan.id, risk)
    return found


def movement(
    before: Register | Iterable[Risk],
    after: Register | Iterable[Risk],
    matrix: RiskMatrix,
    kind: AssessmentKind = AssessmentKind.CURRENT,
) -> tuple[Movement, ...]:
    """How each risk moved between two versions of a register (last year's plan and this year's).

    Risks are matched by risk id: between two plans, whatever the plans' ids
    (next year's plan has a new id; its risk "D" is still risk "D"). Between
    two sets of plans, a plan is matched with the same department's plan of
    the other set by :func:`plan_lineage` (its unit, else its id without the
    years), falling back to the plan id where that is ambiguous. Risks only in
    ``after`` are new, only in ``before`` closed. Direction: see
    :func:`compare_assessments`. Order: the later register's, then the closed ones.

    Raises:
        LevelError: an assessment the matrix cannot score, naming the risk.
    """
    old = _keyed(before)
    new = _keyed(after)
    moves: list[Movement] = []
    for key, (plan_id, risk) in new.items():
        if key not in old:
            moves.append(_move(plan_id, risk, None, risk.assessment(kind), matrix, direction=MovementDirection.NEW))
            continue
        _, earlier = old[key]
        moves.append(_move(plan_id, risk, earlier.assessment(kind), risk.assessment(kind), matrix))
    for key, (plan_id, risk) in old.items():
        if key not in new:
            moves.append(_move(plan_id, risk, risk.assessment(kind), None, matrix, direction=MovementDirection.CLOSED))
    return tuple(moves)


def assessment_movement(
    register: Register | Iterable[Risk],
    matrix: RiskMatrix,
    from_kind: AssessmentKind = AssessmentKind.CURRENT,
    to_kind: AssessmentKind = AssessmentKind.TARGET,
) -> tuple[Movement, ...]:
    """How far each risk moves between two kinds of assessment (by default, current to target)."""
    return tuple(
        _move(plan_id, risk, risk.assessment(from_kind), risk.assessment(to_kind), matrix)
        for plan_id, risk in _register(register)
    )


Appetite = int | str
"""A risk appetite: the highest score accepted, or the name of the highest band accepted."""


def above_appetite(
    register: Register | Iterable[Risk],
    matrix: RiskMatrix,
    appetite: Appetite | Mapping[str | None, Appetite] | None = None,
    kind: AssessmentKind = AssessmentKind.CURRENT,
) -> tuple[ScoredRisk, ...]:
    """Risks more severe than the appetite, most severe first (see :func:`top_risks` for the order).

    Args:
        appetite: a whole-number score (the highest accepted), a band name (the
            highest band accepted), or either per risk category (the ``None``
            key is the default for other categories); by default the matrix's
            ``appetite``. On a matrix with a band per cell only band names make
            sense, and a score is refused (:meth:`RiskMatrix.appetite_of`).

    Raises:
        LevelError: no appetite given and the matrix has none; a category with
            no appetite and no default; an appetite that is neither a whole
            number nor a band name of the matrix (``4.5``, ``"Hihg"``).
    """
    limit = appetite if appetite is not None else matrix.appetite
    if limit is None:
        raise LevelError(f"matrix {matrix.name!r} has no appetite: pass appetite=")
    if isinstance(limit, Mapping):
        limits = {category: matrix.appetite_of(value) for category, value in limit.items()}
    else:
        single = matrix.appetite_of(limit)
    found = []
    for scored in _scored(register, matrix, kind):
        if isinstance(limit, Mapping):
            category = scored.risk.category
            if category in limits:
                threshold = limits[category]
            elif None in limits:
                threshold = limits[None]
            else:
                raise LevelError(f"no appetite for category {category!r} of risk {scored.risk.id!r} and no default")
        else:
            threshold = single
        if (matrix.band_position(scored.band), scored.score) > threshold:
            found.append(scored)
    return tuple(sorted(found, key=lambda s: _rank(s, matrix)))


def at_or_below_target(register: Register | Iterable[Risk], matrix: RiskMatrix) -> tuple[ScoredRisk, ...]:
    """Risks whose current assessment is already at or below their target (both must be scored).

    "At or below" is in the order of :meth:`RiskMatrix.severity`: band, then score.
    """
    found = []
    for scored in _scored(register, matrix, AssessmentKind.CURRENT):
        target = _severity(scored.plan, scored.risk, scored.risk.target, matrix)
        if target is not None and (matrix.band_position(scored.band), scored.score) <= target:
            found.append(scored)
    return tuple(found)


def _rank(scored: ScoredRisk, matrix: RiskMatrix) -> tuple[int, int, int]:
    impact = scored.assessment.impact
    return (-matrix.band_position(scored.band), -scored.score, -(impact or 0))


def top_risks(
    register: Register | Iterable[Risk],
    matrix: RiskMatrix,
    n: int = 10,
    kind: AssessmentKind = AssessmentKind.CURRENT,
) -> tuple[ScoredRisk, ...]:
    """The ``n`` most severe risks: highest band first, then highest score, then higher impact, then register order.

    On a score-range matrix that is score order; on a matrix with a band per
    cell the band decides (:meth:`RiskMatrix.severity`).

    Raises:
        LevelError: an assessment the matrix cannot score, naming the risk.

    >>> import serviceplan
    >>> from serviceplan.risk.matrix import risk_matrix
    >>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    >>> [(s.risk.id, s.score) for s in top_risks(plan, risk_matrix("5x5"), n=3)]
    [('D', 16), ('G', 12), ('H', 12)]
    """
    return tuple(sorted(_scored(register, matrix, kind), key=lambda s: _rank(s, matrix))[:n])


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
